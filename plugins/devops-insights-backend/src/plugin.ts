import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { devopsInsightsPermissions } from '@devops-insights/backstage-plugin-common';
import {
  DevopsInsightsSource,
  devopsInsightsSourcesExtensionPoint,
  GOAL_NUDGES_TASK_ID,
} from '@devops-insights/backstage-plugin-node';
import { readSettings } from './config';
import { notificationService } from '@backstage/plugin-notifications-node';
import { GoalNudger } from './service/GoalNudger';
import {
  digestNotificationOf,
  notificationOf,
} from './service/goalNotifications';
import { digestRecipients } from './service/goalSources';
import { readOrgView } from './service/OrgView';
import {
  DatabaseEventStore,
  migrateDatabase,
} from './database/DatabaseEventStore';
import { DeploymentChangesRepair } from './database/DeploymentChangesRepair';
import { RetentionCleaner } from './database/RetentionCleaner';
import { SourceStateStore } from './database/SourceStateStore';
import { ToilReportStore } from './database/ToilReportStore';
import { CachedCatalog } from './service/CachedCatalog';
import { IngestService } from './service/IngestService';
import { EntityFactsCache, factsDerivation } from './service/EntityFactsCache';
import { FactsRefresher } from './service/FactsRefresher';
import { ListStore } from './database/ListStore';
import { RollupAnswerStore } from './database/RollupAnswerStore';
import { SharedFactsStore } from './database/SharedFactsStore';
import { MetricsService } from './service/MetricsService';
import { RollupService } from './service/RollupService';
import { BreakdownService } from './service/BreakdownService';
import { CoverageStore } from './database/CoverageStore';
import { createRouter } from './service/router';
import { ScopeResolver } from './service/ScopeResolver';
import { SourceRunner } from './service/SourceRunner';
import { ToilReportService } from './service/ToilReportService';
import { InsightsTelemetry } from './service/telemetry';
import { CustomWebhooks } from './webhooks/CustomWebhooks';
import { createCustomWebhookRouter } from './webhooks/router';
import { WebhookStatusStore } from './webhooks/WebhookStatusStore';

/**
 * DevOps Insights backend plugin: the events API, storage, and the DORA
 * metrics of catalog entities.
 * @public
 */
export const devopsInsightsPlugin = createBackendPlugin({
  pluginId: 'devops-insights',
  register(env) {
    const sources: DevopsInsightsSource[] = [];
    env.registerExtensionPoint(devopsInsightsSourcesExtensionPoint, {
      addSource(source) {
        if (sources.some(s => s.id === source.id)) {
          throw new Error(
            `DevOps Insights source '${source.id}' was added twice`,
          );
        }
        sources.push(source);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.rootLifecycle,
        catalog: catalogServiceRef,
        // Backstage's OpenTelemetry meter for this plugin, as the catalog and
        // the scheduler take theirs.
        meter: metricsServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const settings = readSettings(deps.config);
        deps.permissionsRegistry.addPermissions(devopsInsightsPermissions);

        const telemetry = new InsightsTelemetry(deps.meter);
        const knex = await migrateDatabase(deps.database);
        const catalog = new CachedCatalog(deps.catalog);
        const store = new DatabaseEventStore(knex);
        const sharedFacts = new SharedFactsStore(
          knex,
          factsDerivation(settings.dora, settings.toil),
        );
        const facts = new EntityFactsCache({
          store,
          dora: settings.dora,
          toil: settings.toil,
          maxBytes: settings.factsCacheBytes,
          shared: sharedFacts,
          logger: deps.logger,
        });
        telemetry.observeFactsCache(facts);
        const refresher = new FactsRefresher(
          refs => facts.factsOf(refs),
          deps.logger,
        );
        const sourceState = new SourceStateStore(knex);
        const ingest = new IngestService({
          store,
          catalog,
          auth: deps.auth,
          logger: deps.logger,
          productionEnvironments: settings.productionEnvironments,
          telemetry,
          // Derive the changed entities' facts now rather than in the next
          // request that reads them.
          onStored: refs => refresher.changed(refs),
        });
        const scopes = new ScopeResolver(catalog);
        const metrics = new MetricsService({
          store,
          lists: new ListStore(knex),
          facts,
          catalog,
          scopes,
          dora: settings.dora,
          toil: settings.toil,
          defaultTimeZone: settings.defaultTimeZone,
          goals: settings.goals.defaults,
        });
        const rollups = new RollupService({
          store,
          facts,
          catalog,
          dora: settings.dora,
          toil: settings.toil,
          defaultTimeZone: settings.defaultTimeZone,
          goals: settings.goals.defaults,
          shared: new RollupAnswerStore(knex),
        });
        const sourceRunner = new SourceRunner({
          sources,
          sink: ingest,
          state: sourceState,
          logger: deps.logger,
          scheduler: deps.scheduler,
          lifecycle: deps.lifecycle,
          telemetry,
        });

        // Webhook senders (GitHub, GitLab, PagerDuty) hold no Backstage
        // token; each source's handler verifies the signature itself.
        deps.httpRouter.addAuthPolicy({
          path: '/v1/webhooks',
          allow: 'unauthenticated',
        });

        deps.httpRouter.use(
          await createRouter({
            auditor: deps.auditor,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            logger: deps.logger,
            telemetry,
            ingest,
            metrics,
            rollups,
            breakdowns: new BreakdownService({
              store,
              facts,
              coverage: new CoverageStore(knex),
              catalog,
              scopes,
              dora: settings.dora,
              toil: settings.toil,
              defaultTimeZone: settings.defaultTimeZone,
            }),
            sources: sourceRunner,
            sourceState,
            toilReports: new ToilReportService({
              scopes,
              store: new ToilReportStore(knex),
              ingest,
              permissions: deps.permissions,
              hoursPerWeek: settings.toil.hoursPerWeek,
            }),
          }),
        );

        // devopsInsights.webhooks: one that fails to load is disabled alone.
        deps.httpRouter.use(
          await createCustomWebhookRouter({
            webhooks: await CustomWebhooks.create({
              config: deps.config,
              sink: ingest,
              state: sourceState,
              status: new WebhookStatusStore(knex),
              logger: deps.logger,
            }),
            auditor: deps.auditor,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
          }),
        );

        await sourceRunner.start();
        // Weekly goal nudges and digests to the teams, through Backstage
        // notifications.
        const nudger = new GoalNudger({
          knex,
          rollup: async window =>
            (
              await rollups.rollup(
                undefined,
                window,
                await deps.auth.getOwnServiceCredentials(),
              )
            ).response,
          send: nudge => deps.notifications.send(notificationOf(nudge)),
          digests: {
            recipients: async () => {
              const view = await readOrgView(
                catalog,
                await deps.auth.getOwnServiceCredentials(),
              );
              const { groups, problems } = digestRecipients(
                view,
                settings.goals.digestForAll,
              );
              for (const { ref, message } of problems) {
                deps.logger.warn(`Goal digest of ${ref}: ${message}`);
              }
              return groups;
            },
            toilSignals: async (groupRef, window) =>
              (
                await metrics.toil(
                  groupRef,
                  window,
                  await deps.auth.getOwnServiceCredentials(),
                )
              ).signals,
            send: digest =>
              deps.notifications.send(digestNotificationOf(digest)),
          },
        });
        await deps.scheduler.scheduleTask({
          id: GOAL_NUDGES_TASK_ID,
          ...settings.goals.schedule,
          fn: async () => {
            const { nudges, digests } = await nudger.run();
            if (nudges.length || digests.length) {
              deps.logger.info(
                `Sent ${nudges.length} goal nudges and ${digests.length} goal digests`,
              );
            }
          },
        });
        await new RetentionCleaner({
          knex,
          logger: deps.logger,
          retention: settings.retention,
        }).schedule(deps.scheduler);
        await sharedFacts.schedule(deps.scheduler, deps.logger);
        // Change rows a previous release's replica left out during a rolling
        // upgrade; scheduled only within a day of the migration.
        await new DeploymentChangesRepair({
          knex,
          logger: deps.logger,
        }).schedule(deps.scheduler);
        // After a restart, read (or derive) facts in the background up to the
        // memory budget, so the first team page or rollup does not wait.
        deps.lifecycle.addStartupHook(() => {
          store
            .entityRefs()
            .then(refs => facts.warm(refs))
            .catch(error =>
              deps.logger.warn(`Could not derive metric facts: ${error}`),
            );
        });
        deps.lifecycle.addShutdownHook(() => facts.flush());
      },
    });
  },
});

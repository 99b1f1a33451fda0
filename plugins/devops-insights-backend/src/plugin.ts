import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { devopsInsightsPermissions } from '@devops-insights/backstage-plugin-common';
import {
  DevopsInsightsSource,
  devopsInsightsSourcesExtensionPoint,
} from '@devops-insights/backstage-plugin-node';
import { readSettings } from './config';
import { DatabaseEventStore } from './database/DatabaseEventStore';
import { IngestService } from './service/IngestService';
import { MetricsService } from './service/MetricsService';
import { createRouter } from './service/router';
import { ScopeResolver } from './service/ScopeResolver';
import { SourceRunner } from './service/SourceRunner';

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
          throw new Error(`DevOps Insights source '${source.id}' was added twice`);
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
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.rootLifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const settings = readSettings(deps.config);
        deps.permissionsRegistry.addPermissions(devopsInsightsPermissions);

        const store = await DatabaseEventStore.create({ database: deps.database });
        const ingest = new IngestService({
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          logger: deps.logger,
          productionEnvironments: settings.productionEnvironments,
        });
        const metrics = new MetricsService({
          store,
          catalog: deps.catalog,
          scopes: new ScopeResolver(deps.catalog),
          dora: settings.dora,
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            logger: deps.logger,
            ingest,
            metrics,
          }),
        );

        await new SourceRunner({
          sources,
          sink: ingest,
          logger: deps.logger,
          scheduler: deps.scheduler,
          lifecycle: deps.lifecycle,
        }).start();
      },
    });
  },
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { MAX_EVENTS_PER_REQUEST } from '@devops-insights/backstage-plugin-common';
import {
  DevopsInsightsSource,
  devopsInsightsSourcesExtensionPoint,
} from '@devops-insights/backstage-plugin-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { DEMO_SOURCE_ID, generateDemoEvents, startOfUtcDay } from './generate';
import { evaluateGoalsAtStart } from './goalsAtStart';

/** Largest batch handed to the sink; the events API's own limit. */
export const DEMO_BATCH_SIZE = MAX_EVENTS_PER_REQUEST;

/**
 * The demo source: generates the data set ending at `anchor` (or at the start
 * of the current UTC day) and ingests it in batches.
 * @public
 */
export function createDemoSource(options: {
  anchor?: number;
  now?: () => number;
}): DevopsInsightsSource {
  const now = options.now ?? Date.now;
  return {
    id: DEMO_SOURCE_ID,
    async sync({ sink, logger, status, signal }) {
      const anchor = options.anchor ?? startOfUtcDay(now());
      const events = generateDemoEvents({ anchor });
      const totals = { created: 0, updated: 0, unchanged: 0 };
      const unknown = new Set<string>();
      for (let i = 0; i < events.length; i += DEMO_BATCH_SIZE) {
        signal?.throwIfAborted();
        const result = await sink.ingest(events.slice(i, i + DEMO_BATCH_SIZE));
        totals.created += result.created;
        totals.updated += result.updated;
        totals.unchanged += result.unchanged;
        result.unknownEntityRefs.forEach(ref => unknown.add(ref));
      }
      await status.success('demo organisation', {
        rowsIngested: events.length,
      });
      logger.info(
        `Demo data up to ${new Date(anchor).toISOString()}: ${
          events.length
        } events (${totals.created} created, ${totals.updated} updated, ${
          totals.unchanged
        } unchanged)`,
      );
      if (unknown.size) {
        // The demo runs right after start-up, usually before the catalog has
        // read its files: the rows are stored either way and the tabs show
        // them once the catalog catches up.
        logger.warn(
          `Demo events name ${unknown.size} entities the catalog does not know yet ` +
            `(${[...unknown]
              .sort()
              .join(', ')}); they are stored and appear once the ` +
            'catalog has them. If they never do, add the demo catalog files to ' +
            'catalog.locations (see the demo module README).',
        );
      }
    },
  };
}

/**
 * Adds the `demo` source when `devopsInsights.demo.enabled` is true; once
 * its data is in, the goal evaluation runs (goalsAtStart.ts).
 * @public
 */
export const devopsInsightsModuleDemo = createBackendModule({
  pluginId: 'devops-insights',
  moduleId: 'demo',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        sources: devopsInsightsSourcesExtensionPoint,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ config, logger, sources, scheduler, catalog, auth }) {
        if (!config.getOptionalBoolean('devopsInsights.demo.enabled')) return;
        const anchorConfig = config.getOptionalString(
          'devopsInsights.demo.anchor',
        );
        let anchor: number | undefined;
        if (anchorConfig !== undefined) {
          anchor = Date.parse(anchorConfig);
          if (!Number.isFinite(anchor)) {
            throw new Error(
              `Invalid devopsInsights.demo.anchor '${anchorConfig}': expected an ISO-8601 time`,
            );
          }
        }
        const source = createDemoSource({ anchor });
        sources.addSource({
          ...source,
          async sync(context) {
            await source.sync(context);
            // In the background: the sync is done, the catalog may lag.
            evaluateGoalsAtStart({ catalog, auth, scheduler, logger }).catch(
              error =>
                logger.warn(`Could not run the goal evaluation: ${error}`),
            );
          },
        });
        logger.info('DevOps Insights demo data source enabled');
      },
    });
  },
});

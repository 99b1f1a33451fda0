import type {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DateTime } from 'luxon';
import {
  DEVOPS_INSIGHTS_FACTS_VERSION,
  DEVOPS_INSIGHTS_FACT_RETRIEVER_ID,
  FACTS_WINDOW_DAYS,
  devopsInsightsFactSchema,
} from './factSchema';
import { EntityFigures, devopsInsightsFactsOf } from './factsOf';

const DAY_MS = 24 * 3600 * 1000;
/** Entities read at once: three small requests each, so the plugin stays responsive. */
const CONCURRENCY = 4;

/**
 * The window of a run: whole UTC days, so every run of a day publishes the
 * same figures and a scorecard does not flicker with the time of the run.
 */
export function factsWindowOf(now: number): { from: string; to: string } {
  const to = Math.floor(now / DAY_MS) * DAY_MS;
  return {
    from: new Date(to - FACTS_WINDOW_DAYS * DAY_MS).toISOString(),
    to: new Date(to).toISOString(),
  };
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function mapLimited<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/**
 * The fact retriever: for each component in the catalog, its DORA figures
 * with bands, toil share, pages per 12 h and goal status over the last 30
 * whole UTC days,
 * read from the DevOps Insights HTTP API with
 * the tech-insights plugin's own service credentials, so the figures are
 * exactly the tabs' ones for that window.
 * @public
 */
export function createDevopsInsightsFactRetriever(options: {
  catalog: CatalogService;
  /** Clock, for tests. */
  now?: () => number;
}): FactRetriever {
  const { catalog, now = Date.now } = options;
  return {
    id: DEVOPS_INSIGHTS_FACT_RETRIEVER_ID,
    version: DEVOPS_INSIGHTS_FACTS_VERSION,
    title: 'DevOps Insights',
    description:
      'DORA figures with their bands, toil share, pages per 12 h shift and goal status of each component, from DevOps Insights',
    entityFilter: [{ kind: 'component' }],
    schema: devopsInsightsFactSchema,
    async handler({
      auth,
      discovery,
      entityFilter,
      logger,
    }: FactRetrieverContext): Promise<TechInsightFact[]> {
      const credentials = await auth.getOwnServiceCredentials();
      const { items } = await catalog.getEntities(
        {
          filter: entityFilter,
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials },
      );
      const baseUrl = await discovery.getBaseUrl('devops-insights');
      const window = factsWindowOf(now());
      const timestamp = DateTime.now();

      const read = async <T>(path: string, entityRef: string): Promise<T> => {
        // Per request: tokens are short-lived and a run may take a while.
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: credentials,
          targetPluginId: 'devops-insights',
        });
        const query = new URLSearchParams({ entityRef, ...window });
        const response = await fetch(`${baseUrl}/v1/${path}?${query}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        if (!response.ok) throw await ResponseError.fromResponse(response);
        return (await response.json()) as T;
      };

      const failures: string[] = [];
      const facts = await mapLimited(
        items,
        CONCURRENCY,
        async (entity: Entity): Promise<TechInsightFact | undefined> => {
          const entityRef = stringifyEntityRef(entity);
          try {
            const [dora, toil, onCall] = await Promise.all([
              read<EntityFigures['dora']>('dora', entityRef),
              read<EntityFigures['toil']>('toil', entityRef),
              read<EntityFigures['onCall']>('oncall', entityRef),
            ]);
            return {
              entity: {
                namespace: entity.metadata.namespace ?? 'default',
                kind: entity.kind,
                name: entity.metadata.name,
              },
              facts: devopsInsightsFactsOf({ dora, toil, onCall }),
              timestamp,
            };
          } catch (error) {
            // One entity the plugin cannot read does not cost the others.
            failures.push(`${entityRef}: ${error}`);
            return undefined;
          }
        },
      );
      if (failures.length > 0) {
        logger.warn(
          `No DevOps Insights facts for ${failures.length} of ${
            items.length
          } entities: ${failures.slice(0, 5).join('; ')}`,
        );
        if (failures.length === items.length) {
          // Nothing read at all (plugin down, no permission): an error the
          // engine logs, rather than an empty run that looks healthy.
          throw new Error(`DevOps Insights could not be read: ${failures[0]}`);
        }
      }
      return facts.filter((f): f is TechInsightFact => f !== undefined);
    },
  };
}

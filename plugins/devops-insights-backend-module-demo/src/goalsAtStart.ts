import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { RELATION_OWNED_BY } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { GOAL_NUDGES_TASK_ID } from '@devops-insights/backstage-plugin-node';
import { DEMO_COMPONENTS, DEMO_GROUPS, demoEntityRef } from './org';

/** The demo catalog's groups and components, as the rollup reads them. */
const DEMO_ORG_REFS = [
  ...DEMO_GROUPS.map(g => demoEntityRef('group', g.name)),
  ...DEMO_COMPONENTS.filter(c => c.declaredIn === 'demo-catalog').map(c =>
    demoEntityRef('component', c.name),
  ),
];

export type GoalsAtStartDeps = {
  catalog: Pick<CatalogService, 'getEntitiesByRefs'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  scheduler: Pick<SchedulerService, 'triggerTask'>;
  logger: LoggerService;
  /** How long to wait for the catalog; default 5 minutes. */
  timeoutMs?: number;
  pollMs?: number;
};

/** Whether the catalog serves every group and every component with its owner. */
async function catalogHasDemoOrg(deps: GoalsAtStartDeps): Promise<boolean> {
  const { items } = await deps.catalog.getEntitiesByRefs(
    { entityRefs: DEMO_ORG_REFS, fields: ['kind', 'relations'] },
    { credentials: await deps.auth.getOwnServiceCredentials() },
  );
  return items.every(
    entity =>
      entity &&
      (entity.kind.toLocaleLowerCase('en-US') === 'group' ||
        entity.relations?.some(r => r.type === RELATION_OWNED_BY)),
  );
}

/**
 * Runs the weekly goal evaluation now, once the catalog serves the demo
 * organisation (the rollup it reads pools teams from the catalog, which
 * usually reads its files after the demo data is in), so the bell shows
 * the demo's nudges within seconds of start-up instead of next Monday. The
 * evaluation sends each nudge once, so this run and the weekly ones never
 * repeat one.
 */
export async function evaluateGoalsAtStart(deps: GoalsAtStartDeps) {
  const { logger, timeoutMs = 300_000, pollMs = 2_000 } = deps;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await catalogHasDemoOrg(deps).catch(error => {
      logger.debug(`Catalog not answering yet: ${error}`);
      return false;
    });
    if (ready) break;
    if (Date.now() >= deadline) {
      logger.warn(
        'The catalog did not serve the demo organisation in time; the goal ' +
          'evaluation runs on its weekly schedule only',
      );
      return;
    }
    await new Promise(resolve => setTimeout(resolve, pollMs));
  }
  await deps.scheduler.triggerTask(GOAL_NUDGES_TASK_ID);
  logger.info('Triggered the goal evaluation for the demo data');
}

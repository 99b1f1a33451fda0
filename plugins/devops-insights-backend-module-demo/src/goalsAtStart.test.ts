import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { demoCatalogEntities } from './catalogEntities';
import { GOAL_NUDGES_TASK_ID } from '@devops-insights/backstage-plugin-node';
import { evaluateGoalsAtStart } from './goalsAtStart';

const byRef = new Map(
  demoCatalogEntities().map(e => [
    `${e.kind.toLocaleLowerCase('en-US')}:default/${e.metadata.name}`,
    e,
  ]),
);

/** A catalog that serves the demo entities after `readyAfter` reads (and none before). */
function catalogServing(readyAfter: number, drop?: (e: Entity) => Entity) {
  let reads = 0;
  return {
    getEntitiesByRefs: jest.fn(
      async ({ entityRefs }: { entityRefs: string[] }) => {
        reads += 1;
        return {
          items: entityRefs.map(ref => {
            const entity = byRef.get(ref);
            if (!entity || reads <= readyAfter) return undefined;
            return drop ? drop(entity) : entity;
          }),
        };
      },
    ),
  };
}

function run(catalog: ReturnType<typeof catalogServing>, timeoutMs = 1000) {
  const triggerTask = jest.fn(async () => {});
  const logger = mockServices.logger.mock();
  return {
    triggerTask,
    logger,
    done: evaluateGoalsAtStart({
      catalog: catalog as any,
      auth: mockServices.auth(),
      scheduler: { triggerTask },
      logger,
      timeoutMs,
      pollMs: 1,
    }),
  };
}

describe('evaluateGoalsAtStart', () => {
  it('waits until the catalog serves the demo organisation, then runs the evaluation once', async () => {
    const catalog = catalogServing(3);
    const { triggerTask, done } = run(catalog);
    await done;
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(4);
    expect(triggerTask.mock.calls).toEqual([[GOAL_NUDGES_TASK_ID]]);
  });

  it('waits for the components’ owners, which the rollup pools teams by', async () => {
    const withoutOwners = catalogServing(0, e =>
      e.kind === 'Component' ? { ...e, relations: [] } : e,
    );
    const { triggerTask, logger, done } = run(withoutOwners, 20);
    await done;
    expect(triggerTask).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('runs on its weekly schedule only'),
    );
  });
});

import { TestDatabases } from '@backstage/backend-test-utils';
import {
  buildDoraIndex,
  DEFAULT_DORA_CONFIG,
  DEFAULT_TOIL_CONFIG,
  doraMetricsOf,
  doraMetricsOfIndex,
} from '@devops-insights/backstage-plugin-common';
import {
  DatabaseEventStore,
  migrateDatabase,
} from '../database/DatabaseEventStore';
import { NormalizedEvent } from '../database/EventStore';
import { EntityFactsCache } from './EntityFactsCache';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const A = 'component:default/a';
const B = 'component:default/b';
const T0 = Date.parse('2026-01-05T00:00:00Z');
const WINDOW = { from: T0, to: T0 + 7 * 86400_000 };
const at = (hours: number) => new Date(T0 + hours * 3600_000).toISOString();

const deployment = (
  id: string,
  entityRef: string,
  finishedHour: number,
  extra: Partial<Extract<NormalizedEvent, { type: 'deployment' }>> = {},
): NormalizedEvent => ({
  type: 'deployment',
  source: 'ci',
  id,
  entityRef,
  environment: 'production',
  production: true,
  status: 'success',
  finishedAt: at(finishedHour),
  changes: [{ id: `${id}-c`, authoredAt: at(finishedHour - 5) }],
  ...extra,
});

async function setUp() {
  const knex = await databases.init('SQLITE_3');
  const store = new DatabaseEventStore(
    await migrateDatabase({ getClient: async () => knex }),
  );
  const loadDora = jest.spyOn(store, 'loadDora');
  const cache = new EntityFactsCache({
    store,
    dora: DEFAULT_DORA_CONFIG,
    toil: DEFAULT_TOIL_CONFIG,
  });
  /** DORA of a scope by the pure definitions over freshly loaded rows. */
  const expected = async (scope: string[]) =>
    doraMetricsOfIndex(
      buildDoraIndex({
        scopeEntityRefs: new Set(scope),
        ...(await store.loadDora(scope)),
      }),
      WINDOW,
    );
  const actual = async (scope: string[]) => {
    const facts = await cache.factsOf(scope);
    return doraMetricsOf(
      scope.map(ref => facts.get(ref)!.dora),
      WINDOW,
    );
  };
  return { knex, store, cache, loadDora, expected, actual };
}

describe('EntityFactsCache', () => {
  it('derives each entity once per version, and again when a pointing row changes it', async () => {
    const { knex, store, loadDora, expected, actual } = await setUp();
    await store.upsert([deployment('a1', A, 10), deployment('b1', B, 20)]);

    expect(await actual([A, B])).toEqual(await expected([A, B]));
    const loads = loadDora.mock.calls.length;
    expect((await actual([A, B])).deploymentFrequency.deployments).toBe(2);
    expect(loadDora.mock.calls.length).toBe(loads);

    // B's deployment remediates A's: A's deployment is now a change failure,
    // although no row of A changed.
    await store.upsert([
      deployment('b1', B, 20, {
        remediates: { deployment: { source: 'ci', id: 'a1' } },
      }),
    ]);
    const after = await actual([A]);
    expect(after.changeFailureRate.failedDeployments).toBe(1);
    expect(after).toEqual(await expected([A]));
    await knex.destroy();
  });

  it('gives empty facts to an entity without rows, without loading', async () => {
    const { knex, loadDora, actual } = await setUp();
    const metrics = await actual(['component:default/nothing']);
    expect(metrics.deploymentFrequency).toEqual({
      deployments: 0,
      perDay: null,
      band: null,
    });
    expect(loadDora).not.toHaveBeenCalled();
    await knex.destroy();
  });

  it('shares one load between concurrent requests for a stale entity', async () => {
    const { knex, store, cache, loadDora } = await setUp();
    await store.upsert([deployment('a1', A, 10)]);
    await Promise.all([cache.factsOf([A]), cache.factsOf([A, B])]);
    expect(loadDora).toHaveBeenCalledTimes(1);
    await knex.destroy();
  });
});

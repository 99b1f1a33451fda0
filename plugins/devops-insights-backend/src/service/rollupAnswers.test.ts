import { createHash } from 'node:crypto';
import {
  mockCredentials,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEFAULT_DORA_CONFIG,
  DEFAULT_TOIL_CONFIG,
} from '@devops-insights/backstage-plugin-common';
import { Knex } from 'knex';
import {
  DatabaseEventStore,
  migrateDatabase,
} from '../database/DatabaseEventStore';
import { NormalizedEvent } from '../database/EventStore';
import { RollupAnswerStore } from '../database/RollupAnswerStore';
import { testCatalog } from '../__testUtils__/catalog';
import { EntityFactsCache } from './EntityFactsCache';
import { ROLLUP_FORMAT, RollupService } from './RollupService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const day = (n: number) => new Date(Date.UTC(2026, 2, n, 12)).toISOString();
const deployment = (
  id: string,
  name: string,
  finishedAt: string,
): NormalizedEvent => ({
  type: 'deployment',
  source: 'ci',
  id,
  entityRef: `component:default/${name}`,
  environment: 'production',
  production: true,
  status: 'success',
  trigger: 'automatic',
  startedAt: finishedAt,
  finishedAt,
  changes: [{ id: `${id}-c`, authoredAt: day(1) }],
});
const window = {
  from: Date.parse('2026-03-01T00:00:00Z'),
  to: Date.parse('2026-03-29T00:00:00Z'),
};
const credentials = mockCredentials.user();

async function seeded(id: TestDatabaseId): Promise<Knex> {
  const knex = await migrateDatabase({
    getClient: async () => databases.init(id),
  });
  await new DatabaseEventStore(knex).upsert([
    deployment('c1', 'checkout', day(2)),
    deployment('c2', 'checkout', day(3)),
    deployment('w1', 'wallet', day(4)),
    deployment('x1', 'indexer', day(6)),
    deployment('p1', 'indexer', '2026-02-20T12:00:00Z'),
    {
      type: 'incident',
      source: 'pd',
      id: 'i1',
      entityRef: 'component:default/wallet',
      urgency: 'high',
      title: 'Wallet down',
      createdAt: day(4),
      resolvedAt: day(5),
    },
  ]);
  return knex;
}

/** One backend's rollups on the database; `derived` counts its facts reads. */
function replica(knex: Knex, shared = true) {
  const store = new DatabaseEventStore(knex);
  const facts = new EntityFactsCache({
    store,
    dora: DEFAULT_DORA_CONFIG,
    toil: DEFAULT_TOIL_CONFIG,
  });
  const factsOf = jest.spyOn(facts, 'factsOf');
  const rollups = new RollupService({
    store,
    facts,
    catalog: catalogServiceMock({ entities: testCatalog }),
    dora: DEFAULT_DORA_CONFIG,
    toil: DEFAULT_TOIL_CONFIG,
    defaultTimeZone: 'UTC',
    goals: {},
    shared: shared ? new RollupAnswerStore(knex) : undefined,
  });
  return {
    rollup: () => rollups.rollup(undefined, window, credentials),
    computed: () => factsOf.mock.calls.length,
  };
}

describe.each(databases.eachSupportedId())('rollup answers on %p', id => {
  it('are computed by one replica and served by the others', async () => {
    const knex = await seeded(id);
    const [a, b] = [replica(knex), replica(knex)];
    const alone = await replica(knex, false).rollup();

    const [fromA, fromB] = await Promise.all([a.rollup(), b.rollup()]);
    expect(a.computed() + b.computed()).toBe(1);
    expect(fromA.json).toBe(alone.json);
    expect(fromB.json).toBe(alone.json);
    expect(fromB.response).toEqual(alone.response);
    expect(await fromB.gzipped()).toEqual(await fromA.gzipped());

    // After a restart: nothing in memory, the answer is in the database.
    const restarted = replica(knex);
    expect((await restarted.rollup()).json).toBe(alone.json);
    expect(restarted.computed()).toBe(0);
  });

  it('are computed again when the data they were answered on changes', async () => {
    const knex = await seeded(id);
    const a = replica(knex);
    const before = await a.rollup();
    await new DatabaseEventStore(knex).upsert([
      deployment('c3', 'checkout', day(7)),
    ]);
    const b = replica(knex);
    const after = await b.rollup();
    expect(b.computed()).toBe(1);
    expect(after.response.pooled.deploymentFrequency.deployments).toBe(
      before.response.pooled.deploymentFrequency.deployments + 1,
    );
  });
});

/**
 * Stored answers are served by any replica whose code and settings stamp
 * them alike. When what a rollup answers for the same data changes, answers
 * stored by the previous release must not be served: this pins the answer
 * over fixed rows to ROLLUP_FORMAT.
 */
const PINNED = {
  format: 1,
  sha256: 'bf3f5e391b9f6ffd29ebe0b0fd5a4a58e9075b0d923e632d15f9df8a4fc7914d',
};

it('answers the pinned rollup for ROLLUP_FORMAT (bump it, and re-pin, when it changes)', async () => {
  const knex = await seeded('SQLITE_3');
  const { json } = await replica(knex, false).rollup();
  expect({
    format: ROLLUP_FORMAT,
    sha256: createHash('sha256').update(json).digest('hex'),
  }).toEqual(PINNED);
});

import { createHash } from 'node:crypto';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  DEFAULT_DORA_CONFIG,
  DEFAULT_TOIL_CONFIG,
} from '@devops-insights/backstage-plugin-common';
import {
  DatabaseEventStore,
  migrateDatabase,
} from '../database/DatabaseEventStore';
import { EntityFactsCache, FACTS_FORMAT } from './EntityFactsCache';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

/**
 * Stored facts are read by any replica with the same derivation. When what
 * doraFactsOf or toilFactsOf derive changes, facts stored by the previous
 * release must not be read: this pins the facts of fixed rows to the format.
 */
const PINNED = {
  format: 1,
  sha256: 'f55c90f01510c04455a8ee1bc1a454228c2e10d85b1552b850fbe3ba88f6f1a5',
};

it('derives the pinned facts for FACTS_FORMAT (bump it, and re-pin, when they change)', async () => {
  const knex = await migrateDatabase({
    getClient: async () => databases.init('SQLITE_3'),
  });
  const store = new DatabaseEventStore(knex);
  const at = (hours: number) =>
    new Date(Date.UTC(2026, 0, 5) + hours * 3600_000).toISOString();
  const ref = 'component:default/a';
  await store.upsert([
    ...[0, 1, 2].map(i => ({
      type: 'deployment' as const,
      source: 'ci',
      id: `d${i}`,
      entityRef: ref,
      environment: 'production',
      production: true,
      status: 'success' as const,
      trigger: i === 1 ? ('manual' as const) : ('automatic' as const),
      startedAt: at(10 * i + 9),
      finishedAt: at(10 * i + 10),
      changes: [
        {
          id: `c${i}`,
          authoredAt: at(10 * i),
          pullRequestOpenedAt: at(10 * i + 2),
          mergedAt: at(10 * i + 5),
        },
      ],
      ...(i === 2
        ? { remediates: { deployment: { source: 'ci', id: 'd1' } } }
        : {}),
    })),
    {
      type: 'incident',
      source: 'pd',
      id: 'i1',
      entityRef: ref,
      urgency: 'high',
      title: 'Checkout errors',
      createdAt: at(11),
      resolvedAt: at(14),
      causedBy: { source: 'ci', id: 'd1' },
    },
  ]);
  const cache = new EntityFactsCache({
    store,
    dora: DEFAULT_DORA_CONFIG,
    toil: DEFAULT_TOIL_CONFIG,
  });
  const facts = (await cache.factsOf([ref])).get(ref)!;
  const json = JSON.stringify(facts, (_, v) =>
    ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v,
  );
  expect(json).toContain('checkout errors');
  expect({
    format: FACTS_FORMAT,
    sha256: createHash('sha256').update(json).digest('hex'),
  }).toEqual(PINNED);
  await knex.destroy();
});

import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { knex as createKnex } from 'knex';
import request from 'supertest';
import { startPluginBackend } from '../__testUtils__/backend';

jest.setTimeout(120_000);

// Postgres runs where BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at one (CI sets it); SQLite runs everywhere.
const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const service = mockCredentials.service.header();

/** A seeded PRNG (mulberry32): the same batches on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const ENTITIES = 12;
const PER_TABLE = 150;
const REQUESTS = 24;
const BATCH = 150;

/** Deployments and incidents over a few entities; incidents point at deployments. */
const pool = Array.from({ length: PER_TABLE }, (_, i) => [
  {
    type: 'deployment',
    source: 'ci',
    id: `d${i}`,
    entityRef: `component:default/e${i % ENTITIES}`,
    environment: 'production',
    status: 'success',
    finishedAt: new Date(Date.UTC(2026, 0, 1 + (i % 28), 10)).toISOString(),
  },
  {
    type: 'incident',
    source: 'pd',
    id: `i${i}`,
    entityRef: `component:default/e${(i * 5) % ENTITIES}`,
    urgency: 'high',
    createdAt: new Date(Date.UTC(2026, 0, 1 + (i % 28), 11)).toISOString(),
    causedBy: { source: 'ci', id: `d${(i * 7) % PER_TABLE}` },
  },
]).flat();

/**
 * Two backends (each its own plugin instance, store and knex pool) on one
 * database. On SQLite both share the one connection of the in-memory test
 * database, so this checks the counts, not lock ordering.
 */
async function twoBackends(databaseId: 'POSTGRES_15' | 'SQLITE_3') {
  const first = await databases.init(databaseId);
  const second =
    databaseId === 'SQLITE_3'
      ? first
      : createKnex({ ...first.client.config, pool: { min: 0, max: 10 } });
  // One after the other: both would run the migrations.
  const a = await startPluginBackend({
    features: [mockServices.database.factory({ knex: first })],
  });
  const b = await startPluginBackend({
    features: [mockServices.database.factory({ knex: second })],
  });
  return {
    servers: [a, b],
    knex: first,
    close: async () => {
      if (second !== first) await second.destroy();
    },
  };
}

describe('concurrent writers', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it.each(databases.eachSupportedId())(
    'two backends on one %p store overlapping shuffled batches sent at once: all 200, exact counts',
    async databaseId => {
      const backends = await twoBackends(databaseId as any);
      close = backends.close;
      const next = random(17);
      const batches = Array.from({ length: REQUESTS }, () =>
        shuffled(pool, next).slice(0, BATCH),
      );

      const responses = await Promise.all(
        batches.map((events, i) =>
          request(backends.servers[i % 2])
            .post('/api/devops-insights/v1/events')
            .set('Authorization', service)
            .send({ events }),
        ),
      );

      expect(responses.map(r => r.status)).toEqual(batches.map(() => 200));
      const sent = new Set(batches.flat().map(e => `${e.type}/${e.id}`));
      const total = (key: 'created' | 'updated' | 'unchanged') =>
        responses.reduce((sum, r) => sum + r.body[key], 0);
      expect({
        created: total('created'),
        updated: total('updated'),
        unchanged: total('unchanged'),
      }).toEqual({
        created: sent.size,
        updated: 0,
        unchanged: REQUESTS * BATCH - sent.size,
      });

      const count = async (table: string) =>
        Number((await backends.knex(table).count({ n: '*' }))[0].n);
      const of = (type: string) =>
        [...sent].filter(key => key.startsWith(`${type}/`)).length;
      expect(await count('deployments')).toBe(of('deployment'));
      expect(await count('incidents')).toBe(of('incident'));
      expect(await count('entity_versions')).toBe(ENTITIES);
    },
  );
});

import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  buildDoraIndex,
  DEFAULT_DORA_CONFIG,
  DEFAULT_TOIL_CONFIG,
  doraMetricsOf,
  doraMetricsOfIndex,
  toilOf,
} from '@devops-insights/backstage-plugin-common';
import fc from 'fast-check';
import { Knex } from 'knex';
import {
  DatabaseEventStore,
  migrateDatabase,
} from '../database/DatabaseEventStore';
import { NormalizedEvent } from '../database/EventStore';
import { SharedFactsStore } from '../database/SharedFactsStore';
import { EntityFactsCache, factsDerivation } from './EntityFactsCache';

jest.setTimeout(120_000);

// Postgres runs where BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at one (CI sets it); SQLite runs everywhere.
const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});
const DERIVATION = factsDerivation(DEFAULT_DORA_CONFIG, DEFAULT_TOIL_CONFIG);

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

const incident = (
  id: string,
  entityRef: string,
  createdHour: number,
  causedBy?: string,
): NormalizedEvent => ({
  type: 'incident',
  source: 'pd',
  id,
  entityRef,
  urgency: 'high',
  createdAt: at(createdHour),
  resolvedAt: at(createdHour + 2),
  dedupKey: `alert-${id.length % 3}`,
  ...(causedBy ? { causedBy: { source: 'ci', id: causedBy } } : {}),
});

const ENTITIES = Array.from({ length: 8 }, (_, i) => `component:default/e${i}`);

/**
 * A week of deployments over ENTITIES, with remediations and incidents that
 * point at other entities' deployments (so one entity's facts depend on
 * another's rows). `generation` moves times, so a rewrite changes facts.
 */
function org(generation: number): NormalizedEvent[] {
  return Array.from({ length: 48 }, (_, i): NormalizedEvent[] => {
    const ref = ENTITIES[i % ENTITIES.length];
    const hour = 1 + ((i * 7 + generation * 3) % 160);
    const other = `d${(i * 5 + 3) % 48}`;
    return [
      deployment(
        `d${i}`,
        ref,
        hour,
        i % 6 === 0
          ? { remediates: { deployment: { source: 'ci', id: other } } }
          : {},
      ),
      ...(i % 3 === 0 ? [incident(`i${i}`, ref, hour + 1, other)] : []),
    ];
  }).flat();
}

async function setUp(
  databaseId: TestDatabaseId,
  options: { maxBytes?: number; shared?: boolean; knex?: Knex } = {},
) {
  const knex =
    options.knex ??
    (await migrateDatabase({
      getClient: async () => databases.init(databaseId),
    }));
  const store = new DatabaseEventStore(knex);
  const loadDora = jest.spyOn(store, 'loadDora');
  const cache = new EntityFactsCache({
    store,
    dora: DEFAULT_DORA_CONFIG,
    toil: DEFAULT_TOIL_CONFIG,
    maxBytes: options.maxBytes,
    shared: options.shared ? new SharedFactsStore(knex, DERIVATION) : undefined,
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

/** Every figure the facts give: DORA and toil of the scope, and each entity's. */
async function figures(cache: EntityFactsCache, scope: string[]) {
  const facts = await cache.factsOf(scope);
  const all = scope.map(ref => facts.get(ref)!);
  return {
    pooled: doraMetricsOf(
      all.map(f => f.dora),
      WINDOW,
    ),
    toil: toilOf(
      all.map(f => f.toil),
      1,
      WINDOW,
    ),
    each: all.map(f => doraMetricsOf([f.dora], WINDOW)),
  };
}

describe.each(databases.eachSupportedId())(
  'EntityFactsCache on %p',
  databaseId => {
    it('derives each entity once per version, and again when a pointing row changes it', async () => {
      const { knex, store, loadDora, expected, actual } = await setUp(
        databaseId,
      );
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
      const { knex, loadDora, actual } = await setUp(databaseId);
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
      const { knex, store, cache, loadDora } = await setUp(databaseId);
      await store.upsert([deployment('a1', A, 10)]);
      await Promise.all([cache.factsOf([A]), cache.factsOf([A, B])]);
      expect(loadDora).toHaveBeenCalledTimes(1);
      expect(cache.stats()).toMatchObject({ entries: 1, hits: 0, misses: 2 });
      await cache.factsOf([A]);
      expect(cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 2 });
      await knex.destroy();
    });

    it('hands a request only the span it asks for, loaded or kept, and keeps the whole facts', async () => {
      const { knex, store, cache, loadDora } = await setUp(databaseId);
      // One deployment a day for a week, and one two weeks later.
      await store.upsert([
        ...[0, 1, 2, 3, 4, 5, 6].map(d => deployment(`a${d}`, A, 24 * d + 10)),
        deployment('late', A, 24 * 21),
      ]);
      const span = { from: T0 + 2 * 86400_000, to: T0 + 5 * 86400_000 };
      const inSpan = (facts: Awaited<ReturnType<typeof cache.factsOf>>) =>
        [...facts.get(A)!.dora.deployments.at].map(t => (t - T0) / 3600_000);

      const loaded = await cache.factsOf([A], undefined, span);
      expect(inSpan(loaded)).toEqual([58, 82, 106]);
      const kept = await cache.factsOf([A], undefined, span);
      expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
      expect(inSpan(kept)).toEqual([58, 82, 106]);
      expect(
        doraMetricsOf([kept.get(A)!.dora], {
          from: span.from,
          to: span.to - 1,
        }),
      ).toEqual(
        doraMetricsOf([(await cache.factsOf([A])).get(A)!.dora], {
          from: span.from,
          to: span.to - 1,
        }),
      );
      // What is kept is the whole history: a later request sees all of it.
      expect(
        (await cache.factsOf([A])).get(A)!.dora.deployments.at,
      ).toHaveLength(8);
      expect(loadDora).toHaveBeenCalledTimes(1);
      await knex.destroy();
    });

    it('answers within a budget smaller than the data exactly as without one', async () => {
      const unbounded = await setUp(databaseId);
      await unbounded.store.upsert(org(0));
      await unbounded.cache.factsOf(ENTITIES);
      const { bytes, entries } = unbounded.cache.stats();
      expect(entries).toBe(ENTITIES.length);
      // Room for about three of the eight entities.
      const budget = Math.floor((bytes / entries) * 3);
      const bounded = await setUp(databaseId, {
        maxBytes: budget,
        knex: unbounded.knex,
      });

      let generation = 0;
      // A request: a scope (indexes into ENTITIES), and whether rows change first.
      const request = fc.record({
        scope: fc.uniqueArray(fc.nat(ENTITIES.length - 1), {
          minLength: 1,
          maxLength: ENTITIES.length,
        }),
        rewrite: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(request, { minLength: 1, maxLength: 6 }),
          async requests => {
            for (const { scope, rewrite } of requests) {
              if (rewrite) await unbounded.store.upsert(org(++generation));
              const refs = scope.map(i => ENTITIES[i]);
              expect(await figures(bounded.cache, refs)).toEqual(
                await figures(unbounded.cache, refs),
              );
              expect(bounded.cache.stats().bytes).toBeLessThanOrEqual(budget);
            }
          },
        ),
        {
          numRuns: 12,
          seed: 12,
          examples: [
            // The whole org at once, then a part after a rewrite, then all again.
            [
              [
                { scope: ENTITIES.map((_, i) => i), rewrite: false },
                { scope: [0, 1], rewrite: true },
                { scope: ENTITIES.map((_, i) => i), rewrite: false },
              ],
            ],
          ],
        },
      );
      // The budget held fewer entities than the org, so some were dropped and
      // derived again.
      expect(bounded.cache.stats().entries).toBeLessThan(ENTITIES.length);
      expect(bounded.loadDora.mock.calls.flat(2).length).toBeGreaterThan(
        unbounded.loadDora.mock.calls.flat(2).length,
      );
      await unbounded.knex.destroy();
    });

    it('drops the least recently used entity first', async () => {
      const probe = await setUp(databaseId);
      const [e0, e1, e2, e3] = ENTITIES;
      await probe.store.upsert(org(0));
      await probe.cache.factsOf([e0, e1, e2, e3]);
      const sizes = probe.cache.stats().bytes;
      // Room for three of these four (their sizes differ by little).
      const { cache, loadDora } = await setUp(databaseId, {
        maxBytes: Math.floor((sizes / 4) * 3.5),
        knex: probe.knex,
      });
      for (const ref of [e0, e1, e2]) await cache.factsOf([ref]);
      await cache.factsOf([e0]); // e1 is now the least recently used
      await cache.factsOf([e3]);
      loadDora.mockClear();
      await cache.factsOf([e0, e2, e3]);
      expect(loadDora).not.toHaveBeenCalled();
      await cache.factsOf([e1]);
      expect(loadDora).toHaveBeenCalledWith([e1]);
      await probe.knex.destroy();
    });

    it('reads what another replica derived, at the current version only', async () => {
      const first = await setUp(databaseId, { shared: true });
      await first.store.upsert(org(0));
      const derived = await figures(first.cache, ENTITIES);
      await first.cache.flush();

      // A second replica (or this one after a restart): nothing in memory.
      const second = await setUp(databaseId, {
        shared: true,
        knex: first.knex,
      });
      expect(await figures(second.cache, ENTITIES)).toEqual(derived);
      expect(second.loadDora).not.toHaveBeenCalled();

      // New rows: the stored facts are too old, so they are derived again,
      // stored, and read by the first replica rather than derived there too.
      await first.store.upsert(org(1));
      const after = await figures(second.cache, ENTITIES);
      expect(second.loadDora).toHaveBeenCalled();
      await second.cache.flush();
      first.loadDora.mockClear();
      expect(await figures(first.cache, ENTITIES)).toEqual(after);
      expect(first.loadDora).not.toHaveBeenCalled();
      const unshared = await setUp(databaseId, { knex: first.knex });
      expect(await figures(unshared.cache, ENTITIES)).toEqual(after);
      await first.knex.destroy();
    });
  },
);

describe.each(databases.eachSupportedId())(
  'SharedFactsStore on %p',
  databaseId => {
    async function setUpStore() {
      const knex = await migrateDatabase({
        getClient: async () => databases.init(databaseId),
      });
      const store = new DatabaseEventStore(knex);
      const cache = new EntityFactsCache({
        store,
        dora: DEFAULT_DORA_CONFIG,
        toil: DEFAULT_TOIL_CONFIG,
      });
      await store.upsert(org(0));
      const facts = await cache.factsOf(ENTITIES);
      return { knex, facts };
    }

    it('keeps the newest version when replicas write at once', async () => {
      const { knex, facts } = await setUpStore();
      const replicas = [1, 2, 3].map(
        () => new SharedFactsStore(knex, DERIVATION),
      );
      const atVersion = (version: number) =>
        new Map(
          ENTITIES.map(ref => [ref, { version, facts: facts.get(ref)! }]),
        );
      // Versions arriving in every order, several statements at once.
      await Promise.all(
        [3, 1, 5, 2, 4, 5, 1].map((version, i) =>
          replicas[i % 3].write(atVersion(version)),
        ),
      );
      await replicas[0].write(atVersion(2));
      const stored = await replicas[1].read(ENTITIES);
      expect([...stored.values()].map(s => s.version)).toEqual(
        ENTITIES.map(() => 5),
      );
      expect(stored.get(ENTITIES[2])!.facts).toEqual(facts.get(ENTITIES[2]));
      // On Postgres, stored uncompressed (EXTERNAL): see the migration.
      const postgres = databaseId.startsWith('POSTGRES');
      const storage = postgres
        ? (
            await knex.raw(
              `SELECT attstorage FROM pg_attribute
             WHERE attrelid = 'entity_facts'::regclass AND attname = 'facts'`,
            )
          ).rows
        : [];
      expect(storage).toEqual(postgres ? [{ attstorage: 'e' }] : []);
      expect(await knex('entity_facts').count({ n: '*' })).toEqual([
        {
          n:
            databaseId === 'POSTGRES_15'
              ? String(ENTITIES.length)
              : ENTITIES.length,
        },
      ]);
      await knex.destroy();
    });

    it('reads facts that hold no part of the stored value', async () => {
      const { knex } = await setUpStore();
      const shared = new SharedFactsStore(knex, DERIVATION);
      const n = 20_000;
      const facts = {
        dora: {
          firstDeploymentEventAt: 0,
          deployments: {
            at: Float64Array.from({ length: n }, (_, i) => i),
            failed: new Uint8Array(n).fill(1),
            remediation: new Uint8Array(n),
            recoverySeconds: new Float64Array(n).fill(60),
          },
          leadTimes: {
            at: new Float64Array(n),
            seconds: new Float64Array(n),
            codingSeconds: new Float64Array(n),
            reviewSeconds: new Float64Array(n),
            deploySeconds: new Float64Array(n),
          },
          restores: { at: new Float64Array(1), seconds: new Float64Array(1) },
        },
        toil: {
          firstActivityAt: null,
          items: {
            at: new Float64Array(3),
            signal: new Uint8Array(3),
            hours: new Float64Array(3),
            source: ['a', 'b', 'c'],
          },
        },
      };
      await shared.write(new Map([[ENTITIES[0], { version: 1, facts }]]));
      const read = (await shared.read([ENTITIES[0]])).get(ENTITIES[0])!.facts;
      expect(read).toEqual(facts);
      // Each column's memory is its own: no column keeps the ~1 MB value.
      const columns = [
        ...Object.values(read.dora.deployments),
        ...Object.values(read.dora.leadTimes),
        read.toil.items.signal,
      ];
      for (const column of columns) {
        expect(column.buffer.byteLength).toBeLessThan(200_000);
      }
      await knex.destroy();
    });

    it('reads only its own derivation, skips what it cannot decode, and deletes abandoned derivations', async () => {
      const { knex, facts } = await setUpStore();
      const mine = new SharedFactsStore(knex, DERIVATION);
      const old = new SharedFactsStore(knex, 'an older release');
      const other = new SharedFactsStore(knex, 'other settings');
      const [a, b] = ENTITIES;
      const entry = new Map([[a, { version: 1, facts: facts.get(a)! }]]);
      const day = 24 * 3600 * 1000;
      const now = Date.now();
      await old.write(entry, now - 3 * day);
      await other.write(entry, now - day / 2);
      expect(await mine.read([a])).toEqual(new Map());
      await mine.write(entry, now - 10 * day);
      await knex('entity_facts').insert({
        entity_ref: b,
        derivation: DERIVATION,
        version: 1,
        facts: Buffer.from('not facts'),
        written_at: now,
      });
      expect([...(await mine.read([a, b])).keys()]).toEqual([a]);

      expect(await mine.deleteAbandoned(day, now)).toBe(1);
      const left = await knex('entity_facts')
        .select('derivation')
        .orderBy('derivation');
      expect(left.map(r => r.derivation).sort()).toEqual(
        [DERIVATION, DERIVATION, 'other settings'].sort(),
      );
      await knex.destroy();
    });
  },
);

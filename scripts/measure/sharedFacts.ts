/*
 * Before/after of sharing derived facts through the database: what a replica
 * with an empty memory (after a restart, or a new replica) pays to get the
 * facts of (a) every service at once, as the first rollup and the start-up
 * warm-up do, and (b) 200 single services, 8 at a time, as the first entity
 * requests do — deriving from rows (before) or reading stored facts (after).
 * Also the facts' measured bytes (factsBytes.ts), scaled to size M, and the
 * heap they take (--expose-gc), to check the estimate at scale.
 *
 *   node --expose-gc --require @backstage/cli/config/nodeTransform.cjs \
 *     scripts/measure/sharedFacts.ts --db sqlite|postgres [--every 4] [--runs 3]
 *
 * `--warm memory|shared` derives the changed service's facts after each
 * stored batch, as ingestion's warm-up does (without, or with storing them):
 * the ingestion time then shows what storing facts costs the writer.
 *
 * Uses every `--every`-th service of the benchmark's size-M org (its
 * deployments and incidents; the other events do not enter the facts), in a
 * database of its own that it drops afterwards. It times the facts only: a
 * request's catalog and evaluation costs are the same before and after.
 */
import { knex as createKnex, Knex } from 'knex';
import {
  DEFAULT_DORA_CONFIG,
  DEFAULT_TOIL_CONFIG,
  DEFAULT_PRODUCTION_ENVIRONMENTS,
  parseEvents,
} from '../../plugins/devops-insights-common/src';
import {
  DatabaseEventStore,
  migrateDatabase,
} from '../../plugins/devops-insights-backend/src/database/DatabaseEventStore';
import { NormalizedEvent } from '../../plugins/devops-insights-backend/src/database/EventStore';
import { SharedFactsStore } from '../../plugins/devops-insights-backend/src/database/SharedFactsStore';
import {
  EntityFactsCache,
  factsDerivation,
} from '../../plugins/devops-insights-backend/src/service/EntityFactsCache';
import { buildOrg, serviceEvents, SIZES } from '../bench/generate';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const db = arg('db', 'sqlite');
const every = Number(arg('every', '4'));
const runs = Number(arg('runs', '3'));
const warm = arg('warm', 'none');
const name = `cache_measure_${process.pid}`;

async function connect(): Promise<{ knex: Knex; drop: () => Promise<void> }> {
  if (db === 'postgres') {
    const admin = createKnex({
      client: 'pg',
      connection: 'postgresql://postgres@127.0.0.1:5432/postgres',
    });
    await admin.raw(`CREATE DATABASE ${name}`);
    const knex = createKnex({
      client: 'pg',
      connection: `postgresql://postgres@127.0.0.1:5432/${name}`,
    });
    return {
      knex,
      drop: async () => {
        await knex.destroy();
        await admin.raw(`DROP DATABASE ${name} WITH (FORCE)`);
        await admin.destroy();
      },
    };
  }
  const file = `/tmp/${name}.sqlite`;
  const knex = createKnex({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      require('node:fs').rmSync(file, { force: true });
    },
  };
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const pct = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)
  ];
const range = (values: number[]) =>
  `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;

async function main() {
  const { knex: raw, drop } = await connect();
  try {
    const knex = await migrateDatabase({ getClient: async () => raw });
    const store = new DatabaseEventStore(knex);
    const org = buildOrg(SIZES.M, 1);
    const sample = org.services.filter((_, i) => i % every === 0);
    const refs = sample.map(s => s.ref);
    const share =
      sample.reduce((n, s) => n + s.deployments, 0) /
      org.services.reduce((n, s) => n + s.deployments, 0);

    const derivation = factsDerivation(
      DEFAULT_DORA_CONFIG,
      DEFAULT_TOIL_CONFIG,
    );
    const cache = (shared: boolean) =>
      new EntityFactsCache({
        store,
        dora: DEFAULT_DORA_CONFIG,
        toil: DEFAULT_TOIL_CONFIG,
        maxBytes: 4 * 1024 ** 3,
        shared: shared ? new SharedFactsStore(knex, derivation) : undefined,
      });
    const warmer = warm === 'none' ? undefined : cache(warm === 'shared');

    const warming: Promise<unknown>[] = [];
    let start = process.hrtime.bigint();
    let events = 0;
    for (const service of sample) {
      const { deployments, incidents } = serviceEvents(org, service);
      const all = [...deployments, ...incidents];
      for (let i = 0; i < all.length; i += 1000) {
        const parsed = parseEvents(all.slice(i, i + 1000));
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors[0]));
        await store.upsert(
          parsed.events.map(
            e =>
              (e.type === 'deployment'
                ? {
                    ...e,
                    production: DEFAULT_PRODUCTION_ENVIRONMENTS.includes(
                      e.environment.toLowerCase(),
                    ),
                  }
                : e) as NormalizedEvent,
          ),
        );
        // Not awaited, as IngestService's onStored (but counted below).
        if (warmer) warming.push(warmer.factsOf([service.ref]));
      }
      events += all.length;
    }
    await Promise.all(warming);
    await warmer?.flush();
    console.log(
      `${db}: ${sample.length} services (${(share * 100).toFixed(
        1,
      )} % of M's deployments), ${events} events stored in ${(
        ms(start) / 1000
      ).toFixed(1)} s (warm: ${warm})`,
    );

    if (process.argv.includes('--ingest-only')) return;
    const gc = () => {
      (global as any).gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };

    // Bytes: the estimate against the heap, and scaled to M.
    const before = gc();
    const held = cache(false);
    await held.factsOf(refs);
    const heap = gc() - before;
    const { bytes } = held.stats();
    console.log(
      `facts: estimate ${(bytes / 1e6).toFixed(1)} MB, heap ${(
        heap / 1e6
      ).toFixed(1)} MB; at M ≈ ${(bytes / share / 2 ** 20).toFixed(0)} MiB`,
    );

    // Store them once, as the first replica to derive them does.
    const writer = cache(true);
    start = process.hrtime.bigint();
    await writer.factsOf(refs);
    await writer.flush();
    console.log(`derive and store all: ${ms(start).toFixed(0)} ms`);

    for (const shared of [false, true]) {
      const all: number[] = [];
      const p50: number[] = [];
      const p95: number[] = [];
      for (let run = 0; run < runs; run++) {
        start = process.hrtime.bigint();
        await cache(shared).factsOf(refs);
        all.push(ms(start));

        // 200 entity requests, 8 in flight, on an empty memory.
        const fresh = cache(shared);
        const latencies: number[] = [];
        let next = 0;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            while (next < 200) {
              const ref = refs[next++ % refs.length];
              const t = process.hrtime.bigint();
              await fresh.factsOf([ref]);
              latencies.push(ms(t));
            }
          }),
        );
        p50.push(pct(latencies, 50));
        p95.push(pct(latencies, 95));
      }
      console.log(
        `${shared ? 'after (stored facts)' : 'before (derive)     '}: all ${
          sample.length
        } services ${range(all)} ms; 200 entity requests p50 ${range(
          p50,
        )} ms, p95 ${range(p95)} ms (${runs} runs)`,
      );
    }
  } finally {
    await drop();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});

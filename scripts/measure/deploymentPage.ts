/*
 * Latency of one page of an area team's deployments list (`/v1/deployments`,
 * limit 50, the last 90 days, newest first), as the bench's "area
 * deployments page" asks it, without the HTTP and catalog around it: the
 * first area of the benchmark's size-M org (~50 services, ~50 k deployments
 * and their incidents) in a database of its own, dropped afterwards.
 * Prints p50/p95 of `--requests` sequential requests per run, and how long
 * each read of the page's derived fields takes (where the time goes).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     scripts/measure/deploymentPage.ts --db sqlite|postgres \
 *     [--requests 50] [--runs 2] [--offset 0] [--explain] [--keep NAME]
 *
 * `--keep NAME` keeps the database (Postgres: NAME; SQLite: /tmp/NAME.sqlite)
 * and, when it exists, measures it as it is after migrating it to the
 * latest schema: a before/after pair runs on the same rows, the after run
 * timing the migration. Drop it yourself (`--drop NAME` does only that).
 */
import { knex as createKnex, Knex } from 'knex';
import {
  DEFAULT_DORA_CONFIG,
  DEFAULT_PRODUCTION_ENVIRONMENTS,
  parseEvents,
} from '../../plugins/devops-insights-common/src';
import {
  DatabaseEventStore,
  migrateDatabase,
} from '../../plugins/devops-insights-backend/src/database/DatabaseEventStore';
import { NormalizedEvent } from '../../plugins/devops-insights-backend/src/database/EventStore';
import { ListStore } from '../../plugins/devops-insights-backend/src/database/ListStore';
import { deploymentList } from '../../plugins/devops-insights-backend/src/service/deploymentList';
import { buildOrg, serviceEvents, SIZES } from '../bench/generate';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const db = arg('db', 'sqlite');
const requests = Number(arg('requests', '50'));
const runs = Number(arg('runs', '2'));
const offset = Number(arg('offset', '0'));
const kept = arg('keep', '');
const dropOnly = arg('drop', '');
const name = dropOnly || kept || `deployment_page_${process.pid}`;
const DAY = 24 * 3600_000;

type Connection = {
  knex: Knex;
  /** Whether the database held the rows already (a kept one). */
  existed: boolean;
  /** Drops the database, or with `keep` only disconnects. */
  close: (keep: boolean) => Promise<void>;
};

async function connect(): Promise<Connection> {
  if (db === 'postgres') {
    const admin = createKnex({
      client: 'pg',
      connection: 'postgresql://postgres@127.0.0.1:5432/postgres',
    });
    const { rows } = await admin.raw(
      'SELECT 1 FROM pg_database WHERE datname = ?',
      [name],
    );
    const existed = rows.length > 0;
    if (!existed) await admin.raw(`CREATE DATABASE ${name}`);
    const knex = createKnex({
      client: 'pg',
      connection: `postgresql://postgres@127.0.0.1:5432/${name}`,
    });
    return {
      knex,
      existed,
      close: async keep => {
        await knex.destroy();
        if (!keep) await admin.raw(`DROP DATABASE ${name} WITH (FORCE)`);
        await admin.destroy();
      },
    };
  }
  const fs = require('node:fs');
  const file = `/tmp/${name}.sqlite`;
  const existed = fs.existsSync(file);
  const knex = createKnex({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  return {
    knex,
    existed,
    close: async keep => {
      await knex.destroy();
      if (!keep) fs.rmSync(file, { force: true });
    },
  };
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const pct = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)
  ];

/** Times each call of the ListStore's methods (where a request's time goes). */
function timed(lists: ListStore, spent: Map<string, number[]>): ListStore {
  return new Proxy(lists, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const start = process.hrtime.bigint();
        const result = await value.apply(target, args);
        const list = spent.get(String(property)) ?? [];
        list.push(ms(start));
        spent.set(String(property), list);
        return result;
      };
    },
  });
}

async function main() {
  const { knex: raw, existed, close } = await connect();
  if (dropOnly) {
    await close(false);
    return;
  }
  try {
    let start = process.hrtime.bigint();
    const knex = await migrateDatabase({ getClient: async () => raw });
    if (existed) {
      console.log(`${db}: migrated ${name} in ${ms(start).toFixed(0)} ms`);
    }
    const store = new DatabaseEventStore(knex);
    const org = buildOrg(SIZES.M, 1);
    const area = org.teams.find(t => t.parent === null)!;
    const teams = new Set([
      area.index,
      ...org.teams.filter(t => t.parent === area.index).map(t => t.index),
    ]);
    const services = org.services.filter(s => teams.has(s.team));
    const scope = services.map(s => s.ref);

    start = process.hrtime.bigint();
    let deployments = 0;
    for (const service of existed ? [] : services) {
      const generated = serviceEvents(org, service);
      deployments += generated.deployments.length;
      const all = [...generated.deployments, ...generated.incidents];
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
      }
    }
    if (db === 'postgres') await knex.raw('ANALYZE');
    if (!existed) {
      console.log(
        `${db}: ${area.name}, ${
          services.length
        } services, ${deployments} deployments stored in ${(
          ms(start) / 1000
        ).toFixed(1)} s`,
      );
    }

    const window = { from: org.endMs - 90 * DAY, to: org.endMs };
    const request = { limit: 50, offset };
    for (let run = 0; run < runs; run++) {
      const spent = new Map<string, number[]>();
      const lists = timed(new ListStore(knex), spent);
      const latencies: number[] = [];
      for (let i = 0; i < requests; i++) {
        start = process.hrtime.bigint();
        await deploymentList(
          lists,
          scope,
          window,
          request,
          DEFAULT_DORA_CONFIG,
        );
        latencies.push(ms(start));
      }
      const reads = [...spent]
        .map(([method, times]) => `${method} p50 ${pct(times, 50).toFixed(1)}`)
        .join(', ');
      console.log(
        `run ${run + 1}: ${requests} pages, p50 ${pct(latencies, 50).toFixed(
          1,
        )} ms, p95 ${pct(latencies, 95).toFixed(1)} ms (${reads})`,
      );
    }
    if (process.argv.includes('--explain') && db === 'postgres') {
      // Every statement of one request, slowest first.
      const plans: Array<{ ms: number; sql: string; plan: string }> = [];
      const statements: Array<{ sql: string; bindings: unknown[] }> = [];
      const log = (q: { sql: string; bindings: unknown[] }) =>
        statements.push(q);
      knex.on('query', log);
      await deploymentList(
        new ListStore(knex),
        scope,
        window,
        request,
        DEFAULT_DORA_CONFIG,
      );
      knex.off('query', log);
      for (const s of statements) {
        // knex logs Postgres' positional parameters; raw takes `?`.
        const { rows } = await knex.raw(
          `EXPLAIN (ANALYZE, BUFFERS) ${s.sql.replace(/\$\d+/g, '?')}`,
          s.bindings as any,
        );
        const plan = rows.map((r: any) => r['QUERY PLAN']).join('\n');
        const time = Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? 0);
        plans.push({ ms: time, sql: s.sql, plan });
      }
      plans.sort((a, b) => b.ms - a.ms);
      for (const p of plans.slice(0, 3)) {
        console.log(`--- ${p.ms} ms: ${p.sql.slice(0, 300)}\n${p.plan}`);
      }
    }
  } finally {
    await close(Boolean(kept));
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});

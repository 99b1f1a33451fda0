/**
 * yarn soak [--minutes M] [--writers W] [--readers R] [--batch N]
 *           [--max-requests N] [--samples N] [--seed N]
 *
 * Two backend replicas on one Postgres database, concurrent writers sending
 * overlapping, shuffled batches of the bench's size-S org to either replica
 * and concurrent readers of entity, team and rollup figures, for a bounded
 * time and number of requests. Then asserts: no 5xx (no non-200 at all), no
 * event lost or doubled (the created/updated/unchanged totals and the rows
 * stored are exactly the generated set), and both replicas answer identical
 * figures for sampled entities. Loopback only; the run's databases (own
 * prefix) are dropped at the end. See docs/benchmarks.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  Backend,
  benchConfig,
  dropPrefixedDatabases,
  freePort,
  PgTarget,
  pgQuery,
  pgTargetFromEnv,
  sleep,
  TOKEN,
} from '../bench/backend';
import {
  BenchEvent,
  buildOrg,
  catalogYaml,
  prng,
  serviceEvents,
  SIZES,
} from '../bench/generate';

type Options = {
  minutes: number;
  writers: number;
  readers: number;
  batch: number;
  maxRequests: number;
  samples: number;
  seed: number;
};

const USAGE = `usage: yarn soak [--minutes M (1-30, default 3)] [--writers W (default 4)]
  [--readers R (default 4)] [--batch N (events per write, default 200)]
  [--max-requests N (default 20000)] [--samples N (default 8)] [--seed N (default 42)]`;

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    minutes: 3,
    writers: 4,
    readers: 4,
    batch: 200,
    maxRequests: 20_000,
    samples: 8,
    seed: 42,
  };
  const bounds: Record<string, [keyof Options, number, number]> = {
    '--minutes': ['minutes', 0.1, 30],
    '--writers': ['writers', 1, 16],
    '--readers': ['readers', 0, 16],
    '--batch': ['batch', 2, 5000],
    '--max-requests': ['maxRequests', 1, 100_000],
    '--samples': ['samples', 1, 50],
    '--seed': ['seed', 0, 2 ** 31 - 1],
  };
  for (let i = 0; i < argv.length; i += 2) {
    const spec = bounds[argv[i]];
    const value = Number(argv[i + 1]);
    if (!spec || !Number.isFinite(value) || value < spec[1] || value > spec[2])
      fail(`${argv[i]} ${argv[i + 1] ?? ''}: not understood\n${USAGE}`);
    opts[spec[0]] = value;
  }
  return opts;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const log = (message: string) =>
  console.error(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}`);

const DAY = 24 * 3600 * 1000;

type Answer = { status: number; body: any; ms: number };

async function call(
  backend: Backend,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const started = performance.now();
  try {
    const res = await fetch(`${backend.baseUrl}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(120_000),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text
    }
    return {
      status: res.status,
      body: parsed,
      ms: performance.now() - started,
    };
  } catch (error) {
    // No answer (reset, timeout): as bad as a 5xx.
    return {
      status: 0,
      body: String(error),
      ms: performance.now() - started,
    };
  }
}

/** Statuses and latencies of one kind of request. */
class Tally {
  readonly statuses = new Map<number, number>();
  readonly latencies: number[] = [];
  firstFailure?: string;

  add(answer: Answer) {
    this.statuses.set(
      answer.status,
      (this.statuses.get(answer.status) ?? 0) + 1,
    );
    this.latencies.push(answer.ms);
    if (answer.status !== 200 && !this.firstFailure) {
      this.firstFailure = `${answer.status}: ${JSON.stringify(
        answer.body,
      ).slice(0, 300)}`;
    }
  }

  get count() {
    return this.latencies.length;
  }

  get failures() {
    return this.count - (this.statuses.get(200) ?? 0);
  }

  summary(): string {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (p: number) =>
      sorted.length
        ? Math.round(
            sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))],
          )
        : '-';
    const statuses = [...this.statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    return `n=${this.count} [${statuses}] p50/p95/max ${at(0.5)}/${at(0.95)}/${
      sorted.length ? Math.round(sorted[sorted.length - 1]) : '-'
    } ms`;
  }
}

/** Until both replicas' catalogs hold every component and group of the org. */
async function waitForCatalogs(
  backends: Backend[],
  counts: { component: number; group: number },
) {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const ready = await Promise.all(
      backends.flatMap(b =>
        (['component', 'group'] as const).map(async kind => {
          const answer = await call(
            b,
            `/api/catalog/entities?filter=kind=${kind}&fields=metadata.name`,
          );
          return (
            answer.status === 200 &&
            Array.isArray(answer.body) &&
            answer.body.length === counts[kind]
          );
        }),
      ),
    );
    if (ready.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error('catalogs not ready after 300s');
    await sleep(1000);
  }
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

const backends: Backend[] = [];
let pg: PgTarget | undefined;

async function cleanUp() {
  await Promise.all(backends.map(b => b.stop()));
  if (pg) {
    const dropped = await dropPrefixedDatabases(pg);
    log(`dropped ${dropped.length} databases ${pg.prefix}*`);
    pg = undefined;
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const target = pgTargetFromEnv('bench_soak');
  try {
    await pgQuery(target, 'SELECT 1');
  } catch (error) {
    fail(
      `Postgres not reachable at ${target.host}:${target.port}: ${
        (error as Error).message
      }`,
    );
  }
  pg = target;

  const org = buildOrg(SIZES.S, opts.seed);
  const tmp = mkdtempSync(join(tmpdir(), 'devops-insights-soak-'));
  const catalogFile = join(tmp, 'org.yaml');
  writeFileSync(catalogFile, catalogYaml(org));
  const rand = prng(opts.seed ^ 0x50a6);
  const pool: BenchEvent[] = shuffle(
    org.services.flatMap(service => {
      const { deployments, incidents } = serviceEvents(org, service);
      return [...deployments, ...incidents];
    }),
    rand,
  );
  log(
    `${pool.length} events of ${org.services.length} services; two replicas on Postgres (prefix ${target.prefix})`,
  );

  for (const name of ['a', 'b']) {
    const port = await freePort();
    const configFile = join(tmp, `replica-${name}.yaml`);
    writeFileSync(
      configFile,
      benchConfig({
        port,
        catalogFile,
        db: 'postgres',
        pg: target,
        sqliteDirectory: tmp,
      }),
    );
    const backend = new Backend({
      port,
      configFile,
      logFile: join(tmp, `replica-${name}.log`),
    });
    backends.push(backend);
    // One after the other: both would run the migrations.
    backend.start();
    await backend.waitReady(240_000);
    log(`replica ${name} ready on ${backend.baseUrl}`);
  }
  await waitForCatalogs(backends, {
    component: org.services.length,
    group: org.teams.length,
  });
  log(
    `catalogs loaded; ${opts.writers} writers, ${opts.readers} readers for ${opts.minutes} min (at most ${opts.maxRequests} requests)`,
  );

  const window = { from: org.endMs - 90 * DAY, to: org.endMs };
  const doraPath = (ref: string) =>
    `/api/devops-insights/v1/dora?entityRef=${encodeURIComponent(
      ref,
    )}&from=${new Date(window.from).toISOString()}&to=${new Date(
      window.to,
    ).toISOString()}`;
  const rollupPath = `/api/devops-insights/v1/rollup?from=${new Date(
    window.from,
  ).toISOString()}&to=${new Date(window.to).toISOString()}`;
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];

  const tallies = {
    write: new Tally(),
    entity: new Tally(),
    team: new Tally(),
    rollup: new Tally(),
  };
  const totals = { created: 0, updated: 0, unchanged: 0, sent: 0 };
  let requests = 0;
  let next = 0; // pool[0, next) were handed to a writer at least once
  const started = performance.now();
  const deadline = started + opts.minutes * 60_000;
  const running = () =>
    performance.now() < deadline && requests < opts.maxRequests;

  const write = async (events: BenchEvent[]) => {
    requests += 1;
    const answer = await call(
      pick(backends),
      '/api/devops-insights/v1/events',
      {
        events,
      },
    );
    tallies.write.add(answer);
    totals.sent += events.length;
    if (answer.status === 200) {
      totals.created += answer.body.created;
      totals.updated += answer.body.updated;
      totals.unchanged += answer.body.unchanged;
    }
  };
  /**
   * Three quarters events never sent, a quarter sent before (some of them
   * still in flight on the other replica), shuffled; each event once.
   */
  const writer = async () => {
    while (running()) {
      const sent = next;
      const fresh = pool.slice(next, next + Math.ceil((opts.batch * 3) / 4));
      next += fresh.length;
      const again = new Set<BenchEvent>();
      for (let i = 0; sent && i < opts.batch - fresh.length; i++) {
        again.add(pool[Math.floor(rand() * sent)]);
      }
      await write(shuffle([...fresh, ...again], rand));
    }
  };
  const reader = async () => {
    while (running()) {
      requests += 1;
      const r = rand();
      const backend = pick(backends);
      if (r < 0.05) tallies.rollup.add(await call(backend, rollupPath));
      else if (r < 0.35)
        tallies.team.add(await call(backend, doraPath(pick(org.teams).ref)));
      else
        tallies.entity.add(
          await call(backend, doraPath(pick(org.services).ref)),
        );
    }
  };
  let lastReport = started;
  const reporter = setInterval(() => {
    if (performance.now() - lastReport < 15_000) return;
    lastReport = performance.now();
    log(
      `  ${requests} requests, ${next}/${pool.length} events sent once, ${totals.sent} in all`,
    );
  }, 1000);
  await Promise.all([
    ...Array.from({ length: opts.writers }, writer),
    ...Array.from({ length: opts.readers }, reader),
  ]);
  clearInterval(reporter);
  // Events the time left unsent: sent now, so the final set is the pool.
  const unsent = pool.length - next;
  await Promise.all(
    Array.from({ length: opts.writers }, async () => {
      while (next < pool.length) {
        const rest = pool.slice(next, next + opts.batch);
        next += rest.length;
        await write(rest);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  log(
    `load done in ${seconds.toFixed(
      0,
    )}s (${unsent} events sent after the time); checking`,
  );

  const problems: string[] = [];
  for (const [name, tally] of Object.entries(tallies)) {
    log(`  ${name.padEnd(6)} ${tally.summary()}`);
    if (tally.failures) {
      problems.push(
        `${tally.failures} ${name} requests failed; first ${tally.firstFailure}`,
      );
    }
  }
  const expected = {
    created: pool.length,
    updated: 0,
    unchanged: totals.sent - pool.length,
  };
  const got = {
    created: totals.created,
    updated: totals.updated,
    unchanged: totals.unchanged,
  };
  log(`  totals ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  if (!isDeepStrictEqual(got, expected)) {
    problems.push(
      `totals ${JSON.stringify(got)} != ${JSON.stringify(expected)}`,
    );
  }
  const [rows] = await pgQuery(
    { ...target, database: `${target.prefix}devops-insights` },
    `SELECT (SELECT count(*) FROM deployments) AS deployments,
            (SELECT count(*) FROM incidents) AS incidents`,
  );
  const stored = {
    deployments: Number(rows.deployments),
    incidents: Number(rows.incidents),
  };
  const generated = {
    deployments: pool.filter(e => e.type === 'deployment').length,
    incidents: pool.filter(e => e.type === 'incident').length,
  };
  log(
    `  rows ${JSON.stringify(stored)}, generated ${JSON.stringify(generated)}`,
  );
  if (!isDeepStrictEqual(stored, generated)) {
    problems.push(
      `stored ${JSON.stringify(stored)} != generated ${JSON.stringify(
        generated,
      )}`,
    );
  }

  // Sampled services and teams, and the rollup: the same on both replicas.
  const sampled = [
    ...Array.from({ length: opts.samples }, () =>
      doraPath(pick(org.services).ref),
    ),
    ...Array.from({ length: Math.ceil(opts.samples / 4) }, () =>
      doraPath(pick(org.teams).ref),
    ),
    rollupPath,
  ];
  let identical = 0;
  for (const path of sampled) {
    const [a, b] = await Promise.all(backends.map(bk => call(bk, path)));
    if (a.status === 200 && isDeepStrictEqual(a.body, b.body)) identical += 1;
    else problems.push(`replicas differ on ${path} (${a.status}/${b.status})`);
  }
  log(`  identical on both replicas: ${identical}/${sampled.length}`);

  await cleanUp();
  if (problems.length) {
    for (const p of problems) console.log(`FAIL ${p}`);
    console.log(`backend logs kept in ${tmp}`);
    process.exit(1);
  }
  rmSync(tmp, { recursive: true, force: true });
  console.log(
    `soak passed: ${requests} requests in ${seconds.toFixed(0)}s, ${
      totals.sent
    } events sent for ${pool.length} distinct, ${identical}/${
      sampled.length
    } sampled answers identical`,
  );
  process.exit(0);
}

process.on('exit', () => backends.forEach(b => b.kill()));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, async () => {
    log(`${signal}: stopping`);
    backends.forEach(b => b.kill());
    if (pg) await dropPrefixedDatabases(pg).catch(() => undefined);
    process.exit(130);
  });
}

main().catch(async error => {
  console.error(error);
  await cleanUp().catch(() => undefined);
  process.exit(1);
});

import { MAX_EVENTS_PER_REQUEST } from '@devops-insights/backstage-plugin-common';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  Backend,
  benchConfig,
  DbKind,
  dropPrefixedDatabases,
  freePort,
  PgTarget,
  pgQuery,
  pgTargetFromEnv,
} from './backend';
import { waitForCatalog } from './catalog';
import { verify } from './correctness';
import { Org, prng } from './generate';
import { api, doraPath, isoOf, metricPath } from './http';
import { SyncProbe, syncProbeConfig } from './syncProbe';
import { ingest, IngestResult } from './ingest';
import { load } from './load';
import { describeShares, startCpuShares } from './cpuShares';
import { log } from './log';
import { Options } from './options';
import { pcts, Row } from './report';
import { chooseSamples } from './samples';

/** The phases of one database's run: start, ingest, check, read under load. */

const DAY = 24 * 3600 * 1000;

/** What a signal must stop: the backends and databases of the current run. */
export const active: { backends: Backend[]; pg?: PgTarget } = {
  backends: [],
};

/** Postgres with a database prefix of this run; null (noted) if unreachable. */
async function reachPostgres(row: Row): Promise<PgTarget | null> {
  const pg = pgTargetFromEnv('bench');
  try {
    await pgQuery(pg, 'SELECT 1');
  } catch (error) {
    row.note = `Postgres not reachable at ${pg.host}:${pg.port} (${
      (error as Error).message
    }); skipped`;
    log(row.note);
    return null;
  }
  return pg;
}

async function createBackend(
  db: DbKind,
  opts: Options,
  tmp: string,
  pg: PgTarget | undefined,
  replica: number,
  sqliteDirectory: string,
  bundleDir: string | undefined,
  syncProbeUrl: string | undefined,
): Promise<{ backend: Backend; where: string }> {
  const port = await freePort();
  const name = `${db}${opts.replicas > 1 ? `-${replica + 1}` : ''}`;
  const logFile = join(tmp, `backend-${name}.log`);
  const configFile = join(tmp, `bench-${name}.yaml`);
  writeFileSync(
    configFile,
    benchConfig({
      port,
      catalogFile: join(tmp, 'org.yaml'),
      db,
      pg,
      sqliteDirectory,
      factsMegabytes: opts.factsMegabytes,
      syncProbe: syncProbeUrl ? syncProbeConfig(syncProbeUrl) : undefined,
    }),
  );
  const backend = new Backend({
    port,
    probePort: await freePort(),
    configFile,
    logFile,
    heapMb: opts.backendHeapMb,
    bundleDir,
    pg,
  });
  return { backend, where: `127.0.0.1:${port} (log ${logFile})` };
}

/** Starts the first replica (it migrates the database), then the others. */
async function startBackends(
  backends: Array<{ backend: Backend; where: string }>,
  db: DbKind,
  org: Org,
) {
  const [first, ...others] = backends;
  const startOne = async ({ backend, where }: typeof first) => {
    log(`${db}: starting backend on ${where}`);
    backend.start();
    await backend.waitReady(600_000);
    log(
      `${db}: backend ${where.split(' ')[0]} ready (RSS ${backend
        .peakRssMb()
        .toFixed(0)} MB)`,
    );
  };
  await startOne(first);
  await Promise.all(others.map(startOne));
  log(`${db}: waiting for the catalog to hold the org`);
  await waitForCatalog(first.backend, org, 1_800_000);
}

async function ingestPhase(
  backends: Backend[],
  db: DbKind,
  org: Org,
  opts: Options,
  keep: Set<string>,
  row: Row,
): Promise<IngestResult> {
  log(
    `${db}: ingesting (${org.size.deployments} deployments, batches of ${MAX_EVENTS_PER_REQUEST}, ${opts.ingestConcurrency} in flight)`,
  );
  // Several replicas: the last is SIGKILLed halfway through.
  const victim = backends.length > 1 ? backends[backends.length - 1] : null;
  const shares = startCpuShares(() => backends.flatMap(b => b.pids()));
  const ingested = await profiled(
    backends,
    opts.cpuProfileDir,
    `${db} ingestion`,
    () =>
      ingest(
        backends,
        org,
        keep,
        opts.ingestConcurrency,
        opts.ingestBudgetSeconds * 1000,
        victim
          ? {
              deployments: org.size.deployments / 2,
              kill: () => victim.crash(),
            }
          : undefined,
      ),
  );
  row.events = ingested.events;
  row.ingestPerSecond = ingested.events / ingested.seconds;
  row.ingestCpu = describeShares(shares.stop(), ingested.events);
  log(`${db}: ingestion CPU ${row.ingestCpu}`);
  log(
    `${db}: ${ingested.events} events (${ingested.deployments} deployments, ${
      ingested.changes
    } changes, ${ingested.incidents} incidents, ${ingested.pages} pages, ${
      ingested.ciRuns
    } CI runs, ${ingested.shifts} shifts) in ${ingested.seconds.toFixed(
      1,
    )}s = ${Math.round(row.ingestPerSecond)}/s` +
      (ingested.unknownRefs
        ? `; ${ingested.unknownRefs} unknown entity refs!`
        : '') +
      (ingested.resent
        ? `; ${ingested.resent} batches resent after a lost connection (${ingested.resentToSurvivor} to a survivor of the kill)`
        : '') +
      (victim
        ? `; ${ingested.acceptedBeforeKill} events accepted before the kill`
        : ''),
  );
  return ingested;
}

/** Starts a new event-loop measurement on every live backend. */
async function resetLoops(backends: Backend[]) {
  await Promise.all(
    backends
      .filter(b => b.alive)
      .map(b => b.resetLoopDelay().catch(() => undefined)),
  );
}

/** The longest block over the backends since resetLoops. */
async function loopsOf(backends: Backend[]) {
  const all = await Promise.all(
    backends.filter(b => b.alive).map(b => b.loopDelay()),
  );
  const got = all.filter((l): l is NonNullable<typeof l> => l !== null);
  if (!got.length) return null;
  return {
    maxMs: Math.max(...got.map(l => l.maxMs)),
    p99Ms: Math.max(...got.map(l => l.p99Ms)),
    meanMs: Math.max(...got.map(l => l.meanMs)),
  };
}

/**
 * Runs `work` with V8's CPU profiler on in every live backend when
 * `--cpu-profile DIR` is given, writing DIR/<db>-<phase>-<replica>.cpuprofile
 * (open in Chrome DevTools, or summarise with scripts/measure/cpuProfileTop.ts).
 */
async function profiled<T>(
  backends: Backend[],
  profileDir: string | undefined,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  if (!profileDir) return work();
  const live = backends.filter(b => b.alive);
  await Promise.all(live.map(b => b.startProfile()));
  try {
    return await work();
  } finally {
    mkdirSync(profileDir, { recursive: true });
    const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await Promise.all(
      live.map((b, i) => {
        const file = resolve(profileDir, `${slug}-${i + 1}.cpuprofile`);
        return b.stopProfile(file).then(
          () => log(`cpu profile: ${file}`),
          error => log(`cpu profile of ${name} not written: ${error}`),
        );
      }),
    );
  }
}

async function timedPhase(
  backends: Backend[],
  db: DbKind,
  row: Row,
  name: string,
  requests: number,
  concurrency: number,
  budgetMs: number,
  paths: () => string,
  profileDir: string | undefined,
) {
  log(`${db}: ${name}, ${requests} requests, concurrency ${concurrency}`);
  await resetLoops(backends);
  const result = await profiled(backends, profileDir, `${db} ${name}`, () =>
    load(backends, paths, requests, concurrency, budgetMs),
  );
  const loop = await loopsOf(backends);
  row.phases.push({ name, concurrency, result, loop });
  log(
    `${db}: ${name}: ${pcts(result)} ms; event loop blocked up to ${
      loop ? `${loop.maxMs} ms` : 'n/a'
    }`,
  );
  return result;
}

/** The read phases under load, each with the backends' event-loop blocks. */
async function readPhases(
  backends: Backend[],
  db: DbKind,
  org: Org,
  keep: Set<string>,
  opts: Options,
  window: { from: number; to: number },
  row: Row,
) {
  const rand = prng(opts.seed ^ 0x10ad);
  const pickOf = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  const budget = opts.budgetSeconds * 1000;
  const phase = (name: string, concurrency: number, paths: () => string) =>
    timedPhase(
      backends,
      db,
      row,
      name,
      opts.requests,
      concurrency,
      budget,
      paths,
      opts.cpuProfileDir,
    );
  row.entity = await phase('entity DORA', opts.concurrency, () =>
    doraPath(pickOf(org.services).ref, window),
  );
  row.team = await phase('team DORA', opts.concurrency, () =>
    doraPath(pickOf(org.teams).ref, window),
  );
  const rollupPath = `/api/devops-insights/v1/rollup?from=${isoOf(
    window.from,
  )}&to=${isoOf(window.to)}`;
  const probeStarted = performance.now();
  const probe = await profiled(
    backends,
    opts.cpuProfileDir,
    `${db} first rollup`,
    () =>
      api(backends[0], rollupPath, {
        timeoutMs: Math.max(120_000, budget),
      }).catch(error => ({ status: 0, body: String(error) })),
  );
  const firstSeconds = (performance.now() - probeStarted) / 1000;
  log(
    `${db}: first rollup request: ${
      probe.status || 'no answer'
    } in ${firstSeconds.toFixed(1)}s`,
  );
  if (probe.status === 200) {
    row.firstRollupSeconds = firstSeconds;
    row.rollup = await phase('rollup', opts.concurrency, () => rollupPath);
    row.rollupsAfterNewData = await rollupsAfterNewData(
      backends,
      db,
      org,
      keep,
      rollupPath,
      window,
    );
  } else {
    log(`${db}: rollup answered ${probe.status}; not measured`);
  }
  await phase(
    `entity DORA × ${opts.burstConcurrency} in flight`,
    opts.burstConcurrency,
    () => doraPath(pickOf(org.services).ref, window),
  );
  // Before the area phases: they may take a replica down at large sizes.
  await restartPhase(backends, db, org, opts, window, row);
  // Areas pool ~10 teams each (L: ~100 teams over two levels).
  const areas = org.teams.filter(t => t.parent === null);
  await phase('area deployments page', opts.concurrency, () => {
    const area = pickOf(areas).ref;
    return `/api/devops-insights/v1/deployments?entityRef=${encodeURIComponent(
      area,
    )}&from=${isoOf(window.from)}&to=${isoOf(window.to)}&limit=50`;
  });
  for (const metric of ['toil', 'oncall'] as const) {
    for (const days of [90, 180]) {
      const w = { from: org.endMs - days * DAY, to: org.endMs };
      await phase(
        `area ${metric === 'toil' ? 'toil' : 'on-call'} ${days} d`,
        opts.areaConcurrency,
        () => metricPath(metric, pickOf(areas).ref, w),
      );
    }
  }
}

const NEW_DATA_ROUNDS = 3;

/**
 * The rollup as leaders meet it while data arrives: a batch of new
 * deployments (one each for 1 % of the services, none of the sampled ones,
 * sent to the first replica as CI would) and then the rollup, asked of the
 * next replica (as a load balancer may), timed; then asked of the first
 * replica, which serves the answer the other stored. Facts are warm, unlike
 * the first rollup after a year's ingestion.
 */
async function rollupsAfterNewData(
  backends: Backend[],
  db: DbKind,
  org: Org,
  keep: Set<string>,
  rollupPath: string,
  window: { from: number; to: number },
): Promise<Array<{ computed: number; other: number }>> {
  const out: Array<{ computed: number; other: number }> = [];
  const services = org.services.filter(s => !keep.has(s.ref));
  const other = backends[1 % backends.length];
  const timed = async (backend: Backend) => {
    const started = performance.now();
    const res = await api(backend, rollupPath, { timeoutMs: 300_000 });
    if (res.status !== 200) throw new Error(`rollup answered ${res.status}`);
    return (performance.now() - started) / 1000;
  };
  for (let round = 0; round < NEW_DATA_ROUNDS; round++) {
    const at = window.to - 3_600_000 - round * 60_000;
    const events = services
      .filter((_, i) => i % 100 === round)
      .map(service => ({
        type: 'deployment',
        source: 'bench-new-data',
        id: `${service.ref}-${round}`,
        entityRef: service.ref,
        environment: 'production',
        status: 'success',
        startedAt: new Date(at - 600_000).toISOString(),
        finishedAt: new Date(at).toISOString(),
        trigger: 'automatic',
        changes: [
          {
            id: `bench-new-data-${service.ref}-${round}`,
            authoredAt: new Date(at - 86_400_000).toISOString(),
          },
        ],
      }));
    const sent = await api(backends[0], '/api/devops-insights/v1/events', {
      method: 'POST',
      body: JSON.stringify({ events }),
    });
    if (sent.status !== 200) throw new Error(`new data: ${sent.status}`);
    const computed = await timed(other);
    out.push({ computed, other: await timed(backends[0]) });
    log(
      `${db}: rollup after ${events.length} new deployments: ${computed.toFixed(
        2,
      )} s on replica ${backends.indexOf(other) + 1}, then ${out[
        round
      ].other.toFixed(2)} s on replica 1`,
    );
  }
  return out;
}

/**
 * A rolling restart: the first replica stops (SIGTERM) and starts again; the
 * first `restartRequests` entity DORA requests it answers are timed.
 */
async function restartPhase(
  backends: Backend[],
  db: DbKind,
  org: Org,
  opts: Options,
  window: { from: number; to: number },
  row: Row,
) {
  const rand = prng(opts.seed ^ 0x4e57);
  const backend = backends[0];
  log(`${db}: restarting a backend`);
  await backend.stop();
  backend.start();
  await backend.waitReady(600_000);
  await timedPhase(
    [backend],
    db,
    row,
    'entity DORA after restart',
    opts.restartRequests,
    opts.concurrency,
    opts.budgetSeconds * 1000,
    () =>
      doraPath(
        org.services[Math.floor(rand() * org.services.length)].ref,
        window,
      ),
    opts.cpuProfileDir,
  );
}

/**
 * Stored rows against generated events, straight from the database: none
 * lost (a batch answered 200 before a kill) and none doubled (a batch sent
 * again to a survivor after its first attempt was stored).
 */
async function checkRows(
  pg: PgTarget,
  ingested: IngestResult,
  row: Row,
  problems: string[],
) {
  const [counts] = await pgQuery(
    { ...pg, database: `${pg.prefix}devops-insights` },
    `SELECT (SELECT count(*) FROM deployments) AS deployments,
            (SELECT count(*) FROM incidents) AS incidents,
            (SELECT count(*) FROM pages) AS pages,
            (SELECT count(*) FROM ci_runs) AS ci_runs`,
  );
  const stored = {
    deployments: Number(counts.deployments),
    incidents: Number(counts.incidents),
    pages: Number(counts.pages),
    ciRuns: Number(counts.ci_runs),
  };
  const generated = {
    deployments: ingested.deployments,
    incidents: ingested.incidents,
    pages: ingested.pages,
    ciRuns: ingested.ciRuns,
  };
  const same = Object.entries(generated).every(
    ([k, v]) => stored[k as keyof typeof stored] === v,
  );
  row.rows = `${same ? 'exact' : 'DIFFERENT'}: ${Object.entries(stored)
    .map(([k, v]) => `${k} ${v}/${generated[k as keyof typeof generated]}`)
    .join(', ')}`;
  log(`${row.db}: stored rows ${row.rows}`);
  if (!same) problems.push(`stored rows differ from generated: ${row.rows}`);
  // For docs/operations.md's sizing: the plugin's database after the year.
  const tables = await pgQuery(
    { ...pg, database: `${pg.prefix}devops-insights` },
    `SELECT pg_database_size(current_database()) AS total,
            c.relname AS name, pg_total_relation_size(c.oid) AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = 'public'
      ORDER BY bytes DESC LIMIT 6`,
  );
  const mb = (bytes: unknown) => `${Math.round(Number(bytes) / 2 ** 20)} MB`;
  log(
    `${row.db}: database size ${mb(
      tables[0]?.total,
    )}; largest tables with indexes: ${tables
      .map(t => `${t.name} ${mb(t.bytes)}`)
      .join(', ')}`,
  );
}

async function dropDatabases(db: DbKind, pg: PgTarget) {
  try {
    const dropped = await dropPrefixedDatabases(pg);
    log(`${db}: dropped ${dropped.length} databases ${pg.prefix}*`);
  } catch (error) {
    log(
      `${db}: could not drop databases ${pg.prefix}*: ${
        (error as Error).message
      }`,
    );
  }
}

/** One database: every phase, its figures in a report row. */
export async function runOne(
  db: DbKind,
  org: Org,
  opts: Options,
  tmp: string,
  bundleDir: string | undefined,
  syncProbe: SyncProbe | undefined,
): Promise<Row> {
  const row: Row = {
    size: opts.size,
    db,
    events: 0,
    ingestPerSecond: null,
    entity: null,
    team: null,
    rollup: null,
    phases: [],
    peakRssMb: null,
    peakRssPerReplicaMb: [],
    identical: 'n/a',
    replicas: opts.replicas,
  };
  let pg: PgTarget | undefined;
  if (db === 'postgres') {
    pg = (await reachPostgres(row)) ?? undefined;
    if (!pg) return row;
    active.pg = pg;
  }
  const sqliteDirectory = mkdtempSync(join(tmp, 'sqlite-'));
  const created = [];
  for (let i = 0; i < opts.replicas; i++) {
    created.push(
      await createBackend(
        db,
        opts,
        tmp,
        pg,
        i,
        sqliteDirectory,
        bundleDir,
        syncProbe?.url,
      ),
    );
  }
  const backends = created.map(c => c.backend);
  active.backends = backends;
  const problems: string[] = [];
  try {
    await startBackends(created, db, org);
    syncProbe?.reset();
    const samples = chooseSamples(org, opts);
    const keep = new Set(samples.flatMap(s => s.serviceRefs));
    const ingested = await ingestPhase(backends, db, org, opts, keep, row);
    const rssAfterIngest = backends.map(b => b.peakRssMb());
    for (const [i, b] of backends.entries()) {
      if (!b.alive) {
        log(`${db}: starting the killed replica ${i + 1} again`);
        b.start();
        await b.waitReady(600_000);
      }
    }
    if (pg) await checkRows(pg, ingested, row, problems);
    const window = { from: org.endMs - 90 * DAY, to: org.endMs };
    // Checked before the load: abandoned slow requests must not delay it.
    log(
      `${db}: checking ${samples.length} sampled entities against the pure functions on ${backends.length} replica(s)`,
    );
    let identical = 0;
    let total = 0;
    for (const b of backends) {
      const check = await verify(b, samples, ingested.kept, window);
      identical += check.identical;
      total += check.total;
      for (const m of check.mismatches) log(`  MISMATCH ${b.baseUrl} ${m}`);
    }
    row.identical = `${identical}/${total}`;
    await readPhases(backends, db, org, keep, opts, window, row);
    if (syncProbe) {
      // Restarts: the killed replica and the rolling restart.
      const sync = syncProbe.result(backends.length > 1 ? 2 : 1);
      row.sync = `${sync.runs} runs in ${sync.seconds.toFixed(0)} s, every ${
        sync.frequencySeconds
      } s (at most ${sync.allowedRuns}), across ${
        backends.length
      } replicas; shortest gap ${
        sync.minGapSeconds === null
          ? 'n/a'
          : `${sync.minGapSeconds.toFixed(1)} s`
      }: ${sync.oncePerCycle ? 'once per cycle' : 'NOT once per cycle'}`;
      log(`${db}: scheduled sync ${row.sync}`);
      if (!sync.oncePerCycle) problems.push(`scheduled sync: ${row.sync}`);
    }
    row.peakRssPerReplicaMb = backends.map(b => b.peakRssMb());
    row.peakRssMb = Math.max(...row.peakRssPerReplicaMb);
    log(
      `${db}: peak RSS ${rssAfterIngest
        .map(m => m.toFixed(0))
        .join(' / ')} MB after ingestion, ${row.peakRssPerReplicaMb
        .map(m => m.toFixed(0))
        .join(' / ')} MB at the end`,
    );
    if (problems.length) row.note = `failed: ${problems.join('; ')}`;
  } catch (error) {
    row.note = `failed: ${[...problems, (error as Error).message].join('; ')}`;
    log(`${db}: ${row.note}`);
    row.peakRssPerReplicaMb = backends.map(b => b.peakRssMb());
    row.peakRssMb = Math.max(0, ...row.peakRssPerReplicaMb) || null;
  } finally {
    await Promise.all(backends.map(b => b.stop()));
    active.backends = [];
    if (pg) {
      await dropDatabases(db, pg);
      active.pg = undefined;
    }
  }
  return row;
}

/**
 * yarn bench [--size S|M] [--db sqlite|postgres|both] [--requests N]
 *            [--concurrency C] [--seed N] [--markdown]
 *
 * Generates a deterministic synthetic org through the events API of the demo
 * backend, then measures ingestion throughput, latency of the entity DORA,
 * team DORA and rollup endpoints and of area-level toil and on-call under
 * concurrent load, the backend's longest event-loop block per phase and its
 * peak RSS, on SQLite and on Postgres; checks a sample of entities against
 * the pure metric functions. See docs/benchmarks.md.
 */
import {
  buildDoraIndex,
  doraMetricsOfIndex,
  doraWeeklyOfIndex,
  DeploymentRow,
  IncidentRow,
  MAX_EVENTS_PER_REQUEST,
} from '@devops-insights/backstage-plugin-common';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  Backend,
  benchConfig,
  DbKind,
  dropPrefixedDatabases,
  freePort,
  LoopDelay,
  PgTarget,
  pgQuery,
  sleep,
  TOKEN,
} from './backend';
import {
  BenchEvent,
  buildOrg,
  catalogYaml,
  DeploymentInput,
  IncidentInput,
  Org,
  prng,
  serviceEvents,
  SIZES,
  SizeName,
  teamShifts,
} from './generate';

type Options = {
  size: SizeName;
  dbs: DbKind[];
  requests: number;
  concurrency: number;
  /** Readers in flight for the area-level toil and on-call phases. */
  areaConcurrency: number;
  ingestConcurrency: number;
  seed: number;
  sampleServices: number;
  sampleTeams: number;
  budgetSeconds: number;
  ingestBudgetSeconds: number;
  /** The backend's `--max-old-space-size`; undefined: V8's default. */
  backendHeapMb?: number;
  markdown: boolean;
};

const USAGE = `usage: yarn bench [--size S|M] [--db sqlite|postgres|both] [--requests N]
                  [--concurrency C] [--area-concurrency C]
                  [--ingest-concurrency C] [--seed N]
                  [--sample-services N] [--sample-teams N] [--budget-seconds S]
                  [--ingest-budget-seconds S] [--backend-heap-mb N] [--markdown]`;

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    size: 'S',
    dbs: ['sqlite', 'postgres'],
    requests: 200,
    concurrency: 8,
    areaConcurrency: 16,
    ingestConcurrency: 3,
    seed: 42,
    sampleServices: 8,
    sampleTeams: 2,
    budgetSeconds: 120,
    ingestBudgetSeconds: 1800,
    markdown: false,
  };
  const int = (name: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      fail(`${name} must be an integer ≥ ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--size': {
        const v = value()?.toUpperCase();
        if (v !== 'S' && v !== 'M') fail('--size must be S or M');
        opts.size = v as SizeName;
        break;
      }
      case '--db': {
        const v = value();
        if (v === 'both') opts.dbs = ['sqlite', 'postgres'];
        else if (v === 'sqlite' || v === 'postgres') opts.dbs = [v];
        else fail('--db must be sqlite, postgres or both');
        break;
      }
      case '--requests':
        opts.requests = int(flag, value(), 1);
        break;
      case '--concurrency':
        opts.concurrency = int(flag, value(), 1);
        break;
      case '--area-concurrency':
        opts.areaConcurrency = int(flag, value(), 1);
        break;
      case '--ingest-concurrency':
        opts.ingestConcurrency = int(flag, value(), 1);
        break;
      case '--seed':
        opts.seed = int(flag, value(), 0);
        break;
      case '--sample-services':
        opts.sampleServices = int(flag, value(), 0);
        break;
      case '--sample-teams':
        opts.sampleTeams = int(flag, value(), 0);
        break;
      case '--budget-seconds':
        opts.budgetSeconds = int(flag, value(), 1);
        break;
      case '--ingest-budget-seconds':
        opts.ingestBudgetSeconds = int(flag, value(), 1);
        break;
      case '--backend-heap-mb':
        opts.backendHeapMb = int(flag, value(), 64);
        break;
      case '--markdown':
        opts.markdown = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default:
        fail(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return opts;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const log = (message: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

const DAY = 24 * 3600 * 1000;

// ---------------------------------------------------------------- HTTP

/**
 * A kept-alive socket the server closed while this process was busy (the
 * generator blocks the event loop for seconds under load) fails the next
 * request before any byte reached the backend. Every route the bench calls
 * is idempotent, so such a request is sent again on a new connection.
 */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

async function api(
  backend: Backend,
  path: string,
  init: { method?: string; body?: string; timeoutMs?: number } = {},
): Promise<{ status: number; body: any }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request(backend, path, init);
    } catch (error) {
      const code = ((error as Error).cause as { code?: string })?.code;
      if (attempt >= 3 || !code || !STALE_SOCKET.has(code)) throw error;
      log(`${path.split('?')[0]}: ${code}, sending again`);
    }
  }
}

async function request(
  backend: Backend,
  path: string,
  init: { method?: string; body?: string; timeoutMs?: number },
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${backend.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(init.body && { 'content-type': 'application/json' }),
    },
    body: init.body,
    signal: AbortSignal.timeout(init.timeoutMs ?? 120_000),
  }).catch(error => {
    // undici says only "fetch failed"; the cause names what happened.
    throw new Error(`${error.message}: ${error.cause?.message ?? ''}`);
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, body };
}

/** Waits until the catalog holds the whole org with its relations stitched. */
async function waitForCatalog(backend: Backend, org: Org, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!backend.alive)
      throw new Error('backend exited while the catalog was loading');
    try {
      const [groups, components] = await Promise.all([
        api(
          backend,
          '/api/catalog/entities?filter=kind=group&fields=metadata.name,relations',
        ),
        api(
          backend,
          '/api/catalog/entities?filter=kind=component&fields=metadata.name,relations',
        ),
      ]);
      if (groups.status === 200 && components.status === 200) {
        const hasRel = (e: any, type: string) =>
          (e.relations ?? []).some((r: any) => r.type === type);
        const expectedChildren = org.teams.filter(
          t => t.parent !== null,
        ).length;
        const g = groups.body as any[];
        const c = components.body as any[];
        const stitchedGroups = g.filter(e => hasRel(e, 'childOf')).length;
        const stitchedComponents = c.filter(e => hasRel(e, 'ownedBy')).length;
        last = `${g.length}/${org.teams.length} groups (${stitchedGroups}/${expectedChildren} childOf), ${stitchedComponents}/${org.services.length} components owned`;
        if (
          g.length === org.teams.length &&
          stitchedGroups === expectedChildren &&
          c.length === org.services.length &&
          stitchedComponents === org.services.length
        ) {
          return;
        }
      } else {
        last = `catalog answered ${groups.status}/${components.status}`;
      }
    } catch (error) {
      last = String(error);
    }
    await sleep(1000);
  }
  throw new Error(`catalog not ready after ${timeoutMs / 1000}s: ${last}`);
}

// ---------------------------------------------------------------- ingestion

type Sample = { ref: string; serviceRefs: string[]; kind: 'entity' | 'team' };

type IngestResult = {
  events: number;
  deployments: number;
  changes: number;
  incidents: number;
  pages: number;
  ciRuns: number;
  shifts: number;
  /** Batches sent again after a lost connection. */
  resent: number;
  seconds: number;
  unknownRefs: number;
  /** Generated events of the sampled services, for the correctness check. */
  kept: Map<
    string,
    { deployments: DeploymentInput[]; incidents: IncidentInput[] }
  >;
};

async function ingest(
  backend: Backend,
  org: Org,
  keep: Set<string>,
  concurrency: number,
  budgetMs: number,
): Promise<IngestResult> {
  const result: IngestResult = {
    events: 0,
    deployments: 0,
    changes: 0,
    incidents: 0,
    pages: 0,
    ciRuns: 0,
    shifts: 0,
    resent: 0,
    seconds: 0,
    unknownRefs: 0,
    kept: new Map(),
  };
  const inFlight = new Set<Promise<void>>();
  let failure: Error | undefined;
  const send = (batch: BenchEvent[]) => {
    const body = JSON.stringify({ events: batch });
    const p = (async () => {
      // A batch is idempotent (upsert by key), so one lost to the connection
      // (a keep-alive socket the backend closed as the batch was written to
      // it, after a long synchronous write) is sent again, a bounded number
      // of times, and counted.
      const post = () =>
        api(backend, '/api/devops-insights/v1/events', {
          method: 'POST',
          body,
          timeoutMs: 600_000,
        });
      let res;
      for (let attempt = 1; ; attempt++) {
        try {
          res = await post();
          break;
        } catch (error) {
          if (attempt === 3 || !/^Error: fetch failed/.test(String(error)))
            throw error;
          result.resent += 1;
        }
      }
      if (res.status !== 200) {
        throw new Error(
          `events API answered ${res.status}: ${JSON.stringify(res.body).slice(
            0,
            500,
          )}`,
        );
      }
      result.unknownRefs += res.body.unknownEntityRefs?.length ?? 0;
    })()
      .catch(error => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };

  const started = performance.now();
  let batch: BenchEvent[] = [];
  let lastReport = started;
  const shifts = org.teams.flatMap(team => teamShifts(org, team));
  result.shifts = shifts.length;
  for (const service of [null, ...org.services]) {
    const events = service
      ? serviceEvents(org, service)
      : { deployments: [], incidents: [], pages: [], ciRuns: [], changes: 0 };
    result.deployments += events.deployments.length;
    result.incidents += events.incidents.length;
    result.pages += events.pages.length;
    result.ciRuns += events.ciRuns.length;
    result.changes += events.changes;
    if (service && keep.has(service.ref)) result.kept.set(service.ref, events);
    // Incidents after deployments, so causedBy usually names a stored row;
    // the teams' shifts first of all.
    for (const event of [
      ...(service ? [] : shifts),
      ...events.deployments,
      ...events.incidents,
      ...events.pages,
      ...events.ciRuns,
    ]) {
      batch.push(event);
      if (batch.length === MAX_EVENTS_PER_REQUEST) {
        send(batch);
        result.events += batch.length;
        batch = [];
        while (inFlight.size >= concurrency) await Promise.race(inFlight);
        if (failure) throw failure;
      }
    }
    if (performance.now() - started > budgetMs) {
      await Promise.all(inFlight);
      const s = (performance.now() - started) / 1000;
      throw new Error(
        `ingestion stopped at the ${budgetMs / 1000}s budget: ${
          result.events
        } events in ${s.toFixed(0)}s (${Math.round(result.events / s)}/s)`,
      );
    }
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      const s = (lastReport - started) / 1000;
      log(
        `  ingested ${result.events} events in ${s.toFixed(0)}s (${Math.round(
          result.events / s,
        )}/s)`,
      );
    }
  }
  if (batch.length) {
    send(batch);
    result.events += batch.length;
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

// ---------------------------------------------------------------- load

type LoadResult = {
  ok: number;
  errors: number;
  firstError?: string;
  latencies: number[];
  skipped?: string;
};

async function load(
  backend: Backend,
  paths: () => string,
  requests: number,
  concurrency: number,
  budgetMs: number,
): Promise<LoadResult> {
  const result: LoadResult = { ok: 0, errors: 0, latencies: [] };
  const deadline = Date.now() + budgetMs;
  let issued = 0;
  const worker = async () => {
    while (issued < requests && Date.now() < deadline && backend.alive) {
      issued += 1;
      const path = paths();
      const t0 = performance.now();
      try {
        const res = await api(backend, path, {
          timeoutMs: Math.max(120_000, budgetMs),
        });
        const ms = performance.now() - t0;
        if (res.status === 200) {
          result.ok += 1;
          result.latencies.push(ms);
        } else {
          result.errors += 1;
          result.firstError ??= `${res.status} ${JSON.stringify(res.body).slice(
            0,
            200,
          )}`;
        }
      } catch (error) {
        result.errors += 1;
        result.firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (issued < requests) {
    result.skipped = `${issued}/${requests} requests within the ${
      budgetMs / 1000
    }s budget`;
  }
  return result;
}

function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

// ---------------------------------------------------------------- correctness

const msOf = (iso: string | undefined) => (iso ? Date.parse(iso) : null);

function deploymentRow(d: DeploymentInput): DeploymentRow {
  return {
    source: d.source,
    id: d.id,
    entityRef: d.entityRef,
    production: ['production', 'prod'].includes(d.environment.toLowerCase()),
    status: d.status,
    trigger: d.trigger ?? null,
    startedAt: msOf(d.startedAt),
    finishedAt: msOf(d.finishedAt),
    changes: d.changes.map(c => ({
      id: c.id,
      authoredAt: Date.parse(c.authoredAt),
      pullRequestOpenedAt: msOf(c.pullRequestOpenedAt),
      mergedAt: msOf(c.mergedAt),
    })),
    remediatesDeployment: d.remediates?.deployment ?? null,
    remediatesIncidentId: d.remediates?.incidentId ?? null,
  };
}

function incidentRow(i: IncidentInput): IncidentRow {
  return {
    source: i.source,
    id: i.id,
    entityRef: i.entityRef,
    urgency: i.urgency,
    createdAt: Date.parse(i.createdAt),
    acknowledgedAt: msOf(i.acknowledgedAt),
    resolvedAt: msOf(i.resolvedAt),
    causedBy: i.causedBy ?? null,
    changeRelated: i.changeRelated ?? null,
    autoResolved: null,
    dedupKey: i.dedupKey,
    title: i.title,
    postmortemUrl: null,
  };
}

async function verify(
  backend: Backend,
  samples: Sample[],
  kept: IngestResult['kept'],
  window: { from: number; to: number },
): Promise<{ identical: number; total: number; mismatches: string[] }> {
  let identical = 0;
  const mismatches: string[] = [];
  for (const sample of samples) {
    const events = sample.serviceRefs.map(ref => kept.get(ref)!);
    const index = buildDoraIndex({
      scopeEntityRefs: new Set(sample.serviceRefs),
      deployments: events.flatMap(e => e.deployments.map(deploymentRow)),
      incidents: events.flatMap(e => e.incidents.map(incidentRow)),
    });
    const expected = {
      ...doraMetricsOfIndex(index, window),
      weekly: doraWeeklyOfIndex(index, window),
      scope: { entityRefs: [...sample.serviceRefs].sort() },
    };
    const res = await api(backend, doraPath(sample.ref, window), {
      timeoutMs: 600_000,
    });
    if (res.status !== 200) {
      mismatches.push(`${sample.ref}: HTTP ${res.status}`);
      continue;
    }
    const { entityRef: _r, window: _w, ...actual } = res.body;
    actual.scope = { entityRefs: [...actual.scope.entityRefs].sort() };
    if (isDeepStrictEqual(actual, expected)) {
      identical += 1;
    } else {
      const differing = Object.keys(expected).filter(
        k => !isDeepStrictEqual(actual[k], (expected as any)[k]),
      );
      mismatches.push(`${sample.ref}: differs in ${differing.join(', ')}`);
    }
  }
  return { identical, total: samples.length, mismatches };
}

// ---------------------------------------------------------------- run

const isoOf = (ms: number) => new Date(ms).toISOString();
const metricPath = (
  metric: 'dora' | 'toil' | 'oncall',
  ref: string,
  w: { from: number; to: number },
) =>
  `/api/devops-insights/v1/${metric}?entityRef=${encodeURIComponent(
    ref,
  )}&from=${isoOf(w.from)}&to=${isoOf(w.to)}`;
const doraPath = (ref: string, w: { from: number; to: number }) =>
  metricPath('dora', ref, w);

/** One read phase: its latencies and how long the backend's loop blocked. */
type Phase = {
  name: string;
  concurrency: number;
  result: LoadResult;
  loop: LoopDelay | null;
};

type Row = {
  size: string;
  db: string;
  events: number;
  ingestPerSecond: number | null;
  entity: LoadResult | null;
  team: LoadResult | null;
  rollup: LoadResult | null;
  phases: Phase[];
  peakRssMb: number | null;
  identical: string;
  note?: string;
};

function chooseSamples(org: Org, opts: Options): Sample[] {
  const rand = prng(opts.seed ^ 0x5eed);
  const pick = <T>(items: T[], n: number) => {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length)
      out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
    return out;
  };
  const services = pick(org.services, opts.sampleServices).map(s => ({
    ref: s.ref,
    serviceRefs: [s.ref],
    kind: 'entity' as const,
  }));
  // Leaf teams: their scope is exactly the services they own.
  const leaves = org.teams.filter(
    t => !org.teams.some(c => c.parent === t.index),
  );
  const teams = pick(leaves, opts.sampleTeams).map(t => ({
    ref: t.ref,
    serviceRefs: org.services.filter(s => s.team === t.index).map(s => s.ref),
    kind: 'team' as const,
  }));
  return [...services, ...teams];
}

let current: Backend | undefined;
let currentPg: PgTarget | undefined;

async function runOne(
  db: DbKind,
  org: Org,
  opts: Options,
  tmp: string,
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
    identical: 'n/a',
  };
  let pg: PgTarget | undefined;
  if (db === 'postgres') {
    pg = {
      host: process.env.BENCH_PG_HOST ?? '127.0.0.1',
      port: Number(process.env.BENCH_PG_PORT ?? 5432),
      user: process.env.BENCH_PG_USER ?? 'postgres',
      prefix: `bench_${process.pid}_${Date.now().toString(36)}_`,
    };
    try {
      await pgQuery(pg, 'SELECT 1');
    } catch (error) {
      row.note = `Postgres not reachable at ${pg.host}:${pg.port} (${
        (error as Error).message
      }); skipped`;
      log(row.note);
      return row;
    }
    currentPg = pg;
  }

  const port = await freePort();
  const catalogFile = join(tmp, 'org.yaml');
  const configFile = join(tmp, `bench-${db}.yaml`);
  writeFileSync(
    configFile,
    benchConfig({
      port,
      catalogFile,
      db,
      pg,
      sqliteDirectory: mkdtempSync(join(tmp, 'sqlite-')),
    }),
  );
  const backend = new Backend({
    port,
    probePort: await freePort(),
    configFile,
    logFile: join(tmp, `backend-${db}.log`),
    heapMb: opts.backendHeapMb,
  });
  current = backend;
  try {
    log(
      `${db}: starting backend on 127.0.0.1:${port} (log ${join(
        tmp,
        `backend-${db}.log`,
      )})`,
    );
    backend.start();
    await backend.waitReady(240_000);
    log(
      `${db}: backend ready (RSS ${backend
        .peakRssMb()
        .toFixed(0)} MB), waiting for the catalog to hold the org`,
    );
    await waitForCatalog(backend, org, 300_000);

    const samples = chooseSamples(org, opts);
    const keep = new Set(samples.flatMap(s => s.serviceRefs));
    log(
      `${db}: ingesting (${org.size.deployments} deployments, batches of ${MAX_EVENTS_PER_REQUEST}, ${opts.ingestConcurrency} in flight)`,
    );
    const ingested = await ingest(
      backend,
      org,
      keep,
      opts.ingestConcurrency,
      opts.ingestBudgetSeconds * 1000,
    );
    row.events = ingested.events;
    const rssAfterIngest = backend.peakRssMb();
    row.ingestPerSecond = ingested.events / ingested.seconds;
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
          ? `; ${ingested.resent} batches resent after a lost connection`
          : ''),
    );

    const window = { from: org.endMs - 90 * DAY, to: org.endMs };
    const rand = prng(opts.seed ^ 0x10ad);
    const pickOf = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
    const budget = opts.budgetSeconds * 1000;
    // Checked before the load: abandoned slow requests must not delay it.
    log(
      `${db}: checking ${samples.length} sampled entities against the pure functions`,
    );
    const check = await verify(backend, samples, ingested.kept, window);
    row.identical = `${check.identical}/${check.total}`;
    for (const m of check.mismatches) log(`  MISMATCH ${m}`);

    const phase = async (
      name: string,
      concurrency: number,
      paths: () => string,
    ) => {
      log(
        `${db}: ${name}, ${opts.requests} requests, concurrency ${concurrency}`,
      );
      await backend.resetLoopDelay().catch(() => undefined);
      const result = await load(
        backend,
        paths,
        opts.requests,
        concurrency,
        budget,
      );
      const loop = await backend.loopDelay();
      row.phases.push({ name, concurrency, result, loop });
      log(
        `${db}: ${name}: ${pcts(result)} ms; event loop blocked up to ${
          loop ? `${loop.maxMs} ms` : 'n/a'
        }`,
      );
      return result;
    };
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
    const probe = await api(backend, rollupPath, {
      timeoutMs: Math.max(120_000, budget),
    }).catch(error => ({ status: 0, body: String(error) }));
    log(
      `${db}: first rollup request: ${probe.status || 'no answer'} in ${(
        (performance.now() - probeStarted) /
        1000
      ).toFixed(1)}s`,
    );
    if (probe.status === 200) {
      row.rollup = await phase('rollup', opts.concurrency, () => rollupPath);
    } else {
      log(`${db}: rollup answered ${probe.status}; not measured`);
    }

    // Areas pool ~10 teams each: the reads that re-derive per request.
    const areas = org.teams.filter(t => t.parent === null);
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

    row.peakRssMb = backend.peakRssMb();
    log(
      `${db}: peak RSS ${rssAfterIngest.toFixed(
        0,
      )} MB after ingestion, ${row.peakRssMb.toFixed(0)} MB at the end`,
    );
  } catch (error) {
    row.note = `failed: ${(error as Error).message}`;
    log(`${db}: ${row.note}`);
    row.peakRssMb = backend.peakRssMb() || null;
  } finally {
    await backend.stop();
    current = undefined;
    if (pg) {
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
      currentPg = undefined;
    }
  }
  return row;
}

const ms = (v: number | null) =>
  v === null ? 'n/a' : v < 10 ? v.toFixed(1) : v.toFixed(0);

function pcts(r: LoadResult | null) {
  if (!r || !r.latencies.length) return 'n/a';
  const s = [...r.latencies].sort((a, b) => a - b);
  return (
    `${ms(percentile(s, 0.5))} / ${ms(percentile(s, 0.95))} / ${ms(
      percentile(s, 0.99),
    )}` +
    (r.errors ? ` (${r.errors} err)` : '') +
    (r.skipped ? ` (n=${r.ok})` : '')
  );
}

function table(rows: Row[], markdown: boolean): string {
  const header = [
    'size',
    'database',
    'events',
    'ingest events/s',
    'entity p50/p95/p99 ms',
    'team p50/p95/p99 ms',
    'rollup p50/p95/p99 ms',
    'peak RSS MB',
    'identical',
  ];
  const body = rows.map(r => [
    r.size,
    r.db,
    r.events ? String(r.events) : 'n/a',
    r.ingestPerSecond === null ? 'n/a' : String(Math.round(r.ingestPerSecond)),
    pcts(r.entity),
    pcts(r.team),
    pcts(r.rollup),
    r.peakRssMb === null ? 'n/a' : r.peakRssMb.toFixed(0),
    r.identical,
  ]);
  return render(header, body, markdown);
}

/** Every read phase with the backend's longest event-loop block in it. */
function phaseTable(rows: Row[], markdown: boolean): string {
  const header = [
    'size',
    'database',
    'phase',
    'concurrency',
    'p50/p95/p99 ms',
    'loop blocked max ms',
    'loop delay p99 ms',
  ];
  const body = rows.flatMap(r =>
    r.phases.map(p => [
      r.size,
      r.db,
      p.name,
      String(p.concurrency),
      pcts(p.result),
      p.loop ? ms(p.loop.maxMs) : 'n/a',
      p.loop ? ms(p.loop.p99Ms) : 'n/a',
    ]),
  );
  return render(header, body, markdown);
}

function render(header: string[], body: string[][], markdown: boolean) {
  if (markdown) {
    return [header, header.map(() => '---'), ...body]
      .map(c => `| ${c.join(' | ')} |`)
      .join('\n');
  }
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map(b => b[i].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    widths.map(w => '-'.repeat(w)).join('  '),
    ...body.map(line),
  ].join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const org = buildOrg(SIZES[opts.size], opts.seed);
  const tmp = mkdtempSync(join(tmpdir(), 'devops-insights-bench-'));
  writeFileSync(join(tmp, 'org.yaml'), catalogYaml(org));
  log(
    `size ${opts.size}: ${org.services.length} services, ${org.teams.length} teams, ${org.size.deployments} deployments over ${org.size.days} days (seed ${opts.seed})`,
  );

  const cleanupSync = () => current?.kill();
  process.on('exit', cleanupSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, async () => {
      log(`${signal}: stopping the backend`);
      current?.kill();
      if (currentPg)
        await dropPrefixedDatabases(currentPg).catch(() => undefined);
      process.exit(130);
    });
  }

  const rows: Row[] = [];
  let failed = false;
  for (const db of opts.dbs) {
    const row = await runOne(db, org, opts, tmp);
    rows.push(row);
    log(`${db} done:\n${table([row], opts.markdown)}`);
    if (row.note?.startsWith('failed')) failed = true;
    if (
      row.identical !== 'n/a' &&
      row.identical.split('/')[0] !== row.identical.split('/')[1]
    ) {
      failed = true;
    }
  }

  console.log();
  console.log(table(rows, opts.markdown));
  console.log();
  console.log(phaseTable(rows, opts.markdown));
  for (const r of rows) {
    for (const { name, result: l } of r.phases) {
      if (l?.skipped) console.log(`note: ${r.db} ${name}: ${l.skipped}`);
      if (l?.firstError)
        console.log(`note: ${r.db} ${name}: first error ${l.firstError}`);
    }
    if (r.note) console.log(`note: ${r.db}: ${r.note}`);
  }
  if (!failed) rmSync(tmp, { recursive: true, force: true });
  else console.log(`backend logs kept in ${tmp}`);
  process.exit(failed ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  current?.kill();
  process.exit(1);
});

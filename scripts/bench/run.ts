import { MAX_EVENTS_PER_REQUEST } from '@devops-insights/backstage-plugin-common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { ingest, IngestResult } from './ingest';
import { load } from './load';
import { log } from './log';
import { Options } from './options';
import { pcts, Row } from './report';
import { chooseSamples } from './samples';

/** The phases of one database's run: start, ingest, check, read under load. */

const DAY = 24 * 3600 * 1000;

/** What a signal must stop: the backend and databases of the current run. */
export const active: { backend?: Backend; pg?: PgTarget } = {};

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
): Promise<{ backend: Backend; where: string }> {
  const port = await freePort();
  const logFile = join(tmp, `backend-${db}.log`);
  const configFile = join(tmp, `bench-${db}.yaml`);
  writeFileSync(
    configFile,
    benchConfig({
      port,
      catalogFile: join(tmp, 'org.yaml'),
      db,
      pg,
      sqliteDirectory: mkdtempSync(join(tmp, 'sqlite-')),
    }),
  );
  const backend = new Backend({
    port,
    probePort: await freePort(),
    configFile,
    logFile,
    heapMb: opts.backendHeapMb,
  });
  return { backend, where: `127.0.0.1:${port} (log ${logFile})` };
}

async function startBackend(
  backend: Backend,
  where: string,
  db: DbKind,
  org: Org,
) {
  log(`${db}: starting backend on ${where}`);
  backend.start();
  await backend.waitReady(240_000);
  log(
    `${db}: backend ready (RSS ${backend
      .peakRssMb()
      .toFixed(0)} MB), waiting for the catalog to hold the org`,
  );
  await waitForCatalog(backend, org, 300_000);
}

async function ingestPhase(
  backend: Backend,
  db: DbKind,
  org: Org,
  opts: Options,
  keep: Set<string>,
  row: Row,
): Promise<IngestResult> {
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
  return ingested;
}

/** The read phases under load, each with the backend's event-loop blocks. */
async function readPhases(
  backend: Backend,
  db: DbKind,
  org: Org,
  opts: Options,
  window: { from: number; to: number },
  row: Row,
) {
  const rand = prng(opts.seed ^ 0x10ad);
  const pickOf = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  const budget = opts.budgetSeconds * 1000;
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
    pg = (await reachPostgres(row)) ?? undefined;
    if (!pg) return row;
    active.pg = pg;
  }
  const { backend, where } = await createBackend(db, opts, tmp, pg);
  active.backend = backend;
  try {
    await startBackend(backend, where, db, org);
    const samples = chooseSamples(org, opts);
    const keep = new Set(samples.flatMap(s => s.serviceRefs));
    const ingested = await ingestPhase(backend, db, org, opts, keep, row);
    const rssAfterIngest = backend.peakRssMb();
    const window = { from: org.endMs - 90 * DAY, to: org.endMs };
    // Checked before the load: abandoned slow requests must not delay it.
    log(
      `${db}: checking ${samples.length} sampled entities against the pure functions`,
    );
    const check = await verify(backend, samples, ingested.kept, window);
    row.identical = `${check.identical}/${check.total}`;
    for (const m of check.mismatches) log(`  MISMATCH ${m}`);
    await readPhases(backend, db, org, opts, window, row);
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
    active.backend = undefined;
    if (pg) {
      await dropDatabases(db, pg);
      active.pg = undefined;
    }
  }
  return row;
}

/**
 * yarn bench [--size S|M|L] [--db sqlite|postgres|both] [--replicas N]
 *            [--dev] [--requests N] [--concurrency C] [--seed N] [--markdown]
 *
 * Generates a deterministic synthetic org through the events API of the
 * backend (built, as production runs it; `--dev`: from TypeScript), then
 * measures ingestion throughput, latency of the entity DORA, team DORA and
 * rollup endpoints, of an area's deployments page, of area-level toil and
 * on-call under concurrent load and of a restarted replica's first requests,
 * the backend's longest event-loop block per phase and each replica's peak
 * RSS, on SQLite and on Postgres; checks a sample of entities against the
 * pure metric functions on every replica. With several replicas on one
 * Postgres it also kills one mid-ingestion and checks nothing was lost or
 * doubled, and that a scheduled source sync runs once per cycle across them.
 * See docs/benchmarks.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropPrefixedDatabases } from './backend';
import { prepareBuiltBackend } from './build';
import { buildOrg, catalogYaml, SIZES } from './generate';
import { log } from './log';
import { parseArgs } from './options';
import { phaseTable, Row, table, targetsTable } from './report';
import { active, runOne } from './run';
import { PAGERDUTY_SERVICE_ID, SyncProbe } from './syncProbe';

// The command: options.ts reads the command line, run.ts runs the phases of
// one database (ingest.ts, correctness.ts, load.ts), report.ts prints tables.

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const org = buildOrg(SIZES[opts.size], opts.seed);
  const tmp = mkdtempSync(join(tmpdir(), 'devops-insights-bench-'));
  // Several replicas: a PagerDuty source on a short schedule polls a probe.
  const syncProbe = opts.replicas > 1 ? new SyncProbe() : undefined;
  await syncProbe?.start();
  writeFileSync(
    join(tmp, 'org.yaml'),
    catalogYaml(org, {
      pagerDutyServiceId: syncProbe ? PAGERDUTY_SERVICE_ID : undefined,
    }),
  );
  log(
    `size ${opts.size}: ${org.services.length} services, ${
      org.teams.length
    } teams, ${org.size.deployments} deployments over ${
      org.size.days
    } days (seed ${opts.seed}); ${opts.replicas} ${
      opts.dev ? 'TypeScript (--dev)' : 'built'
    } backend(s)`,
  );
  const bundleDir = opts.dev
    ? undefined
    : prepareBuiltBackend(join(tmp, 'bundle'));

  const killAll = () => active.backends.forEach(b => b.kill());
  const cleanupSync = killAll;
  process.on('exit', cleanupSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, async () => {
      log(`${signal}: stopping the backends`);
      killAll();
      if (active.pg)
        await dropPrefixedDatabases(active.pg).catch(() => undefined);
      process.exit(130);
    });
  }

  const rows: Row[] = [];
  let failed = false;
  for (const db of opts.dbs) {
    const row = await runOne(db, org, opts, tmp, bundleDir, syncProbe);
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
  console.log();
  console.log(targetsTable(rows, opts.markdown));
  for (const r of rows) {
    for (const { name, result: l } of r.phases) {
      if (l?.skipped) console.log(`note: ${r.db} ${name}: ${l.skipped}`);
      if (l?.firstError)
        console.log(`note: ${r.db} ${name}: first error ${l.firstError}`);
    }
    if (r.ingestCpu) console.log(`note: ${r.db}: ingestion CPU ${r.ingestCpu}`);
    if (r.rows) console.log(`note: ${r.db}: stored rows ${r.rows}`);
    if (r.sync) console.log(`note: ${r.db}: scheduled sync ${r.sync}`);
    if (r.note) console.log(`note: ${r.db}: ${r.note}`);
  }
  syncProbe?.close();
  if (!failed) rmSync(tmp, { recursive: true, force: true });
  else console.log(`backend logs kept in ${tmp}`);
  process.exit(failed ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  active.backends.forEach(b => b.kill());
  process.exit(1);
});

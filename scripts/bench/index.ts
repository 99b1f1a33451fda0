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
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropPrefixedDatabases } from './backend';
import { buildOrg, catalogYaml, SIZES } from './generate';
import { log } from './log';
import { parseArgs } from './options';
import { phaseTable, Row, table } from './report';
import { active, runOne } from './run';

// The command: options.ts reads the command line, run.ts runs the phases of
// one database (ingest.ts, correctness.ts, load.ts), report.ts prints tables.

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const org = buildOrg(SIZES[opts.size], opts.seed);
  const tmp = mkdtempSync(join(tmpdir(), 'devops-insights-bench-'));
  writeFileSync(join(tmp, 'org.yaml'), catalogYaml(org));
  log(
    `size ${opts.size}: ${org.services.length} services, ${org.teams.length} teams, ${org.size.deployments} deployments over ${org.size.days} days (seed ${opts.seed})`,
  );

  const cleanupSync = () => active.backend?.kill();
  process.on('exit', cleanupSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, async () => {
      log(`${signal}: stopping the backend`);
      active.backend?.kill();
      if (active.pg)
        await dropPrefixedDatabases(active.pg).catch(() => undefined);
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
  active.backend?.kill();
  process.exit(1);
});

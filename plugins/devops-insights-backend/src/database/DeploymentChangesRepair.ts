import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  changeRowsOf,
  DEPLOYMENT_CHANGES,
  replaceDeploymentChanges,
} from './deploymentChanges';
import { time } from './ordering';
import { isPostgres } from './postgresWrites';
import { retryTransaction } from './retryTransaction';
import { Row, rowKey } from './rowWriter';
import { byPrimaryKey } from './writeOrder';

/** The migration that created and filled `deployment_changes`. */
export const DEPLOYMENT_CHANGES_MIGRATION =
  '20261202000000_deployment_changes.js';
/** The plugin's first migration: in the same batch, the database is new. */
const FIRST_MIGRATION = '20261127000000_events.js';

/** How long after the migration a replica of the previous release may still write. */
export const REPAIR_WINDOW_MS = 24 * 3600_000;
/**
 * How far before the migration's recorded time deployments are looked at:
 * knex records the time when the migration ends (tens of minutes after it
 * began at L, while old replicas kept writing) by the migrating replica's
 * clock, and the writers' clocks may differ from it.
 */
const LOOKBACK_MS = 6 * 3600_000;
/** Deployments read per statement of the scan. */
const SCAN_BATCH = 1000;
/** Deployments locked and repaired per transaction (SQLite's parameter bound). */
const REPAIR_CHUNK = 150;

const COLUMNS = [
  'source',
  'external_id',
  'entity_ref',
  'finished_at',
  'changes',
];

/** A change row as a comparable string. */
const changeRowKey = (r: Row) =>
  `${r.change_id}\u0000${r.entity_ref}\u0000${time(r.finished_at)}`;

const timeOf = (value: unknown) =>
  value instanceof Date
    ? value.getTime()
    : Number(value) || Date.parse(String(value));

/**
 * Re-derives the `deployment_changes` rows of deployments whose rows do not
 * match their `changes` column (deploymentChanges.ts). Replicas of the
 * release before that table existed keep storing deployments during a rolling
 * upgrade, after the migration filled it, without their change rows (or,
 * updating a deployment, leaving the previous version's); a re-send does not
 * fix them, as an unchanged event is not rewritten. Only the lists read the
 * table (ListStore.deploymentsNamingChanges: who shipped a change first); the
 * DORA facts read the deployments' own `changes`, so a repair changes no
 * facts and bumps no entity version.
 *
 * Bounded: it runs only within {@link REPAIR_WINDOW_MS} of the migration, and
 * on a database the migration created, where no earlier release ever wrote,
 * not at all; it compares only deployments received since shortly before the
 * migration, read in primary key order a batch at a time.
 */
export class DeploymentChangesRepair {
  private over = false;

  constructor(
    private readonly deps: {
      knex: Knex;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  /**
   * At start and hourly on one replica at a time (scope global): each run
   * walks the deployments table, so not more often; an old replica's list
   * rows are right again within the hour.
   */
  async schedule(scheduler: SchedulerService): Promise<void> {
    // Nothing left to repair for good: no task at all.
    if ((await this.since()) === undefined) return;
    await scheduler.scheduleTask({
      id: 'devops-insights-deployment-changes-repair',
      scope: 'global',
      frequency: { hours: 1 },
      timeout: { minutes: 30 },
      fn: async () => {
        const repaired = await this.run();
        if (repaired) {
          this.deps.logger.info(
            `Repaired the change rows of ${repaired} deployments stored by a previous release`,
          );
        }
      },
    });
  }

  /** The deployments repaired. */
  async run(): Promise<number> {
    const since = await this.since();
    if (since === undefined) return 0;
    const { knex } = this.deps;
    let repaired = 0;
    let after: Row | undefined;
    for (;;) {
      // No index on received_at: the batches walk the primary key (the
      // migration's order, the database's collation; no locks are taken).
      const query = knex('deployments')
        .select(COLUMNS)
        .where('received_at', '>=', since)
        .orderBy(['source', 'external_id'])
        .limit(SCAN_BATCH);
      if (after) {
        query.whereRaw('("source", "external_id") > (?, ?)', [
          after.source as string,
          after.external_id as string,
        ]);
      }
      const batch: Row[] = await query;
      if (!batch.length) break;
      const differing = (await differingIn(knex, batch)).sort(byPrimaryKey);
      for (let i = 0; i < differing.length; i += REPAIR_CHUNK) {
        const keys = differing.slice(i, i + REPAIR_CHUNK);
        repaired += await retryTransaction(() =>
          knex.transaction(tx => repairChunk(tx, keys)),
        );
      }
      if (batch.length < SCAN_BATCH) break;
      after = batch[batch.length - 1];
    }
    return repaired;
  }

  /**
   * The earliest `received_at` a deployment missing its rows can have, or
   * undefined when none can be: the migration has not run, ran with the
   * first (a new database), or ran longer than the window ago.
   */
  private async since(): Promise<number | undefined> {
    if (this.over) return undefined;
    // Migrations skipped here (backend.database.skipMigrations) and run by
    // other means may have left no knex record: nothing to go by.
    if (!(await this.deps.knex.schema.hasTable('knex_migrations'))) {
      this.over = true;
      return undefined;
    }
    const rows: Array<{
      name: string;
      batch: number;
      migration_time: unknown;
    }> = await this.deps
      .knex('knex_migrations')
      .select('name', 'batch', 'migration_time')
      .whereIn('name', [FIRST_MIGRATION, DEPLOYMENT_CHANGES_MIGRATION]);
    const migration = rows.find(r => r.name === DEPLOYMENT_CHANGES_MIGRATION);
    const first = rows.find(r => r.name === FIRST_MIGRATION);
    if (!migration) return undefined;
    const migratedAt = timeOf(migration.migration_time);
    const now = (this.deps.now ?? Date.now)();
    if (
      Number(first?.batch) === Number(migration.batch) ||
      now - migratedAt > REPAIR_WINDOW_MS
    ) {
      this.over = true;
      return undefined;
    }
    return migratedAt - LOOKBACK_MS;
  }
}

/** The deployments (COLUMNS) whose stored change rows are not their changes'. */
async function differingIn(db: Knex, deployments: Row[]): Promise<Row[]> {
  const stored = new Map<string, string[]>();
  for (let i = 0; i < deployments.length; i += REPAIR_CHUNK) {
    const rows: Row[] = await db(DEPLOYMENT_CHANGES)
      .select('source', 'external_id', 'change_id', 'entity_ref', 'finished_at')
      .whereIn(
        ['source', 'external_id'],
        deployments
          .slice(i, i + REPAIR_CHUNK)
          .map(d => [d.source as string, d.external_id as string]),
      );
    for (const row of rows) {
      const list = stored.get(rowKey(row)) ?? [];
      list.push(changeRowKey(row));
      stored.set(rowKey(row), list);
    }
  }
  const same = (a: string[], b: string[]) => {
    if (a.length !== b.length) return false;
    const sorted = [...b].sort();
    return [...a].sort().every((x, n) => x === sorted[n]);
  };
  return deployments.filter(
    d => !same(changeRowsOf(d).map(changeRowKey), stored.get(rowKey(d)) ?? []),
  );
}

/**
 * Replaces the change rows of these deployments (in lock order) that still
 * differ once locked. The deployment's row lock first, as the event store and
 * the retention cleaner take it before touching its change rows
 * (writeOrder.ts): an upsert of the same deployment waits for this
 * transaction or this one for it, and the rows read under the lock are its
 * latest version's. SQLite has one writer: the transaction suffices.
 */
async function repairChunk(tx: Knex.Transaction, keys: Row[]): Promise<number> {
  const query = tx('deployments')
    .select(COLUMNS)
    .whereIn(
      ['source', 'external_id'],
      keys.map(k => [k.source as string, k.external_id as string]),
    );
  const locked: Row[] = isPostgres(tx)
    ? await query
        .orderByRaw('"source" COLLATE "C", "external_id" COLLATE "C"')
        .forUpdate()
    : await query;
  const differing = (await differingIn(tx, locked)).map(d => ({
    ...d,
    finished_at: time(d.finished_at),
  }));
  // Every one of them is deleted first: some hold a former version's rows.
  await replaceDeploymentChanges(
    tx,
    differing,
    new Map(differing.map(d => [rowKey(d), d])),
  );
  return differing.length;
}

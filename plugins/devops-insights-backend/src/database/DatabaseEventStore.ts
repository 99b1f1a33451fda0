import {
  appendTo,
  ROWS_PER_STEP,
  TimeWindow,
} from '@devops-insights/backstage-plugin-common';
import { createHash } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  ActivityRows,
  DoraRows,
  EventStore,
  NormalizedEvent,
  UpsertOptions,
  StoredIncident,
  StoredPage,
  StoredShift,
  ToilActivity,
  UpsertResult,
} from './EventStore';
import { TimeSlice } from '../cooperative';
import {
  ciRunTable,
  deploymentTable,
  incidentTable,
  pageTable,
  recordOf,
  shiftTable,
  toilReportTable,
} from './records';
import { bumpVersions, deploymentEntities } from './entityVersions';
import { replaceDeploymentChanges } from './deploymentChanges';
import {
  EARLIEST_WINS,
  isStale,
  loweredByStale,
  SOURCE_UPDATED_AT,
  withEarliest,
} from './ordering';
import { ChunkPlan, Row, rowKey, RowWriter } from './rowWriter';
import { writerFor } from './writerFor';
import { whereIn } from './whereIn';
import { deleteStaleShifts, ShiftScope } from './replaceShifts';
import { retryTransaction } from './retryTransaction';
import { byPrimaryKey, compareCodePoints } from './writeOrder';

const migrationsDir = resolvePackagePath(
  '@devops-insights/backstage-plugin-backend',
  'migrations',
);

const ACTIVITY_TABLES: ReadonlyArray<keyof ActivityRows> = [
  'pages',
  'shifts',
  'ciRuns',
  'toilReports',
];
const READ_CHUNK = 900;

/** The columns naming the deployment a row points at, per table. */
export const POINTERS: Record<string, [string, string] | undefined> = {
  deployments: ['remediates_source', 'remediates_id'],
  incidents: ['caused_by_source', 'caused_by_id'],
};

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/** Applies the plugin's migrations; shared by every store on its database. */
export async function migrateDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({ directory: migrationsDir });
  }
  return knex;
}

/**
 * The knex implementation of EventStore on PostgreSQL and SQLite: which rows
 * count as created, updated or unchanged, and what they change, is decided
 * here for both; each database's writer (writerFor.ts) only writes.
 */
export class DatabaseEventStore implements EventStore {
  private readonly writer: RowWriter;
  private readonly postgres: boolean;

  /** Throws for a database other than PostgreSQL and SQLite. */
  constructor(private readonly knex: Knex, writer?: RowWriter) {
    this.writer = writer ?? writerFor(knex);
    this.postgres = knex.client?.config?.client === 'pg';
  }

  async upsert(
    events: NormalizedEvent[],
    options: UpsertOptions = {},
  ): Promise<UpsertResult> {
    return this.upsertChanging(events, async tx => {
      await options.beforeWrite?.(tx);
      return [];
    });
  }

  /**
   * The upsert, after `before` ran in its transaction: the entities `before`
   * returns change too, and every version moves once, last (writeOrder.ts).
   */
  private async upsertChanging(
    events: NormalizedEvent[],
    before: (tx: Knex.Transaction) => Promise<string[]>,
  ): Promise<UpsertResult> {
    // Re-sent identities within one batch: the last version wins.
    const latest = new Map<
      string,
      { table: string; record: Record<string, unknown> }
    >();
    // Re-sent identities within one batch: the last version wins, unless it
    // is older than an earlier one by the source's own time (ordering.ts).
    for (const event of events) {
      const { table, record } = recordOf(event);
      const key = `${table}\u0000${event.source}\u0000${event.id}`;
      const previous = latest.get(key)?.record;
      let kept = record;
      if (previous) {
        // The newer version stays, with what the other one still adds.
        kept = isStale(previous, record)
          ? withEarliest(table, record, previous)
          : withEarliest(table, previous, record);
      }
      latest.set(key, { table, record: kept });
    }

    const byTable = new Map<string, Record<string, unknown>[]>();
    for (const { table, record } of latest.values()) {
      // The hash of the version accepted, so a re-sent event is unchanged.
      const content_hash = createHash('sha256')
        .update(JSON.stringify(record))
        .digest('hex');
      appendTo(byTable, table, { ...record, content_hash });
    }
    // Lock order (see writeOrder.ts): tables by name, rows by primary key,
    // entity_versions last.
    const tables = [...byTable.keys()].sort(compareCodePoints);
    for (const records of byTable.values()) records.sort(byPrimaryKey);

    const counts = { created: 0, updated: 0, unchanged: 0 };
    const changed = new Set<string>();
    const receivedAt = Date.now();
    const write = async (tx: Knex.Transaction) => {
      for (const ref of await before(tx)) changed.add(ref);
      // Deployments whose entity's facts change because a row pointing at
      // them changed: looked up once all tables are written.
      const pointedAt = new Map<string, Set<string>>();
      const pointAt = (source: unknown, id: unknown) => {
        if (source === null || source === undefined) return;
        const ids = pointedAt.get(source as string) ?? new Set<string>();
        ids.add(id as string);
        pointedAt.set(source as string, ids);
      };
      for (const table of tables) {
        const pointer = POINTERS[table];
        const columns = [
          'source',
          'external_id',
          'content_hash',
          'entity_ref',
          SOURCE_UPDATED_AT,
          ...(EARLIEST_WINS[table] ?? []),
          ...(pointer ?? []),
        ];
        // The one diff of every database: counts, changed entities and what
        // to write, from the rows stored before the chunk.
        const plan = (chunk: Row[], existing: Map<string, Row>): ChunkPlan => {
          const toWrite: Row[] = [];
          const toLower: Row[] = [];
          for (const r of chunk) {
            const old = existing.get(rowKey(r));
            if (old === undefined) counts.created += 1;
            else if (old.content_hash === r.content_hash) {
              counts.unchanged += 1;
              continue;
            } else if (isStale(old, r)) {
              // Older than the stored row by the source's own time: a late
              // delivery, left out but for an earlier first occurrence it
              // carries.
              const lowered = loweredByStale(table, old, r);
              if (!lowered) {
                counts.unchanged += 1;
                continue;
              }
              counts.updated += 1;
              changed.add(old.entity_ref as string);
              toLower.push({
                source: r.source,
                external_id: r.external_id,
                ...lowered,
              });
              continue;
            } else counts.updated += 1;
            // The entity it belonged to and the one it belongs to now, and
            // the deployments it pointed and points at.
            for (const version of old ? [old, r] : [r]) {
              changed.add(version.entity_ref as string);
              if (pointer) pointAt(version[pointer[0]], version[pointer[1]]);
            }
            toWrite.push(old ? withEarliest(table, old, r) : r);
          }
          return { toWrite, toLower };
        };
        for (const chunk of chunks(
          byTable.get(table)!,
          this.writer.chunkSize,
        )) {
          let written: Row[] = [];
          let stored = new Map<string, Row>();
          await this.writer.writeChunk(
            tx,
            table,
            columns,
            chunk,
            receivedAt,
            existing => {
              const decided = plan(chunk, existing);
              written = decided.toWrite;
              stored = existing;
              return decided;
            },
          );
          // Under the locks the chunk took (deploymentChanges.ts).
          if (table === deploymentTable.table) {
            await replaceDeploymentChanges(tx, written, stored);
          }
        }
      }
      for (const ref of await deploymentEntities(tx, pointedAt)) {
        changed.add(ref);
      }
      await bumpVersions(tx, changed);
    };
    // A deadlock or serialization failure the lock order does not rule out
    // (a third writer, a chunk boundary, a row inserted meanwhile) rolled
    // everything back: run the whole transaction again.
    await retryTransaction(() => {
      Object.assign(counts, { created: 0, updated: 0, unchanged: 0 });
      changed.clear();
      return this.knex.transaction(write);
    });
    return { ...counts, changedEntityRefs: [...changed].sort() };
  }

  async replaceShifts(
    scope: ShiftScope,
    shifts: NormalizedEvent[],
  ): Promise<UpsertResult & { deleted: number }> {
    // Stale shifts are deleted inside the upsert's transaction, so a retry
    // deletes them again and their entities' versions move with the rest.
    let deleted = 0;
    const upserted = await this.upsertChanging(shifts, async tx => {
      const deletedFrom = await deleteStaleShifts(
        tx,
        scope,
        new Set(shifts.map(s => s.id)),
      );
      deleted = deletedFrom.length;
      return deletedFrom;
    });
    return { ...upserted, deleted };
  }

  async versions(entityRefs: string[]): Promise<Map<string, number>> {
    const versions = new Map<string, number>();
    if (!entityRefs.length) return versions;
    // Every metric request reads them, a rollup for every entity of the org.
    const rows = await whereIn(
      this.knex('entity_versions').select('entity_ref', 'version'),
      'entity_ref',
      entityRefs,
      this.postgres,
    );
    for (const row of rows) versions.set(row.entity_ref, Number(row.version));
    return versions;
  }

  async entityRefs(): Promise<string[]> {
    const rows = await this.knex('entity_versions').select('entity_ref');
    return rows.map(row => row.entity_ref);
  }

  async loadDora(entityRefs: string[]): Promise<DoraRows> {
    const deployments = new Map<
      string,
      ReturnType<typeof deploymentTable.fromRow>
    >();
    const incidents = new Map<
      string,
      ReturnType<typeof incidentTable.fromRow>
    >();
    for (const refs of chunks(entityRefs, READ_CHUNK)) {
      // Rows of other entities that point at the scope's deployments: joined
      // from the scope's side so both databases drive the lookup by index.
      const pointingAt = (
        table: 'deployments' | 'incidents',
        source: string,
        id: string,
      ) =>
        this.knex(`${table} as p`)
          .join('deployments as d', join =>
            join
              .on(`p.${source}`, 'd.source')
              .andOn(`p.${id}`, 'd.external_id'),
          )
          .whereIn('d.entity_ref', refs)
          .whereNotIn('p.entity_ref', refs)
          .select('p.*');
      const [own, remediating, ownIncidents, causedBy] = await Promise.all([
        this.knex('deployments').whereIn('entity_ref', refs),
        pointingAt('deployments', 'remediates_source', 'remediates_id'),
        this.knex('incidents').whereIn('entity_ref', refs),
        pointingAt('incidents', 'caused_by_source', 'caused_by_id'),
      ]);
      for (const r of [...own, ...remediating]) {
        deployments.set(
          `${r.source}\u0000${r.external_id}`,
          deploymentTable.fromRow(r),
        );
      }
      for (const r of [...ownIncidents, ...causedBy]) {
        incidents.set(
          `${r.source}\u0000${r.external_id}`,
          incidentTable.fromRow(r),
        );
      }
    }
    return {
      deployments: [...deployments.values()],
      incidents: [...incidents.values()],
    };
  }

  async loadIncidents(
    entityRefs: string[],
    window: TimeWindow,
  ): Promise<StoredIncident[]> {
    return this.loadOwn(
      entityRefs,
      incidentTable.table,
      incidentTable.fromRow,
      query =>
        query.where(q =>
          q
            .where('created_at', '>=', window.from)
            .andWhere('created_at', '<', window.to)
            .orWhere(r =>
              r
                .where('resolved_at', '>=', window.from)
                .andWhere('resolved_at', '<', window.to),
            ),
        ),
    );
  }

  async loadPages(
    entityRefs: string[],
    window: TimeWindow,
  ): Promise<StoredPage[]> {
    return this.loadOwn(entityRefs, pageTable.table, pageTable.fromRow, query =>
      query
        .where('notified_at', '>=', window.from)
        .andWhere('notified_at', '<', window.to),
    );
  }

  async loadShifts(
    entityRefs: string[],
    around: { window: TimeWindow; now: number; until: number },
  ): Promise<StoredShift[]> {
    // Overlapping [from, to): starts before `to`, ends (if ever) after
    // `from`; the end is the indexed side (a scope's shifts mostly ended).
    const overlapping = (q: Knex.QueryBuilder, from: number, to: number) =>
      q
        .where('start_at', '<', to)
        .andWhere(e => e.whereNull('end_at').orWhere('end_at', '>', from));
    return this.loadOwn(entityRefs, shiftTable.table, shiftTable.fromRow, q =>
      q
        .where(w =>
          overlapping(w, around.window.from, around.window.to).orWhere(u =>
            overlapping(u, around.now, around.until),
          ),
        )
        .orderByRaw(
          // Code-point order on both databases, so equal starts list alike.
          ['entity_ref', 'start_at', 'source', 'external_id']
            .map(c =>
              c === 'start_at'
                ? c
                : `${c} collate ${this.postgres ? '"C"' : 'binary'}`,
            )
            .join(', '),
        ),
    );
  }

  async loadToilActivity(
    entityRefs: string[],
    window: TimeWindow,
  ): Promise<ToilActivity> {
    const within = (column: string) => (q: Knex.QueryBuilder) =>
      q.where(column, '>=', window.from).andWhere(column, '<', window.to);
    const [ciRuns, toilReports, runsBegan, reportsBegan] = await Promise.all([
      this.loadOwn(
        entityRefs,
        ciRunTable.table,
        ciRunTable.fromRow,
        within('finished_at'),
      ),
      this.loadOwn(
        entityRefs,
        toilReportTable.table,
        toilReportTable.fromRow,
        within('week_start'),
      ),
      this.earliest(entityRefs, ciRunTable.table, 'started_at'),
      this.earliest(entityRefs, toilReportTable.table, 'week_start'),
    ]);
    const firstActivityAt = new Map(runsBegan);
    for (const [ref, at] of reportsBegan) {
      firstActivityAt.set(ref, Math.min(at, firstActivityAt.get(ref) ?? at));
    }
    return { ciRuns, toilReports, firstActivityAt };
  }

  /**
   * The earliest time in a column per entity with rows, from the
   * (entity_ref, source, time) index alone (the coverage indexes).
   */
  private async earliest(
    entityRefs: string[],
    table: string,
    column: string,
  ): Promise<Map<string, number>> {
    if (!entityRefs.length) return new Map();
    const rows: Array<{ entity_ref: string; at: number | string }> =
      await whereIn(
        this.knex(table).select('entity_ref').min({ at: column }),
        'entity_ref',
        entityRefs,
        this.postgres,
      ).groupBy('entity_ref');
    return new Map(rows.map(row => [row.entity_ref, Number(row.at)]));
  }

  async loadActivity(
    entityRefs: string[],
    tables: ReadonlyArray<keyof ActivityRows> = ACTIVITY_TABLES,
  ): Promise<ActivityRows> {
    const load = <T>(
      name: keyof ActivityRows,
      table: { table: string; fromRow: (row: any) => T },
    ) =>
      tables.includes(name)
        ? this.loadOwn(entityRefs, table.table, table.fromRow)
        : Promise.resolve([]);
    const [pages, shifts, ciRuns, toilReports] = await Promise.all([
      load('pages', pageTable),
      load('shifts', shiftTable),
      load('ciRuns', ciRunTable),
      load('toilReports', toilReportTable),
    ]);
    return { pages, shifts, ciRuns, toilReports };
  }

  /**
   * The rows of a table filed against the entities. A scope's history can be
   * hundreds of thousands of rows, and SQLite answers synchronously: other
   * requests get a turn between chunks and while rows are mapped.
   */
  private async loadOwn<T>(
    entityRefs: string[],
    table: string,
    fromRow: (row: any) => T,
    narrow: (query: Knex.QueryBuilder) => Knex.QueryBuilder = q => q,
  ): Promise<T[]> {
    const slice = new TimeSlice();
    const rows: T[] = [];
    for (const refs of chunks(entityRefs, READ_CHUNK)) {
      const raw = await narrow(this.knex(table).whereIn('entity_ref', refs));
      await slice.pause();
      for (let i = 0; i < raw.length; i++) {
        rows.push(fromRow(raw[i]));
        if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) await slice.pause();
      }
    }
    return rows;
  }
}

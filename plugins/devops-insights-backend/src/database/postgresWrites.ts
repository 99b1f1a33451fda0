import { Knex } from 'knex';
import { EARLIEST_WINS, SOURCE_UPDATED_AT } from './ordering';

/**
 * The event store's writes on Postgres. Ingestion there was bound by round
 * trips, not by the backend: knex sent a SELECT per source and an INSERT of
 * thousands of bound parameters per 500 rows. Here a chunk of a table is two
 * statements at most whatever its size: the rows travel as one JSON
 * parameter, typed by the table's own row type (json_populate_recordset);
 * one statement inserts the new rows, one reads and updates the stored ones
 * whose content changed and that are not older than the stored row
 * (ordering.ts).
 */

type Row = Record<string, unknown>;

/** Rows per statement; bounded by memory, not by a parameter limit. */
export const POSTGRES_CHUNK = 5000;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Whether the transaction runs on Postgres. */
export function isPostgres(tx: Knex.Transaction): boolean {
  return (tx.client as { driverName?: string }).driverName === 'pg';
}

/** Orders a statement's rows as writeOrder.ts orders them. */
const BY_KEY = `"source" COLLATE "C", "external_id" COLLATE "C"`;

/**
 * Upserts a chunk of one table's rows (distinct identities, same columns)
 * and returns the `returned` columns of the rows stored before, by source
 * and id. Rows whose content_hash is unchanged, or that are older than the
 * stored row by the source's own time, are left as they were.
 *
 * The first statement takes every lock the chunk needs in one pass, in
 * primary key order, so concurrent writers wait for each other instead of
 * deadlocking: it inserts the new rows and locks the stored ones (ON
 * CONFLICT locks a row even where its WHERE is false). The second reads the
 * stored rows, which no one else can change now, so what they held before is
 * exact even when a concurrent writer committed them a moment ago, and
 * updates those whose content changed.
 */
export async function upsertRowsPostgres(
  tx: Knex.Transaction,
  table: string,
  returned: string[],
  rows: Row[],
  receivedAt: number,
): Promise<Map<string, Row>> {
  const columns = Object.keys(rows[0]).map(quote);
  const t = quote(table);
  const updatedAt = quote(SOURCE_UPDATED_AT);
  const earliest = new Set((EARLIEST_WINS[table] ?? []).map(quote));
  const keyOf = (row: Row) => `${row.source}\u0000${row.external_id}`;
  const { rows: inserted } = await tx.raw(
    `INSERT INTO ${t} (${columns.join(', ')}, "received_at")
     SELECT ${columns.join(', ')}, ?::bigint
     FROM json_populate_recordset(NULL::${t}, ?::json)
     ORDER BY ${BY_KEY}
     ON CONFLICT ("source", "external_id")
     DO UPDATE SET "source" = excluded."source" WHERE FALSE
     RETURNING "source", "external_id"`,
    [receivedAt, JSON.stringify(rows)],
  );
  const created = new Set((inserted as Row[]).map(keyOf));
  const stored = rows.filter(r => !created.has(keyOf(r)));
  const existing = new Map<string, Row>();
  if (!stored.length) return existing;
  const { rows: before } = await tx.raw(
    `WITH input AS (
       SELECT ${columns.join(', ')}
       FROM json_populate_recordset(NULL::${t}, ?::json)
     ), written AS (
       UPDATE ${t} SET ${[
      ...columns
        .filter(c => c !== '"source"' && c !== '"external_id"')
        .map(c =>
          earliest.has(c)
            ? // LEAST ignores nulls: the earliest non-null of the two.
              `${c} = LEAST(${t}.${c}, input.${c})`
            : `${c} = input.${c}`,
        ),
      `"received_at" = ?::bigint`,
    ].join(', ')}
       FROM input
       WHERE ${t}."source" = input."source"
         AND ${t}."external_id" = input."external_id"
         AND ${t}."content_hash" IS DISTINCT FROM input."content_hash"
         -- isStale in ordering.ts: strictly older by the source's time loses;
         -- a null on either side compares as unknown, and the row is written.
         AND COALESCE(input.${updatedAt} >= ${t}.${updatedAt}, TRUE)
     )
     SELECT ${returned.map(c => `${t}.${quote(c)}`).join(', ')}
     FROM ${t} JOIN input USING ("source", "external_id")`,
    [JSON.stringify(stored), receivedAt],
  );
  for (const row of before as Row[]) existing.set(keyOf(row), row);
  if (earliest.size) {
    // loweredByStale in ordering.ts: a version older than the stored row
    // still brings an earlier first occurrence (e.g. a first
    // acknowledgement delivered late). Rows the statement above wrote hold
    // the input's own time, so they are not older and are left alone.
    const lowers = [...earliest].map(
      c => `(input.${c} IS NOT NULL AND (${t}.${c} IS NULL OR input.${c} < ${t}.${c}))`,
    );
    await tx.raw(
      `UPDATE ${t} SET ${[...earliest]
        .map(c => `${c} = LEAST(${t}.${c}, input.${c})`)
        .join(', ')}
       FROM json_populate_recordset(NULL::${t}, ?::json) AS input
       WHERE ${t}."source" = input."source"
         AND ${t}."external_id" = input."external_id"
         AND input.${updatedAt} < ${t}.${updatedAt}
         AND (${lowers.join(' OR ')})`,
      [JSON.stringify(stored)],
    );
  }
  return existing;
}

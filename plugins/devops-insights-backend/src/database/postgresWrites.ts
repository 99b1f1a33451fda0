import { Knex } from 'knex';
import { EARLIEST_WINS, SOURCE_UPDATED_AT } from './ordering';

/**
 * The event store's writes on Postgres. Ingestion there was bound by round
 * trips, not by the backend: knex sent a SELECT per source and an INSERT of
 * thousands of bound parameters per 500 rows. Here a chunk of a table is one
 * statement whatever its size: the rows travel as one JSON parameter, typed
 * by the table's own row type (json_populate_recordset), and the same
 * statement reads the rows it replaces (data-modifying CTEs all see the
 * snapshot from before the statement) and upserts those whose content
 * changed and that are not older than the stored row (ordering.ts).
 */

type Row = Record<string, unknown>;

/** Rows per statement; bounded by memory, not by a parameter limit. */
export const POSTGRES_CHUNK = 5000;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Whether the transaction runs on Postgres. */
export function isPostgres(tx: Knex.Transaction): boolean {
  return (tx.client as { driverName?: string }).driverName === 'pg';
}

/**
 * Upserts a chunk of one table's rows (distinct identities, same columns)
 * and returns the `returned` columns of the rows stored before, by source
 * and id. Rows whose content_hash is unchanged, or that are older than the
 * stored row by the source's own time, are left as they were.
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
  const { rows: before } = await tx.raw(
    `WITH input AS (
       SELECT ${columns.join(', ')}
       FROM json_populate_recordset(NULL::${t}, ?::json)
     ), written AS (
       INSERT INTO ${t} (${columns.join(', ')}, "received_at")
       SELECT ${columns.join(', ')}, ?::bigint FROM input
       ON CONFLICT ("source", "external_id") DO UPDATE SET ${[
         ...columns.filter(c => c !== '"source"' && c !== '"external_id"'),
         '"received_at"',
       ]
         .map(c =>
           earliest.has(c)
             ? // LEAST ignores nulls: the earliest non-null of the two.
               `${c} = LEAST(${t}.${c}, excluded.${c})`
             : `${c} = excluded.${c}`,
         )
         .join(', ')}
       WHERE ${t}."content_hash" IS DISTINCT FROM excluded."content_hash"
         -- isStale in ordering.ts: strictly older by the source's time loses;
         -- a null on either side compares as unknown, and the row is written.
         AND COALESCE(excluded.${updatedAt} >= ${t}.${updatedAt}, TRUE)
     )
     SELECT ${returned.map(c => `${t}.${quote(c)}`).join(', ')}
     FROM ${t} JOIN input USING ("source", "external_id")`,
    [JSON.stringify(rows), receivedAt],
  );
  const existing = new Map<string, Row>();
  for (const row of before as Row[]) {
    existing.set(`${row.source}\u0000${row.external_id}`, row);
  }
  return existing;
}

/** The entity refs of the deployments with these sources and ids. */
export async function deploymentEntitiesPostgres(
  tx: Knex.Transaction,
  keys: Array<[string, string]>,
): Promise<string[]> {
  const { rows } = await tx.raw(
    `SELECT d."entity_ref" FROM "deployments" d
     JOIN unnest(?::text[], ?::text[]) AS k("source", "external_id")
       USING ("source", "external_id")`,
    [keys.map(k => k[0]), keys.map(k => k[1])],
  );
  return (rows as Array<{ entity_ref: string }>).map(r => r.entity_ref);
}

/** Bumps the version of each entity, creating it at 1. */
export async function bumpVersionsPostgres(
  tx: Knex.Transaction,
  entityRefs: string[],
): Promise<void> {
  await tx.raw(
    `INSERT INTO "entity_versions" ("entity_ref", "version")
     SELECT unnest(?::text[]), 1
     ON CONFLICT ("entity_ref")
     DO UPDATE SET "version" = "entity_versions"."version" + 1`,
    [entityRefs],
  );
}

import { Knex } from 'knex';

/** A stored or incoming row of an event table, by column. */
export type Row = Record<string, unknown>;

/** The key of a row by its primary key (source, external_id). */
export const rowKey = (row: Row) => `${row.source}\u0000${row.external_id}`;

/**
 * What the store decided for a chunk, from the rows stored before it
 * (the dialect-free diff in DatabaseEventStore): rows to write whole, and
 * stale versions' earliest-wins columns to lower (ordering.ts).
 */
export type ChunkPlan = { toWrite: Row[]; toLower: Row[] };

/**
 * How one database writes a chunk of one table's rows (distinct identities,
 * same columns, in lock order). One writer per supported database, chosen
 * when the store is created (writerFor).
 */
export interface RowWriter {
  /** Rows per chunk. */
  readonly chunkSize: number;
  /**
   * Reads the `returned` columns of the chunk's stored rows, asks `plan`
   * what to write, and writes it with `received_at` set. A writer may state
   * the same ordering rules in its own SQL and write before `plan` is asked
   * (Postgres); `plan` is asked exactly once, with the rows as stored
   * before, so the store's counts are the same on every database.
   */
  writeChunk(
    tx: Knex.Transaction,
    table: string,
    returned: string[],
    chunk: Row[],
    receivedAt: number,
    plan: (existing: Map<string, Row>) => ChunkPlan,
  ): Promise<void>;
}

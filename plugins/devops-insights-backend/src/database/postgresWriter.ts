import { POSTGRES_CHUNK, upsertRowsPostgres } from './postgresWrites';
import { RowWriter } from './rowWriter';

/**
 * The Postgres writer: the chunk's statements (postgresWrites.ts) insert,
 * update and lower in SQL by the rules of ordering.ts and return the rows as
 * stored before, which the store's plan only counts.
 */
export const postgresWriter: RowWriter = {
  chunkSize: POSTGRES_CHUNK,
  async writeChunk(tx, table, returned, chunk, receivedAt, plan) {
    plan(await upsertRowsPostgres(tx, table, returned, chunk, receivedAt));
  },
};

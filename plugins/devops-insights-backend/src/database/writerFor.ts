import { Knex } from 'knex';
import { postgresWriter } from './postgresWriter';
import { RowWriter } from './rowWriter';
import { sqliteWriter } from './sqliteWriter';

/** The databases the store supports, by knex client name. */
const WRITERS: Record<string, RowWriter | undefined> = {
  pg: postgresWriter,
  'better-sqlite3': sqliteWriter,
};

/**
 * The writer for the knex client's database. Backstage supports PostgreSQL
 * and SQLite; any other client fails here, when the store is created, not
 * on its first write.
 */
export function writerFor(knex: Knex): RowWriter {
  const client: unknown = knex.client?.config?.client;
  const writer = typeof client === 'string' ? WRITERS[client] : undefined;
  if (!writer) {
    throw new Error(
      `DevOps Insights stores events in PostgreSQL (knex client 'pg') or SQLite ` +
        `('better-sqlite3'), not in database client '${String(client)}'`,
    );
  }
  return writer;
}

import { Knex } from 'knex';
import { Row, rowKey, RowWriter } from './rowWriter';

/**
 * The SQLite writer. The writes skip knex: it would build and SQLite would
 * compile a statement of thousands of parameters per chunk, which cost more
 * than the writes themselves. Prepared one-row statements are compiled once
 * per connection and run synchronously inside the knex transaction, on its
 * connection.
 */

/** better-sqlite3's Database, as far as used here. */
type SqliteConnection = {
  prepare(sql: string): SqliteStatement;
};
type SqliteStatement = {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
};

// Well under SQLite's bound-parameter limit for rows of ~18 columns.
const WRITE_CHUNK = 500;

const statements = new WeakMap<object, Map<string, SqliteStatement>>();

function prepared(connection: SqliteConnection, sql: string): SqliteStatement {
  let cache = statements.get(connection);
  if (!cache) {
    cache = new Map();
    statements.set(connection, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = connection.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** The transaction's better-sqlite3 connection. */
async function connectionOf(tx: Knex.Transaction): Promise<SqliteConnection> {
  const client = tx.client as Knex.Client & {
    acquireConnection(): Promise<unknown>;
  };
  const connection = (await client.acquireConnection()) as
    | Partial<SqliteConnection>
    | undefined;
  if (typeof connection?.prepare !== 'function') {
    throw new Error('The SQLite writer needs a better-sqlite3 connection');
  }
  return connection as SqliteConnection;
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Binds as knex's better-sqlite3 client does: booleans as 0/1. */
const sqliteValue = (value: unknown) => {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
};

function existingRows(
  connection: SqliteConnection,
  table: string,
  columns: string[],
  chunk: Row[],
): Map<string, Row> {
  const select = prepared(
    connection,
    `SELECT ${columns.map(quote).join(', ')} FROM ${quote(
      table,
    )} WHERE "source" = ? AND "external_id" = ?`,
  );
  const existing = new Map<string, Row>();
  for (const r of chunk) {
    const row = select.get(r.source, r.external_id) as Row | undefined;
    if (row) existing.set(rowKey(row), row);
  }
  return existing;
}

function writeRows(
  connection: SqliteConnection,
  table: string,
  rows: Row[],
  receivedAt: number,
) {
  // Every record of a table comes from the same toRecord: same columns.
  const columns = [...Object.keys(rows[0]), 'received_at'];
  const insert = prepared(
    connection,
    `INSERT INTO ${quote(table)} (${columns
      .map(quote)
      .join(', ')}) VALUES (${columns
      .map(() => '?')
      .join(
        ', ',
      )}) ON CONFLICT ("source", "external_id") DO UPDATE SET ${columns
      .filter(c => c !== 'source' && c !== 'external_id')
      .map(c => `${quote(c)} = excluded.${quote(c)}`)
      .join(', ')}`,
  );
  const values: unknown[] = new Array(columns.length);
  for (const r of rows) {
    for (let i = 0; i < columns.length - 1; i++) {
      values[i] = sqliteValue(r[columns[i]]);
    }
    values[columns.length - 1] = receivedAt;
    insert.run(values);
  }
}

export const sqliteWriter: RowWriter = {
  chunkSize: WRITE_CHUNK,
  async writeChunk(tx, table, returned, chunk, receivedAt, plan) {
    const connection = await connectionOf(tx);
    const { toWrite, toLower } = plan(
      existingRows(connection, table, returned, chunk),
    );
    for (const { source, external_id, ...lowered } of toLower) {
      await tx(table).where({ source, external_id }).update(lowered);
    }
    if (toWrite.length) writeRows(connection, table, toWrite, receivedAt);
  },
};

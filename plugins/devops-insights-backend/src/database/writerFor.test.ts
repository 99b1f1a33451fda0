import knexFactory from 'knex';
import { DatabaseEventStore } from './DatabaseEventStore';
import { postgresWriter } from './postgresWriter';
import { sqliteWriter } from './sqliteWriter';
import { writerFor } from './writerFor';

describe('writerFor', () => {
  it('picks the writer of each supported database by knex client', () => {
    // knex connects lazily: no database is needed to read the client name.
    expect(writerFor(knexFactory({ client: 'pg' }))).toBe(postgresWriter);
    expect(
      writerFor(
        knexFactory({
          client: 'better-sqlite3',
          connection: { filename: ':memory:' },
          useNullAsDefault: true,
        }),
      ),
    ).toBe(sqliteWriter);
  });

  it('refuses to create the store on an unsupported client, naming it', () => {
    const mysql = knexFactory({ client: 'mysql2' });
    expect(() => new DatabaseEventStore(mysql)).toThrow(
      "DevOps Insights stores events in PostgreSQL (knex client 'pg') or SQLite ('better-sqlite3'), not in database client 'mysql2'",
    );
  });
});

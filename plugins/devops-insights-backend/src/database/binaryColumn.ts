import { Knex } from 'knex';

/**
 * A binary column as a select reads it. PostgreSQL sends `bytea` as hex
 * text, which doubles the bytes on the wire and parses slowly in
 * node-postgres (a quarter of an area's toil requests at size L in the CPU
 * profile went to it), and node-postgres has no binary result mode; base64
 * text is a third longer than the bytes and Node decodes it natively.
 * SQLite returns the bytes.
 */
export function selectBinary(knex: Knex, column: string): string | Knex.Raw {
  return knex.client?.config?.client === 'pg'
    ? knex.raw(`encode(??, 'base64') as ??`, [column, column])
    : column;
}

/** The bytes of a column read with {@link selectBinary}. */
export function binaryOf(stored: Buffer | Uint8Array | string): Uint8Array {
  // PostgreSQL's base64 has a line break every 76 characters, which Node's
  // decoder skips.
  return typeof stored === 'string' ? Buffer.from(stored, 'base64') : stored;
}

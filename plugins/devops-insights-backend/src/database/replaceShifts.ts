import { Knex } from 'knex';
import { shiftTable } from './records';
import { compareCodePoints } from './writeOrder';

/** The stored shifts a replacement covers: times as epoch ms. */
export type ShiftScope = {
  source: string;
  idPrefix: string;
  from: number;
  to: number;
};

// Well under SQLite's bound-parameter limit.
const CHUNK = 500;

/**
 * Deletes the stored shifts of the scope (source, id under the prefix,
 * overlapping [from, to)) whose ids are not kept, and returns the entity
 * refs of the deleted rows, one per row. Runs in the caller's transaction.
 */
export async function deleteStaleShifts(
  tx: Knex.Transaction,
  scope: ShiftScope,
  keptIds: Set<string>,
): Promise<string[]> {
  const table = shiftTable.table;
  // substr counts characters on both databases (LIKE would need escaping
  // and is case-insensitive on SQLite); the length is inlined as an integer.
  const prefixLength = [...scope.idPrefix].length;
  const rows: Array<{ external_id: string; entity_ref: string }> = await tx(
    table,
  )
    .select('external_id', 'entity_ref')
    .where('source', scope.source)
    .whereRaw(`substr("external_id", 1, ${prefixLength}) = ?`, [scope.idPrefix])
    .where('start_at', '<', scope.to)
    .where(q => q.whereNull('end_at').orWhere('end_at', '>', scope.from));
  const stale = rows
    .filter(r => !keptIds.has(r.external_id))
    // One order for every writer, so concurrent replacements cannot deadlock.
    .sort((a, b) => compareCodePoints(a.external_id, b.external_id));
  for (let i = 0; i < stale.length; i += CHUNK) {
    await tx(table)
      .where('source', scope.source)
      .whereIn(
        'external_id',
        stale.slice(i, i + CHUNK).map(r => r.external_id),
      )
      .delete();
  }
  return stale.map(r => r.entity_ref);
}


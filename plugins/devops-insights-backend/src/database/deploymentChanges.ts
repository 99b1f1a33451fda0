import { Knex } from 'knex';
import { isPostgres } from './postgresWrites';
import { Row, rowKey } from './rowWriter';

/**
 * `deployment_changes`: one row per change a stored deployment names
 * (migration 20261202000000), so "the deployments of entity E that named
 * change X, finished by T" (who shipped a change first, lead time) is an
 * index lookup instead of a scan of E's history with its changes' JSON.
 *
 * It mirrors the `changes` column of `deployments` and nothing else writes
 * it: the event store replaces a deployment's rows in the transaction that
 * writes the deployment (only versions that won, ordering.ts), the retention
 * cleaner deletes them with it, and DeploymentChangesRepair rewrites those a
 * previous release's replica left out during a rolling upgrade. All do so
 * holding the deployment's row lock,
 * right after taking it: a deployment's change rows are only ever touched
 * under that lock, so they add no lock another writer could take first
 * (writeOrder.ts).
 */
export const DEPLOYMENT_CHANGES = 'deployment_changes';

/** A deployment's identity, as its table's primary key. */
export type DeploymentKey = { source: string; external_id: string };

// Rows per statement on SQLite: well under its bound-parameter limit.
const SQLITE_CHUNK = 150;

/** The change rows of a `deployments` record (records.ts). */
export function changeRowsOf(record: Row): Row[] {
  const changes = JSON.parse(record.changes as string) as Array<{
    id: string;
  }>;
  // Ids are distinct within a deployment (events.ts).
  return changes.map(change => ({
    source: record.source,
    external_id: record.external_id,
    change_id: change.id,
    entity_ref: record.entity_ref,
    finished_at: record.finished_at ?? null,
  }));
}

/** Deletes the change rows of these deployments. */
export async function deleteDeploymentChanges(
  tx: Knex.Transaction,
  keys: DeploymentKey[],
): Promise<void> {
  if (!keys.length) return;
  if (isPostgres(tx)) {
    await tx.raw(
      `DELETE FROM "deployment_changes" c
       USING unnest(?::text[], ?::text[]) AS k("source", "external_id")
       WHERE c."source" = k."source" AND c."external_id" = k."external_id"`,
      [keys.map(k => k.source), keys.map(k => k.external_id)],
    );
    return;
  }
  for (let i = 0; i < keys.length; i += SQLITE_CHUNK) {
    await tx(DEPLOYMENT_CHANGES)
      .whereIn(
        ['source', 'external_id'],
        keys.slice(i, i + SQLITE_CHUNK).map(k => [k.source, k.external_id]),
      )
      .delete();
  }
}

/**
 * Replaces the change rows of the deployment records just written: an
 * updated deployment names exactly its latest changes. `stored`: the
 * records' rows as stored before, by rowKey; only theirs had change rows,
 * except rows a previous release's retention left behind when it deleted
 * their deployment (it knew no such table): the insert overwrites those
 * rather than fail the batch on the primary key.
 */
export async function replaceDeploymentChanges(
  tx: Knex.Transaction,
  records: Row[],
  stored: ReadonlyMap<string, Row>,
): Promise<void> {
  if (!records.length) return;
  await deleteDeploymentChanges(
    tx,
    records
      .filter(r => stored.has(rowKey(r)))
      .map(r => ({
        source: r.source as string,
        external_id: r.external_id as string,
      })),
  );
  const rows = records.flatMap(changeRowsOf);
  if (!rows.length) return;
  if (isPostgres(tx)) {
    // One statement, the rows as one JSON parameter (postgresWrites.ts).
    await tx.raw(
      `INSERT INTO "deployment_changes"
         ("source", "external_id", "change_id", "entity_ref", "finished_at")
       SELECT "source", "external_id", "change_id", "entity_ref", "finished_at"
       FROM json_populate_recordset(NULL::"deployment_changes", ?::json)
       ON CONFLICT ("source", "external_id", "change_id") DO UPDATE
         SET "entity_ref" = excluded."entity_ref",
             "finished_at" = excluded."finished_at"`,
      [JSON.stringify(rows)],
    );
    return;
  }
  for (let i = 0; i < rows.length; i += SQLITE_CHUNK) {
    await tx(DEPLOYMENT_CHANGES)
      .insert(rows.slice(i, i + SQLITE_CHUNK))
      .onConflict(['source', 'external_id', 'change_id'])
      .merge(['entity_ref', 'finished_at']);
  }
}

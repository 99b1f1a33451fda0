import { Knex } from 'knex';
import { isPostgres } from './postgresWrites';
import { compareCodePoints } from './writeOrder';

// Well under SQLite's bound-parameter limit.
const CHUNK = 500;

/*
 * Every writer (the event store on both databases, the retention cleaner)
 * moves entity versions here. On Postgres each is one statement whatever the
 * number of entities: the keys travel as arrays.
 */

/**
 * The entity refs of the deployments with these ids, by source: a row
 * pointing at a deployment (an incident's causedBy, a deployment's
 * remediates) is part of that deployment's entity's facts.
 */
export async function deploymentEntities(
  tx: Knex.Transaction,
  idsBySource: Map<string, Set<string>>,
): Promise<string[]> {
  if (isPostgres(tx)) {
    const keys = [...idsBySource].flatMap(([source, ids]) =>
      [...ids].map((id): [string, string] => [source, id]),
    );
    return keys.length ? deploymentEntitiesPostgres(tx, keys) : [];
  }
  const refs: string[] = [];
  for (const [source, ids] of idsBySource) {
    const all = [...ids];
    for (let i = 0; i < all.length; i += CHUNK) {
      const targets = await tx('deployments')
        .select('entity_ref')
        .where('source', source)
        .whereIn('external_id', all.slice(i, i + CHUNK));
      refs.push(...targets.map(t => t.entity_ref as string));
    }
  }
  return refs;
}

/**
 * Bumps the version of each entity (creating it at 1), in the transaction
 * that changed its rows, so every replica's cached facts of it are derived
 * again. Last in a writing transaction and in lock order (writeOrder.ts).
 */
export async function bumpVersions(
  tx: Knex.Transaction,
  entityRefs: Iterable<string>,
): Promise<void> {
  const refs = [...new Set(entityRefs)].sort(compareCodePoints);
  if (!refs.length) return;
  if (isPostgres(tx)) {
    await bumpVersionsPostgres(tx, refs);
    return;
  }
  for (let i = 0; i < refs.length; i += CHUNK) {
    await tx('entity_versions')
      .insert(
        refs
          .slice(i, i + CHUNK)
          .map(entity_ref => ({ entity_ref, version: 1 })),
      )
      .onConflict('entity_ref')
      .merge({ version: tx.raw('entity_versions.version + 1') });
  }
}

/** The entity refs of the deployments with these sources and ids. */
async function deploymentEntitiesPostgres(
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
async function bumpVersionsPostgres(
  tx: Knex.Transaction,
  entityRefs: string[],
): Promise<void> {
  await tx.raw(
    `INSERT INTO "entity_versions" ("entity_ref", "version")
     SELECT r, 1 FROM unnest(?::text[]) AS r
     ORDER BY r COLLATE "C"
     ON CONFLICT ("entity_ref")
     DO UPDATE SET "version" = "entity_versions"."version" + 1`,
    [entityRefs],
  );
}

// @ts-check

/**
 * One row per change a deployment names (src/database/deploymentChanges.ts),
 * so the deployments of an entity that named a change by a time are found by
 * index, (entity_ref, change_id, finished_at), instead of by a scan of the
 * entity's history matching its changes' JSON. Filled here from the stored
 * deployments, a batch at a time in primary key order, so a large table
 * never sits in memory at once.
 */

const BATCH = 1000;
// Rows per insert: well under SQLite's bound-parameter limit.
const INSERT_CHUNK = 150;

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployment_changes', table => {
    table.string('source', 40).notNullable();
    table.string('external_id', 200).notNullable();
    table.string('change_id', 200).notNullable();
    table.string('entity_ref', 400).notNullable();
    table.bigInteger('finished_at').nullable();
    table.primary(['source', 'external_id', 'change_id']);
    table.index(
      ['entity_ref', 'change_id', 'finished_at'],
      'deployment_changes_entity_change_idx',
    );
  });

  /** @type {{ source: string, external_id: string } | undefined} */
  let after;
  for (;;) {
    const query = knex('deployments')
      .select('source', 'external_id', 'entity_ref', 'finished_at', 'changes')
      .orderBy(['source', 'external_id'])
      .limit(BATCH);
    if (after) {
      query.whereRaw('("source", "external_id") > (?, ?)', [
        after.source,
        after.external_id,
      ]);
    }
    const deployments = await query;
    if (!deployments.length) break;
    const rows = deployments.flatMap(d =>
      /** @type {Array<{ id: string }>} */ (JSON.parse(d.changes)).map(c => ({
        source: d.source,
        external_id: d.external_id,
        change_id: c.id,
        entity_ref: d.entity_ref,
        finished_at: d.finished_at,
      })),
    );
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await knex('deployment_changes').insert(rows.slice(i, i + INSERT_CHUNK));
    }
    after = deployments[deployments.length - 1];
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployment_changes');
};

// @ts-check

/**
 * The lists behind the numbers and the on-call tab read a page and a window
 * rather than a scope's history; these are the ranges they read by index,
 * per entity:
 * - deployments in a window by coalesce(finished_at, started_at): finished
 *   ones by (entity_ref, finished_at) (20261127000000), unfinished ones by
 *   start, a partial index as they are few;
 * - incidents resolved in a window (created ones: (entity_ref, created_at));
 * - shifts overlapping a window or now: by end, then start.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.index(
      ['entity_ref', 'started_at'],
      'deployments_entity_unfinished_idx',
      {
        predicate: knex.whereNull('finished_at'),
      },
    );
  });
  await knex.schema.alterTable('incidents', table => {
    table.index(['entity_ref', 'resolved_at'], 'incidents_entity_resolved_idx');
  });
  await knex.schema.alterTable('oncall_shifts', table => {
    table.index(
      ['entity_ref', 'end_at', 'start_at'],
      'oncall_shifts_entity_end_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('oncall_shifts', table => {
    table.dropIndex([], 'oncall_shifts_entity_end_idx');
  });
  await knex.schema.alterTable('incidents', table => {
    table.dropIndex([], 'incidents_entity_resolved_idx');
  });
  await knex.schema.alterTable('deployments', table => {
    table.dropIndex([], 'deployments_entity_unfinished_idx');
  });
};

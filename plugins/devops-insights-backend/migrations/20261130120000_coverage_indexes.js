// @ts-check

/**
 * Coverage (which sources feed an entity, and the time of their latest
 * event) groups each table's rows of an entity by source and takes the
 * latest time: with (entity_ref, source, time) both databases answer it from
 * the index alone. Readers also keep the answer per entity until its version
 * moves, so it is read again only for entities whose rows changed.
 */
const INDEXES = [
  ['deployments', 'finished_at'],
  ['incidents', 'created_at'],
  ['pages', 'notified_at'],
  ['oncall_shifts', 'start_at'],
  ['ci_runs', 'started_at'],
  ['toil_reports', 'week_start'],
];

const nameOf = (/** @type {string} */ table) => `${table}_entity_source_idx`;

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  for (const [table, time] of INDEXES) {
    await knex.schema.alterTable(table, t => {
      t.index(['entity_ref', 'source', time], nameOf(table));
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const [table] of INDEXES) {
    await knex.schema.alterTable(table, t => {
      t.dropIndex([], nameOf(table));
    });
  }
};

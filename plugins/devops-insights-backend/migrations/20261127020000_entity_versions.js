// @ts-check

/**
 * A version per entity, bumped in the transaction that changes any of its
 * rows or any row pointing at its deployments. Readers keep derived facts per
 * entity and rebuild them only when the version moved, which also holds with
 * several backend replicas sharing the database.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('entity_versions', table => {
    table.string('entity_ref', 400).primary().notNullable();
    table.bigInteger('version').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('entity_versions');
};

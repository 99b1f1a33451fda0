// @ts-check

/**
 * Derived facts shared by every replica and kept across restarts: the facts
 * of an entity at a version, derived once by whichever replica first needed
 * them, as one binary value. `derivation` names the code and settings that
 * derived them (a hash), so replicas with other settings or an older release
 * never read each other's facts. One row per entity and derivation: a newer
 * version overwrites the row, and rows of a derivation no replica writes any
 * more are deleted after a day (service/EntityFactsCache.ts).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('entity_facts', table => {
    table.string('entity_ref', 400).notNullable();
    table.string('derivation', 64).notNullable();
    table.bigInteger('version').notNullable();
    table.binary('facts').notNullable();
    /** Milliseconds since the epoch; what the cleanup of old derivations reads. */
    table.bigInteger('written_at').notNullable();
    table.primary(['entity_ref', 'derivation']);
    table.index(['derivation', 'written_at'], 'entity_facts_derivation_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('entity_facts');
};

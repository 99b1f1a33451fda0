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
  if (knex.client.dialect === 'postgresql') {
    // Stored as is, not compressed: writing 250 facts of 128 kB (sorted
    // times, which compress) took 1.3 s compressed and 0.3–0.6 s uncompressed
    // on PostgreSQL 15 here, reads the same; facts are a small part of the
    // database beside the events they are derived from.
    await knex.raw(
      'ALTER TABLE "entity_facts" ALTER COLUMN "facts" SET STORAGE EXTERNAL',
    );
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('entity_facts');
};

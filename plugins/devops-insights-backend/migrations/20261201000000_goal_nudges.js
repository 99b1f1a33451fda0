// @ts-check

/**
 * The goal nudges sent: one row per scope, metric and week (its key), so a
 * re-run of the weekly evaluation, or a second replica, sends nothing again.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('goal_nudges', t => {
    t.string('nudge_key', 600).primary();
    t.string('scope_ref', 400).notNullable();
    t.string('metric', 64).notNullable();
    // Epoch ms of the week's Monday 00:00 UTC, as every time column here.
    t.bigInteger('week_start').notNullable();
    t.string('reason', 32).notNullable();
    t.bigInteger('sent_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('goal_nudges');
};

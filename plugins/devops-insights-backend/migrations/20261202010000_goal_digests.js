// @ts-check

/**
 * The weekly goal digests sent: one row per team and week (its key), claimed
 * before sending as goal_nudges are, so a re-run of the weekly evaluation,
 * or a second replica, sends nothing again.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('goal_digests', t => {
    t.string('digest_key', 600).primary();
    t.string('scope_ref', 400).notNullable();
    // Epoch ms of the week's Monday 00:00 UTC, as every time column here.
    t.bigInteger('week_start').notNullable();
    t.bigInteger('sent_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('goal_digests');
};

// @ts-check

/**
 * Rollup answers shared by every replica and kept across restarts
 * (database/RollupAnswerStore.ts). `stamp` names the question and the data it
 * was answered on: the window, the org as its caller saw it, the versions of
 * every entity it read, and the code and settings that computed it. A row
 * without an answer is a claim: a replica computing it, renewing
 * `claimed_at` while it does, so the others wait for its answer instead of
 * computing the same one. Rows are deleted an hour after they were written.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollup_answers', table => {
    table.string('stamp', 64).primary();
    /** The response's JSON, gzipped, as it is sent; null while claimed. */
    table.binary('answer').nullable();
    /** Milliseconds since the epoch, as every time column here. */
    table.bigInteger('claimed_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.index(['updated_at'], 'rollup_answers_updated_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollup_answers');
};

// @ts-check

/**
 * Who filed a toil report from the Toil tab (the signed-in user's entity
 * ref; null for reports sent to the events API), so the reporter may delete
 * it, and an index for the bound on one person's hours per ISO week.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('toil_reports', table => {
    table.string('reported_by', 400).nullable();
    table.index(['user_ref', 'week_start'], 'toil_reports_user_week_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('toil_reports', table => {
    table.dropIndex(['user_ref', 'week_start'], 'toil_reports_user_week_idx');
    table.dropColumn('reported_by');
  });
};

// @ts-check

/**
 * Counts of configured webhooks (devopsInsights.webhooks): deliveries
 * accepted and rejected and the time of the last one, on the webhook's
 * source_status row. Null on the rows of other sources.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('source_status', table => {
    table.bigInteger('deliveries_accepted').nullable();
    table.bigInteger('deliveries_rejected').nullable();
    table.bigInteger('last_delivery_at').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('source_status', table => {
    table.dropColumn('deliveries_accepted');
    table.dropColumn('deliveries_rejected');
    table.dropColumn('last_delivery_at');
  });
};

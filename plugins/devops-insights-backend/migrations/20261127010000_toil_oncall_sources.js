// @ts-check

/**
 * Pages, on-call shifts, CI runs and toil reports (one table per event type,
 * identity (source, external_id) as for deployments and incidents), and the
 * state of source modules: cursors, sync status and webhook deliveries.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pages', table => {
    table.string('source', 40).notNullable();
    table.string('external_id', 200).notNullable();
    table.string('entity_ref', 400).notNullable();
    table.string('user_ref', 400).notNullable();
    table.bigInteger('notified_at').notNullable();
    table.string('channel', 10).notNullable();
    table.string('incident_id', 200).nullable();
    table.string('time_zone', 100).nullable();
    table.string('content_hash', 64).notNullable();
    table.bigInteger('received_at').notNullable();
    table.primary(['source', 'external_id']);
    table.index(['entity_ref', 'notified_at'], 'pages_entity_notified_idx');
  });

  await knex.schema.createTable('oncall_shifts', table => {
    table.string('source', 40).notNullable();
    table.string('external_id', 200).notNullable();
    table.string('entity_ref', 400).notNullable();
    table.string('user_ref', 400).notNullable();
    table.bigInteger('start_at').notNullable();
    table.bigInteger('end_at').nullable();
    table.integer('level').notNullable();
    table.text('schedule_name').nullable();
    table.text('schedule_url').nullable();
    table.string('content_hash', 64).notNullable();
    table.bigInteger('received_at').notNullable();
    table.primary(['source', 'external_id']);
    table.index(['entity_ref', 'start_at'], 'oncall_shifts_entity_start_idx');
  });

  await knex.schema.createTable('ci_runs', table => {
    table.string('source', 40).notNullable();
    table.string('external_id', 200).notNullable();
    table.string('entity_ref', 400).notNullable();
    table.string('name', 400).notNullable();
    table.integer('attempt').notNullable();
    table.string('trigger', 20).notNullable();
    table.string('status', 20).notNullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').nullable();
    table.text('url').nullable();
    table.string('content_hash', 64).notNullable();
    table.bigInteger('received_at').notNullable();
    table.primary(['source', 'external_id']);
    table.index(['entity_ref', 'finished_at'], 'ci_runs_entity_finished_idx');
  });

  await knex.schema.createTable('toil_reports', table => {
    table.string('source', 40).notNullable();
    table.string('external_id', 200).notNullable();
    table.string('entity_ref', 400).notNullable();
    table.string('user_ref', 400).nullable();
    table.double('hours').notNullable();
    table.string('category', 100).notNullable();
    table.text('description').nullable();
    table.string('week', 10).notNullable();
    table.bigInteger('week_start').notNullable();
    table.string('content_hash', 64).notNullable();
    table.bigInteger('received_at').notNullable();
    table.primary(['source', 'external_id']);
    table.index(['entity_ref', 'week_start'], 'toil_reports_entity_week_idx');
  });

  await knex.schema.createTable('source_cursors', table => {
    table.string('source', 40).notNullable();
    table.string('cursor_key', 400).notNullable();
    table.text('value').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.primary(['source', 'cursor_key']);
  });

  await knex.schema.createTable('source_status', table => {
    table.string('source', 40).notNullable();
    table.string('target', 400).notNullable();
    table.bigInteger('last_success_at').nullable();
    table.text('last_error_message').nullable();
    table.bigInteger('last_error_at').nullable();
    table.bigInteger('rows_ingested').notNullable().defaultTo(0);
    table.text('rate_limit').nullable().comment('JSON RateLimitState');
    table.primary(['source', 'target']);
  });

  await knex.schema.createTable('webhook_deliveries', table => {
    table.string('source', 40).notNullable();
    table.string('delivery_id', 200).notNullable();
    table.bigInteger('received_at').notNullable();
    table.primary(['source', 'delivery_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const name of [
    'webhook_deliveries',
    'source_status',
    'source_cursors',
    'toil_reports',
    'ci_runs',
    'oncall_shifts',
    'pages',
  ]) {
    await knex.schema.dropTable(name);
  }
};

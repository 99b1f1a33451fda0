// @ts-check

/**
 * Deployments and incidents, one table per event type. The identity of an
 * event is (type, source, id): the primary key of its table. Times are epoch
 * milliseconds so SQLite and Postgres compare and index them alike.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments', table => {
    table.string('source', 40).notNullable();
    table.string('external_id', 200).notNullable();
    table.string('entity_ref', 400).notNullable();
    table.string('environment', 200).notNullable();
    table.boolean('production').notNullable();
    table.string('status', 20).notNullable();
    table.bigInteger('started_at').nullable();
    table.bigInteger('finished_at').nullable();
    table.string('commit_sha', 200).nullable();
    table.text('url').nullable();
    table.string('trigger', 20).nullable();
    table.text('changes').notNullable().comment('JSON array of changes');
    table.string('remediates_source', 40).nullable();
    table.string('remediates_id', 200).nullable();
    table.string('remediates_incident_id', 200).nullable();
    table.string('content_hash', 64).notNullable();
    table.bigInteger('received_at').notNullable();
    table.primary(['source', 'external_id']);
    table.index(
      ['entity_ref', 'finished_at'],
      'deployments_entity_finished_idx',
    );
    table.index(
      ['remediates_source', 'remediates_id'],
      'deployments_remediates_idx',
    );
  });

  await knex.schema.createTable('incidents', table => {
    table.string('source', 40).notNullable();
    table.string('external_id', 200).notNullable();
    table.string('entity_ref', 400).notNullable();
    table.text('title').nullable();
    table.string('urgency', 10).notNullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('acknowledged_at').nullable();
    table.bigInteger('resolved_at').nullable();
    table.string('caused_by_source', 40).nullable();
    table.string('caused_by_id', 200).nullable();
    table.boolean('change_related').nullable();
    table.boolean('auto_resolved').nullable();
    table.string('dedup_key', 500).nullable();
    table.text('url').nullable();
    table.text('postmortem_url').nullable();
    table.string('content_hash', 64).notNullable();
    table.bigInteger('received_at').notNullable();
    table.primary(['source', 'external_id']);
    table.index(['entity_ref', 'created_at'], 'incidents_entity_created_idx');
    table.index(
      ['caused_by_source', 'caused_by_id'],
      'incidents_caused_by_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('incidents');
  await knex.schema.dropTable('deployments');
};

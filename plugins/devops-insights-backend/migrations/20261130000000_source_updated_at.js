// @ts-check

/**
 * The source's own time of the state each stored event describes (epoch
 * milliseconds; the event's optional `updatedAt`). An upsert strictly older
 * than the stored row leaves it as it is, so a late or reordered webhook
 * delivery cannot undo newer state. Null: the sender gave no time, and the
 * row is replaced as before.
 */
const TABLES = [
  'deployments',
  'incidents',
  'pages',
  'oncall_shifts',
  'ci_runs',
  'toil_reports',
];

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  for (const name of TABLES) {
    await knex.schema.alterTable(name, table => {
      table.bigInteger('source_updated_at').nullable();
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const name of TABLES) {
    await knex.schema.alterTable(name, table => {
      table.dropColumn('source_updated_at');
    });
  }
};

/*
 * Docs health: each entity with TechDocs as last checked (its last build,
 * the last commit to its docs and to its repository), and the counts of
 * each day's check for the trend.
 */

// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('adoption_docs_health', table => {
    table.comment('Each entity with TechDocs, as last checked');
    table.string('entity_ref', 255).primary();
    table.string('title', 255).notNullable();
    table.string('owner', 255).nullable();
    table.string('repository', 255).nullable().comment('owner/name on GitHub');
    table.timestamp('last_built_at', { useTz: true }).nullable();
    table.timestamp('last_docs_commit_at', { useTz: true }).nullable();
    table.timestamp('last_code_commit_at', { useTz: true }).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('fresh, stale, not-built, unknown');
    table.text('error').nullable();
    table.timestamp('checked_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('adoption_docs_health_days', table => {
    table.comment('The counts of the last docs health check of each UTC day');
    table.string('day', 10).primary().comment('YYYY-MM-DD');
    table.integer('entities').notNullable();
    table.integer('fresh').notNullable();
    table.integer('stale').notNullable();
    table.integer('not_built').notNullable();
    table.integer('unknown').notNullable();
    table.timestamp('taken_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('adoption_docs_health_days');
  await knex.schema.dropTable('adoption_docs_health');
};

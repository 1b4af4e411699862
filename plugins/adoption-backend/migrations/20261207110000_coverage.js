/*
 * Catalog coverage: each computation of the GitHub organisation's
 * repositories against the catalog is a snapshot (its figures, kept for the
 * trend), and the repositories of the latest snapshot are kept row by row
 * (the page's table and its CSV).
 */

// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('adoption_coverage_snapshots', table => {
    table.comment('Catalog coverage: one row per computation');
    table.increments('id');
    table.timestamp('computed_at', { useTz: true }).notNullable();
    table.string('organization', 255).notNullable();
    table.string('host', 255).notNullable();
    table.integer('repositories').notNullable();
    table.integer('covered').notNullable();
    table.integer('uncovered').notNullable();
    table.integer('archived').notNullable();
    table.index(['computed_at'], 'adoption_coverage_snapshots_at_idx');
  });
  await knex.schema.createTable('adoption_coverage_repositories', table => {
    table.comment('The repositories of the latest snapshot, one row each');
    table
      .integer('snapshot_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('adoption_coverage_snapshots')
      .onDelete('CASCADE');
    table.string('full_name', 255).notNullable().comment('owner/name');
    table.string('name', 255).notNullable();
    table.string('url', 1024).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('covered, uncovered, archived');
    table
      .string('owner', 255)
      .nullable()
      .comment('the first owner of the whole-repository rule of CODEOWNERS');
    table.string('owner_ref', 255).nullable();
    table.text('code_owners').nullable();
    table
      .text('entity_refs')
      .notNullable()
      .comment('the entities whose source it is, space-separated');
    table.integer('entities').notNullable();
    table.string('pushed_at', 32).nullable();
    table.primary(['snapshot_id', 'full_name']);
    table.index(['status'], 'adoption_coverage_repositories_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('adoption_coverage_repositories');
  await knex.schema.dropTable('adoption_coverage_snapshots');
};

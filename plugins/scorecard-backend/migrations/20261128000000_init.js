/*
 * Scorecard results, history, exemptions and team snapshots. Timestamps are
 * written as Date objects (PostgreSQL timestamptz; SQLite milliseconds).
 */

// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  // one row per scored entity: its current score, with exemptions applied
  await knex.schema.createTable('scorecard_entities', table => {
    table.comment('Current scorecard of each scored entity');
    table.string('entity_ref', 255).primary();
    table.string('kind', 64).notNullable();
    table.string('owner', 255).nullable().index();
    table.string('etag', 255).nullable().comment('catalog etag evaluated');
    table.integer('passed').notNullable();
    table.integer('total').notNullable();
    table.string('level', 64).nullable();
    table.string('fingerprint', 64).notNullable();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table
      .timestamp('rescore_at', { useTz: true })
      .nullable()
      .index()
      .comment('when the earliest applied exemption expires');
    table.string('run_id', 64).nullable();
  });

  // one row per entity and applicable check: the raw result
  await knex.schema.createTable('scorecard_check_results', table => {
    table.comment('Latest result of each check for each scored entity');
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 64).notNullable();
    table.string('dimension', 64).notNullable();
    table.string('owner', 255).nullable();
    table.string('status', 16).notNullable().comment('passed|failed|unknown');
    table.boolean('exempt').notNullable().defaultTo(false);
    table.text('detail').notNullable();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'check_id']);
    table.index(['check_id', 'status'], 'scorecard_check_results_check_idx');
    table.index(['dimension', 'status'], 'scorecard_check_results_dim_idx');
  });

  // a row each time an entity's results change
  await knex.schema.createTable('scorecard_history', table => {
    table.comment('Scorecard changes over time');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.timestamp('recorded_at', { useTz: true }).notNullable();
    table.integer('passed').notNullable();
    table.integer('total').notNullable();
    table.string('level', 64).nullable();
    table.text('checks').notNullable().comment('JSON [{id,status,exempt}]');
    table.index(['entity_ref', 'recorded_at'], 'scorecard_history_entity_idx');
  });

  await knex.schema.createTable('scorecard_exemptions', table => {
    table.comment(
      'A check that does not count for an entity, until it expires',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 64).notNullable();
    table.text('reason').notNullable();
    table.string('author', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable().index();
    table.primary(['entity_ref', 'check_id']);
  });

  // team totals after each full evaluation: the report's trend
  await knex.schema.createTable('scorecard_owner_snapshots', table => {
    table.comment('Per-owner totals after each full evaluation');
    table.bigIncrements('id').primary();
    table.string('owner', 255).notNullable();
    table.timestamp('taken_at', { useTz: true }).notNullable();
    table.integer('entities').notNullable();
    table.integer('passed').notNullable();
    table.integer('total').notNullable();
    table.index(['owner', 'taken_at'], 'scorecard_owner_snapshots_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scorecard_owner_snapshots');
  await knex.schema.dropTable('scorecard_exemptions');
  await knex.schema.dropTable('scorecard_history');
  await knex.schema.dropTable('scorecard_check_results');
  await knex.schema.dropTable('scorecard_entities');
};

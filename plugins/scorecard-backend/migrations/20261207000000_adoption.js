/*
 * Adoption: where each entity sits (system, domain, type, lifecycle, tags)
 * for roll-ups and campaign scopes; numeric values; results pushed from CI;
 * exemption requests and their decisions; campaigns with their burn-down;
 * the notifications already sent (one per transition, whichever replica
 * sees it first).
 */

// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('scorecard_entities', table => {
    table.string('system', 255).nullable().index();
    table.string('domain', 255).nullable().index();
    table.string('spec_type', 64).nullable();
    table.string('lifecycle', 64).nullable();
    table
      .text('tags')
      .nullable()
      .comment('comma-separated, with a comma at each end: ,java,payments,');
  });

  await knex.schema.alterTable('scorecard_check_results', table => {
    table.double('value').nullable().comment('a numeric check: the measure');
  });

  // every full evaluation's totals per entity are not kept; roll-up history
  // comes from these per-container snapshots
  await knex.schema.createTable('scorecard_rollup_snapshots', table => {
    table.comment('Totals of each System, Domain and Group over time');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.timestamp('taken_at', { useTz: true }).notNullable();
    table.integer('entities').notNullable();
    table.integer('passed').notNullable();
    table.integer('total').notNullable();
    table.index(['entity_ref', 'taken_at'], 'scorecard_rollup_snapshots_idx');
  });

  await knex.schema.createTable('scorecard_pushed_results', table => {
    table.comment('The latest result a CI job pushed for an entity and check');
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 64).notNullable();
    table.double('value_number').nullable();
    table.boolean('value_boolean').nullable();
    table.text('message').nullable();
    table.timestamp('observed_at', { useTz: true }).notNullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.string('pushed_by', 255).notNullable();
    table.primary(['entity_ref', 'check_id']);
  });

  await knex.schema.createTable('scorecard_exemption_requests', table => {
    table.comment('Exemptions owners asked for, and what was decided');
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable().index();
    table.string('check_id', 64).notNullable();
    table.text('reason').notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.string('requested_by', 255).notNullable();
    table.timestamp('requested_at', { useTz: true }).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .index()
      .comment('pending|approved|denied|withdrawn');
    table.string('decided_by', 255).nullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.text('decision_reason').nullable();
  });

  await knex.schema.createTable('scorecard_campaigns', table => {
    table.comment('Campaigns: checks to pass in a scope by a target date');
    table.string('id', 64).primary();
    table.string('source', 16).notNullable().comment('config|api');
    table.text('definition').notNullable().comment('JSON');
    table.string('created_by', 255).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('archived_at', { useTz: true }).nullable();
    table.text('final').nullable().comment('JSON: figures when archived');
  });

  await knex.schema.createTable('scorecard_campaign_snapshots', table => {
    table.comment(
      'Progress of each campaign per team over time: the burn-down',
    );
    table.bigIncrements('id').primary();
    table.string('campaign_id', 64).notNullable();
    table.timestamp('taken_at', { useTz: true }).notNullable();
    table.string('owner', 255).notNullable();
    table.integer('entities').notNullable();
    table.integer('done').notNullable();
    table.index(['campaign_id', 'taken_at'], 'scorecard_campaign_snap_idx');
  });

  await knex.schema.createTable('scorecard_notifications', table => {
    table.comment(
      'Notifications sent, by transition: a second replica finds its key taken',
    );
    table.string('dedupe_key', 512).primary();
    table.string('kind', 32).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('recipient', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().index();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scorecard_notifications');
  await knex.schema.dropTable('scorecard_campaign_snapshots');
  await knex.schema.dropTable('scorecard_campaigns');
  await knex.schema.dropTable('scorecard_exemption_requests');
  await knex.schema.dropTable('scorecard_pushed_results');
  await knex.schema.dropTable('scorecard_rollup_snapshots');
  await knex.schema.alterTable('scorecard_check_results', table => {
    table.dropColumn('value');
  });
  await knex.schema.alterTable('scorecard_entities', table => {
    table.dropIndex('system');
    table.dropIndex('domain');
    table.dropColumns('system', 'domain', 'spec_type', 'lifecycle', 'tags');
  });
};

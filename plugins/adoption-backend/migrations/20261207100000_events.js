/*
 * Usage: the frontend's analytics events, each with the pseudonymous id of
 * the user (an HMAC-SHA256 of the user's entity ref, keyed with
 * `adoption.pseudonymisation.secret`); no column of them holds a user's
 * entity ref. And the users who opted out, by their entity ref: the
 * choice must outlive a change of the secret, which changes every id.
 */

// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('adoption_events', table => {
    table.comment(
      'Analytics events of the portal, kept adoption.retention.days',
    );
    table.bigIncrements('id').primary();
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    table
      .string('user_hash', 64)
      .notNullable()
      .comment('hex HMAC-SHA256 of the user entity ref, never the ref');
    table
      .string('action', 16)
      .notNullable()
      .comment('navigate|search|click|create');
    table
      .string('subject', 512)
      .notNullable()
      .comment('navigate: path; search: term (normalised); click: link text');
    table.string('plugin_id', 200).nullable();
    table.string('extension_id', 200).nullable();
    table
      .string('route_path', 1024)
      .nullable()
      .comment('navigate: the route pattern, /catalog/:namespace/:kind/:name');
    table.string('entity_ref', 512).nullable();
    table.integer('search_result_count').nullable();
    table.string('target', 1024).nullable().comment('click: the link target');
    table.index(['occurred_at'], 'adoption_events_occurred_at_idx');
    table.index(['action', 'occurred_at'], 'adoption_events_action_idx');
    // opting out deletes by user; every figure reads a window of time
    // (of one action), which the two indexes above serve: no more, each
    // one costs every insert
    table.index(['user_hash'], 'adoption_events_user_idx');
  });

  await knex.schema.createTable('adoption_opt_outs', table => {
    table.comment('Users who opted out of usage analytics in Settings');
    table
      .string('user_ref', 512)
      .primary()
      .comment('the entity ref of the user, so that a new secret keeps it');
    table.timestamp('opted_out_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('adoption_opt_outs');
  await knex.schema.dropTable('adoption_events');
};

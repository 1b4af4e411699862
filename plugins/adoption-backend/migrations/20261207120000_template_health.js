/*
 * Template health: the scaffolder's tasks, one row each, copied on a
 * schedule from the scaffolder's API (GET /v2/tasks and, once a task has
 * finished, its events for the step that failed), so that the adoption
 * page's figures need no call to the scaffolder.
 */

// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('adoption_template_tasks', table => {
    table.comment('Tasks of the scaffolder, copied for template health');
    table.string('task_id', 64).primary();
    table
      .string('template_ref', 255)
      .notNullable()
      .comment('template:namespace/name');
    table.string('template_title', 255).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('open, processing, completed, failed, cancelled');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table
      .timestamp('completed_at', { useTz: true })
      .nullable()
      .comment('the completion event; null while not finished');
    table.string('failed_step_id', 255).nullable();
    table.string('failed_step_name', 255).nullable();
    table.index(['created_at'], 'adoption_template_tasks_created_idx');
    table.index(['template_ref'], 'adoption_template_tasks_template_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('adoption_template_tasks');
};

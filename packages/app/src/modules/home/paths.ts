/*
 * The pages the home page links to, where app-config.yaml mounts them (the
 * catalog and the scaffolder at their plugins' default paths).
 */

/** The software catalog. */
export const catalogPath = '/catalog';

/** The software templates (Create). */
export const createPath = '/create';

/** The signed-in user's template runs. */
export const tasksPath = `${createPath}/tasks`;

/** One template run's page: its steps and logs. */
export const taskPath = (taskId: string) =>
  `${tasksPath}/${encodeURIComponent(taskId)}`;

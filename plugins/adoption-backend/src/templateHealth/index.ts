import type { AdoptionDeps, AdoptionFeature } from '../service/types';
import { scheduleFromConfig } from '../service/scheduleFromConfig';
import { ScaffolderTasksClient } from './ScaffolderTasksClient';
import { syncTemplateTasks } from './syncTemplateTasks';
import { TemplateTaskStore } from './TemplateTaskStore';
import { templateHealthRouter } from './router';

/** the scheduled task that copies the scaffolder's tasks */
export const TEMPLATE_HEALTH_TASK_ID = 'adoption-template-health-sync';

/**
 * Template health: the scaffolder's tasks copied on a schedule (one
 * replica at a time) into adoption_template_tasks; the routes answer from
 * there, so a page load never fans out to the scaffolder.
 */
export async function createTemplateHealthFeature(
  deps: AdoptionDeps,
): Promise<AdoptionFeature> {
  const store = new TemplateTaskStore(deps.knex);
  const scaffolder = new ScaffolderTasksClient(deps);
  const lookbackDays =
    deps.config.getOptionalNumber('adoption.templateHealth.lookbackDays') ??
    365;
  await deps.scheduler.scheduleTask({
    id: TEMPLATE_HEALTH_TASK_ID,
    scope: 'global',
    ...scheduleFromConfig(deps.config, 'templateHealth.schedule', {
      frequency: { hours: 1 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 1 },
    }),
    fn: async () => {
      await syncTemplateTasks({
        scaffolder,
        store,
        logger: deps.logger,
        lookbackDays,
      });
    },
  });
  return { router: templateHealthRouter({ ...deps, store }) };
}

import type { AdoptionDeps, AdoptionFeature } from '../service/types';
import { readTemplateHealthConfig } from './config';
import { templateHealthRouter } from './router';
import { ScaffolderTasksClient } from './ScaffolderTasksClient';
import { syncTemplateTasks } from './syncTemplateTasks';
import { TemplateHealthService } from './TemplateHealthService';
import { TemplateTaskStore } from './TemplateTaskStore';

/** the scheduled task that copies the scaffolder's tasks */
export const TEMPLATE_HEALTH_TASK_ID = 'adoption-template-health-sync';

/**
 * Template health: the scaffolder's tasks copied on a schedule (one
 * replica at a time) into adoption_template_tasks, kept for
 * `adoption.retention.days`; the routes answer from there, so a page load
 * never fans out to the scaffolder.
 */
export async function createTemplateHealthFeature(
  deps: AdoptionDeps,
): Promise<AdoptionFeature> {
  const config = readTemplateHealthConfig(deps.config);
  const store = new TemplateTaskStore(deps.knex);
  const scaffolder = new ScaffolderTasksClient(deps);
  await deps.scheduler.scheduleTask({
    id: TEMPLATE_HEALTH_TASK_ID,
    ...config.schedule,
    // after the schedule: one read from config has `scope: undefined`
    scope: 'global',
    fn: async () => {
      await syncTemplateTasks({
        scaffolder,
        store,
        logger: deps.logger,
        lookbackDays: config.lookbackDays,
        retentionDays: config.retentionDays,
      });
    },
  });
  const service = new TemplateHealthService({ store });
  return { router: templateHealthRouter({ ...deps, service }) };
}

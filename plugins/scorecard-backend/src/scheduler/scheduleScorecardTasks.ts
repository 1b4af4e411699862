import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type LoggerService,
  type RootConfigService,
  type SchedulerService,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { CampaignService } from '../campaigns/CampaignService';
import {
  CATALOG_CHANGES_TASK_ID,
  EVALUATE_ALL_TASK_ID,
  type ScorecardService,
} from '../service/ScorecardService';

export const CAMPAIGNS_TASK_ID = 'scorecard:campaigns';

/** The schedule at `key` of the configuration, else the default. */
function readSchedule(
  config: RootConfigService,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  return config.has(key)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(key),
      )
    : fallback;
}

/**
 * The scorecard's scheduled tasks, each run by one replica at a time
 * (global scope): every entity (`scorecard.schedule`, hourly), and the
 * entities the catalog changed (`scorecard.changeDetection`, every 30 s).
 */
export async function scheduleScorecardTasks(options: {
  config: RootConfigService;
  scheduler: SchedulerService;
  service: ScorecardService;
  logger: LoggerService;
  campaigns?: CampaignService;
}) {
  const { config, scheduler, service, logger, campaigns } = options;

  await scheduler.scheduleTask({
    id: EVALUATE_ALL_TASK_ID,
    scope: 'global',
    ...readSchedule(config, 'scorecard.schedule', {
      frequency: { hours: 1 },
      timeout: { minutes: 30 },
      initialDelay: { seconds: 15 },
    }),
    fn: async () => {
      const started = Date.now();
      const r = await service.evaluateAll();
      logger.info(
        `Scorecards: evaluated ${r.evaluated} entities (${r.changed} changed, ${
          r.removed
        } removed) in ${Date.now() - started} ms`,
      );
    },
  });
  await scheduler.scheduleTask({
    id: CATALOG_CHANGES_TASK_ID,
    scope: 'global',
    ...readSchedule(config, 'scorecard.changeDetection', {
      frequency: { seconds: 30 },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 20 },
    }),
    fn: async () => {
      const r = await service.evaluateChanged();
      if (r.evaluated || r.removed) {
        logger.info(
          `Scorecards: ${r.evaluated} changed entities evaluated, ${r.removed} removed`,
        );
      }
    },
  });
  if (campaigns) {
    // campaigns past their target date archived, owners of entities not yet
    // done reminded (scorecard.campaignSchedule, daily)
    await scheduler.scheduleTask({
      id: CAMPAIGNS_TASK_ID,
      scope: 'global',
      ...readSchedule(config, 'scorecard.campaignSchedule', {
        frequency: { hours: 24 },
        timeout: { minutes: 10 },
        initialDelay: { minutes: 1 },
      }),
      fn: async () => {
        const r = await campaigns.daily();
        if (r.archived || r.reminded) {
          logger.info(
            `Campaigns: ${r.archived} archived, ${r.reminded} reminders sent`,
          );
        }
      },
    });
  }
}

import type {
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { readEventsConfig } from '../events/readEventsConfig';
import { readWholeNumber } from '../service/readConfigNumber';
import { scheduleFromConfig } from '../service/scheduleFromConfig';

/** `adoption.templateHealth`, and the retention the copied tasks are kept for. */
export type TemplateHealthConfig = {
  /** how far back the first copy reads the scaffolder's tasks, in days */
  lookbackDays: number;
  /** copied tasks older than this many days are deleted (`adoption.retention.days`) */
  retentionDays: number;
  /** when the copy runs (one replica at a time) */
  schedule: SchedulerServiceTaskScheduleDefinition;
};

/**
 * `adoption.templateHealth.lookbackDays` (a whole number of days, 1 or
 * more; default 365), `adoption.templateHealth.schedule` (default hourly)
 * and `adoption.retention.days` as the events feature reads it.
 */
export function readTemplateHealthConfig(
  config: RootConfigService,
): TemplateHealthConfig {
  return {
    lookbackDays: readWholeNumber(
      config,
      'adoption.templateHealth.lookbackDays',
      { min: 1, fallback: 365 },
    ),
    retentionDays: readEventsConfig(config).retentionDays,
    schedule: scheduleFromConfig(config, 'templateHealth.schedule', {
      frequency: { hours: 1 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 1 },
    }),
  };
}

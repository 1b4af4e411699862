import type {
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { readWholeNumber } from '../service/readConfigNumber';
import { scheduleFromConfig } from '../service/scheduleFromConfig';

/** `adoption.docsHealth`. */
export type DocsHealthConfig = {
  /**
   * docs are stale when the code's last commit is more than this many days
   * newer than the docs' (0: any newer commit)
   */
  staleAfterDays: number;
  /** when the check runs (one replica at a time) */
  schedule: SchedulerServiceTaskScheduleDefinition;
};

/**
 * `adoption.docsHealth.staleAfterDays` (a whole number of days, 0 or more:
 * 0, the default, counts any newer commit) and
 * `adoption.docsHealth.schedule` (default every 6 hours).
 */
export function readDocsHealthConfig(
  config: RootConfigService,
): DocsHealthConfig {
  return {
    staleAfterDays: readWholeNumber(
      config,
      'adoption.docsHealth.staleAfterDays',
      { min: 0, fallback: 0 },
    ),
    schedule: scheduleFromConfig(config, 'docsHealth.schedule', {
      frequency: { hours: 6 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 2 },
    }),
  };
}

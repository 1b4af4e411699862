import type {
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { scheduleFromConfig } from '../service/scheduleFromConfig';
import { PSEUDONYMISATION_SECRET_KEY } from './pseudonymise';

export const RETENTION_DAYS_DEFAULT = 90;

export type EventsConfig = {
  /** the key of the users' pseudonymous ids */
  secret: string;
  /** events older than this many days are deleted */
  retentionDays: number;
  /** when the retention task runs */
  retentionSchedule: SchedulerServiceTaskScheduleDefinition;
};

/**
 * `adoption.pseudonymisation.secret` (required: the plugin does not start
 * without it), `adoption.retention.days` (default 90) and
 * `adoption.retention.schedule` (default hourly).
 */
export function readEventsConfig(config: RootConfigService): EventsConfig {
  const retentionDays =
    config.getOptionalNumber('adoption.retention.days') ??
    RETENTION_DAYS_DEFAULT;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new Error(
      `adoption.retention.days must be a whole number of days, 1 or more; got ${retentionDays}`,
    );
  }
  return {
    secret: config.getString(PSEUDONYMISATION_SECRET_KEY),
    retentionDays,
    retentionSchedule: scheduleFromConfig(config, 'retention.schedule', {
      frequency: { hours: 1 },
      timeout: { minutes: 15 },
      initialDelay: { minutes: 1 },
    }),
  };
}

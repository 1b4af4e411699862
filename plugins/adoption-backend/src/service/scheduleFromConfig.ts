import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';

/**
 * A scheduled task's schedule from config (`key`, a
 * SchedulerServiceTaskScheduleDefinitionConfig under `adoption.`), else the
 * feature's default. Every scheduled job of the plugin reads its schedule
 * here.
 */
export function scheduleFromConfig(
  config: Config,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  const path = `adoption.${key}`;
  return config.has(path)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(path),
      )
    : fallback;
}

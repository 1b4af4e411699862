import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { scheduleFromConfig } from '../service/scheduleFromConfig';

/** `adoption.coverage`: the GitHub organisation whose coverage is computed. */
export type CoverageConfig = {
  organization: string;
  /** the GitHub host, as the GitHub integration names it (`github.com`) */
  host: string;
  /** when the coverage is recomputed (one replica at a time) */
  schedule: SchedulerServiceTaskScheduleDefinition;
};

/** `adoption.coverage`, or undefined when the feature is not configured. */
export function readCoverageConfig(config: Config): CoverageConfig | undefined {
  const coverage = config.getOptionalConfig('adoption.coverage');
  if (!coverage) return undefined;
  const organization = coverage.getString('organization');
  const host = coverage.getOptionalString('host') ?? 'github.com';
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(organization)) {
    throw new InputError(
      `adoption.coverage.organization must be a GitHub organisation login, not "${organization}"`,
    );
  }
  if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(host)) {
    throw new InputError(
      `adoption.coverage.host must be a host name (with an optional port), not "${host}"`,
    );
  }
  return {
    organization,
    host: host.toLowerCase(),
    schedule: scheduleFromConfig(config, 'coverage.schedule', {
      frequency: { hours: 6 },
      timeout: { minutes: 15 },
      initialDelay: { minutes: 1 },
    }),
  };
}

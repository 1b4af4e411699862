import type { AdoptionDeps, AdoptionFeature } from '../service/types';
import { EventsService } from './EventsService';
import { EventsStore } from './EventsStore';
import { createPseudonymiser } from './pseudonymise';
import { readEventsConfig } from './readEventsConfig';
import { createEventsRouter } from './router';

export const RETENTION_TASK_ID = 'adoption:events-retention';

/**
 * The frontend's analytics events: stored pseudonymised, dropped for users
 * who opted out, deleted after `adoption.retention.days` by a task one
 * replica runs at a time.
 */
export async function createEventsFeature(
  deps: AdoptionDeps,
): Promise<AdoptionFeature> {
  const { config, knex, scheduler, httpAuth, logger } = deps;
  const eventsConfig = readEventsConfig(config);
  const service = new EventsService({
    store: new EventsStore(knex),
    pseudonymise: createPseudonymiser(eventsConfig.secret),
    retentionDays: eventsConfig.retentionDays,
  });
  await scheduler.scheduleTask({
    id: RETENTION_TASK_ID,
    ...eventsConfig.retentionSchedule,
    // after the schedule: one read from config has `scope: undefined`
    scope: 'global',
    fn: async () => {
      const { expired, optedOut } = await service.applyRetention();
      if (expired || optedOut) {
        logger.info(
          `Adoption: deleted ${expired} events older than ${eventsConfig.retentionDays} days and ${optedOut} of users who opted out`,
        );
      }
    },
  });
  return { router: createEventsRouter({ service, httpAuth }) };
}

import { scheduleFromConfig } from '../service/scheduleFromConfig';
import type { AdoptionDeps, AdoptionFeature } from '../service/types';
import { readCoverageConfig } from './config';
import { CoverageService } from './CoverageService';
import { CoverageStore } from './CoverageStore';
import { GithubOrganization } from './GithubOrganization';
import { coverageRouter } from './router';

/** the scheduled task that recomputes the coverage */
export const COVERAGE_TASK_ID = 'adoption-coverage-refresh';

/**
 * Catalog coverage: the organisation's repositories (`adoption.coverage`,
 * read through the GitHub integration) against the catalog, recomputed on
 * a schedule (one replica at a time) and on `POST /v1/coverage/refresh`;
 * the routes answer from the latest snapshot.
 */
export async function createCoverageFeature(
  deps: AdoptionDeps,
): Promise<AdoptionFeature> {
  const coverage = readCoverageConfig(deps.config);
  if (!coverage) {
    deps.logger.info(
      'Catalog coverage is off: adoption.coverage.organization is not set',
    );
    return { router: coverageRouter({ ...deps, service: undefined }) };
  }
  const service = new CoverageService({
    coverage,
    source: GithubOrganization.fromConfig(deps.config, coverage),
    store: new CoverageStore(deps.knex),
    catalog: deps.catalog,
    auth: deps.auth,
    logger: deps.logger,
  });
  await deps.scheduler.scheduleTask({
    id: COVERAGE_TASK_ID,
    scope: 'global',
    ...scheduleFromConfig(deps.config, 'coverage.schedule', {
      frequency: { hours: 6 },
      timeout: { minutes: 15 },
      initialDelay: { minutes: 1 },
    }),
    fn: () => service.refresh(),
  });
  return { router: coverageRouter({ ...deps, service }) };
}

import { GithubClients } from '../service/github';
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
 * read through the GitHub integration) against the catalog, recomputed by
 * a scheduled task (one replica at a time), which
 * `POST /v1/coverage/refresh` runs now; the routes answer from the latest
 * snapshot.
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
    source: new GithubOrganization(
      coverage,
      GithubClients.fromConfig(deps.config),
    ),
    store: new CoverageStore(deps.knex),
    catalog: deps.catalog,
    auth: deps.auth,
    logger: deps.logger,
    scheduler: deps.scheduler,
    taskId: COVERAGE_TASK_ID,
  });
  await deps.scheduler.scheduleTask({
    id: COVERAGE_TASK_ID,
    ...coverage.schedule,
    // after the schedule: one read from config has `scope: undefined`
    scope: 'global',
    fn: () => service.compute(),
  });
  return { router: coverageRouter({ ...deps, service }) };
}

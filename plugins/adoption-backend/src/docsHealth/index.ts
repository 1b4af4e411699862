import { GithubClients } from '../service/github';
import type { AdoptionDeps, AdoptionFeature } from '../service/types';
import { checkDocsHealth } from './checkDocsHealth';
import { readDocsHealthConfig } from './config';
import { DocsHealthService } from './DocsHealthService';
import { DocsHealthStore } from './DocsHealthStore';
import { GithubCommits } from './GithubCommits';
import { docsHealthRouter } from './router';
import { TechDocsMetadataClient } from './TechDocsMetadataClient';

/** the scheduled task that checks every entity's docs */
export const DOCS_HEALTH_TASK_ID = 'adoption-docs-health-check';

/**
 * Docs health: every entity with TechDocs checked on a schedule (one
 * replica at a time) against TechDocs' build metadata and the GitHub
 * commits of its docs and of its own folder, stored with each day's
 * counts; the routes answer from the store. Snapshotting (rather than
 * checking on request) keeps a page load from costing up to four GitHub
 * calls per entity against the installation's rate limit, and gives the
 * trend its history.
 */
export async function createDocsHealthFeature(
  deps: AdoptionDeps,
): Promise<AdoptionFeature> {
  const config = readDocsHealthConfig(deps.config);
  const store = new DocsHealthStore(deps.knex);
  const github = GithubClients.fromConfig(deps.config);
  const commits = new GithubCommits(github);
  const techdocs = new TechDocsMetadataClient(deps);
  await deps.scheduler.scheduleTask({
    id: DOCS_HEALTH_TASK_ID,
    ...config.schedule,
    // after the schedule: one read from config has `scope: undefined`
    scope: 'global',
    fn: async () => {
      await checkDocsHealth({
        catalog: deps.catalog,
        auth: deps.auth,
        integrations: github.integrations,
        sources: {
          lastCommitAt: (location, path) =>
            commits.lastCommitAt(location, path),
          lastBuiltAt: entity => techdocs.lastBuiltAt(entity),
        },
        store,
        logger: deps.logger,
        staleAfterDays: config.staleAfterDays,
      });
    },
  });
  const service = new DocsHealthService({
    store,
    staleAfterDays: config.staleAfterDays,
  });
  return { router: docsHealthRouter({ ...deps, service }) };
}

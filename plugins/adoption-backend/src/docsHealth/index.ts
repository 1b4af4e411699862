import { ScmIntegrations } from '@backstage/integration';
import { scheduleFromConfig } from '../service/scheduleFromConfig';
import type { AdoptionDeps, AdoptionFeature } from '../service/types';
import { checkDocsHealth } from './checkDocsHealth';
import { DocsHealthStore } from './DocsHealthStore';
import { GithubCommits } from './GithubCommits';
import { docsHealthRouter } from './router';
import { TechDocsMetadataClient } from './TechDocsMetadataClient';

/** the scheduled task that checks every entity's docs */
export const DOCS_HEALTH_TASK_ID = 'adoption-docs-health-check';

/**
 * Docs health: every entity with TechDocs checked on a schedule (one
 * replica at a time) against TechDocs' build metadata and its GitHub
 * repository's commits, stored with each day's counts; the routes answer
 * from the store. Snapshotting (rather than checking on request) keeps a
 * page load from costing up to four GitHub calls per entity against the
 * installation's rate limit, and gives the trend its history.
 */
export async function createDocsHealthFeature(
  deps: AdoptionDeps,
): Promise<AdoptionFeature> {
  const store = new DocsHealthStore(deps.knex);
  const integrations = ScmIntegrations.fromConfig(deps.config);
  const commits = new GithubCommits(integrations);
  const techdocs = new TechDocsMetadataClient(deps);
  const staleAfterDays =
    deps.config.getOptionalNumber('adoption.docsHealth.staleAfterDays') ?? 0;
  await deps.scheduler.scheduleTask({
    id: DOCS_HEALTH_TASK_ID,
    scope: 'global',
    ...scheduleFromConfig(deps.config, 'docsHealth.schedule', {
      frequency: { hours: 6 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 2 },
    }),
    fn: async () => {
      await checkDocsHealth({
        catalog: deps.catalog,
        auth: deps.auth,
        integrations,
        sources: {
          lastCommitAt: (location, path) =>
            commits.lastCommitAt(location, path),
          lastBuiltAt: entity => techdocs.lastBuiltAt(entity),
        },
        store,
        logger: deps.logger,
        staleAfterDays,
      });
    },
  });
  return { router: docsHealthRouter({ ...deps, store, staleAfterDays }) };
}

import type { DocsHealthStatus } from '@internal/backstage-plugin-adoption-common';
import { DAY_MS } from '../service/time';

/** What a check found out about an entity's docs. */
export type DocsFacts = {
  lastBuiltAt: Date | null;
  lastDocsCommitAt: Date | null;
  /** the last commit under the entity's own folder (its source location) */
  lastCodeCommitAt: Date | null;
  /** why the repository could not be read */
  error: string | null;
};

/**
 * The rule of docs health, in one place:
 * - the docs are behind the code when the last commit under the entity's
 *   folder is later than the last commit touching the docs by more than
 *   `staleAfterDays` (0: any later commit);
 * - the build is outdated when there was none, or it predates the docs'
 *   last commit;
 * - status: `unknown` when the repository could not be read or no commit
 *   touches the docs, `not-built` when never built, `stale` when behind,
 *   `not-built` when the build is outdated, else `fresh`.
 */
export function assessDocs(
  facts: DocsFacts,
  staleAfterDays: number,
): {
  status: DocsHealthStatus;
  docsBehindDays: number | null;
  buildOutdated: boolean;
} {
  const { lastBuiltAt, lastDocsCommitAt, lastCodeCommitAt } = facts;
  const behindMs =
    lastDocsCommitAt && lastCodeCommitAt
      ? Math.max(0, lastCodeCommitAt.getTime() - lastDocsCommitAt.getTime())
      : null;
  const docsBehindDays =
    behindMs === null ? null : Math.floor(behindMs / DAY_MS);
  const buildOutdated =
    !lastBuiltAt || (!!lastDocsCommitAt && lastBuiltAt < lastDocsCommitAt);
  let status: DocsHealthStatus;
  if (facts.error || !lastDocsCommitAt) status = 'unknown';
  else if (!lastBuiltAt) status = 'not-built';
  else if (behindMs !== null && behindMs > staleAfterDays * DAY_MS)
    status = 'stale';
  else if (buildOutdated) status = 'not-built';
  else status = 'fresh';
  return { status, docsBehindDays, buildOutdated };
}

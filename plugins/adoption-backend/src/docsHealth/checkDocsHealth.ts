import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { assessDocs, type DocsFacts } from './assess';
import {
  docsPaths,
  githubDocsLocation,
  type GithubDocsLocation,
} from './docsLocation';
import type { DocsHealthEntry, DocsHealthStore } from './DocsHealthStore';

export const TECHDOCS_REF_ANNOTATION = 'backstage.io/techdocs-ref';

/** What a check needs to know about commits and builds. */
export type DocsSources = {
  lastCommitAt(
    location: GithubDocsLocation,
    path?: string,
  ): Promise<Date | null>;
  lastBuiltAt(entity: {
    kind: string;
    namespace: string;
    name: string;
  }): Promise<Date | null>;
};

const latest = (dates: (Date | null)[]) =>
  dates.reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null);

/** the newest commit touching the docs: the docs folder or mkdocs.yml/.yaml */
async function lastDocsCommitAt(
  sources: DocsSources,
  location: GithubDocsLocation,
): Promise<Date | null> {
  const [docs, yml, yaml] = docsPaths(location.dir);
  const folder = await sources.lastCommitAt(location, docs);
  const config =
    (await sources.lastCommitAt(location, yml)) ??
    (await sources.lastCommitAt(location, yaml));
  return latest([folder, config]);
}

function ownerRef(entity: Entity): string | null {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return null;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace,
      }),
    );
  } catch {
    return owner;
  }
}

/**
 * Checks every entity with TechDocs: its last build (TechDocs metadata),
 * the last commit touching its docs and the repository's last commit on
 * GitHub; a failure is the entity's `error` (status `unknown`), never the
 * whole check's. Repositories are read once per check (several entities
 * may share one). Stores the result and the day's counts.
 */
export async function checkDocsHealth(options: {
  catalog: CatalogService;
  auth: AuthService;
  integrations: ScmIntegrationRegistry;
  sources: DocsSources;
  store: DocsHealthStore;
  logger: LoggerService;
  staleAfterDays: number;
  concurrency?: number;
  now?: () => Date;
}): Promise<DocsHealthEntry[]> {
  const { sources, staleAfterDays } = options;
  const now = options.now ?? (() => new Date());
  const { items } = await options.catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${TECHDOCS_REF_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: ['kind', 'metadata', 'spec.owner'],
    },
    { credentials: await options.auth.getOwnServiceCredentials() },
  );
  const repoCommits = new Map<string, Promise<Date | null>>();
  const codeCommitAt = (location: GithubDocsLocation) => {
    const key = `${location.repoUrl}@${location.ref ?? ''}`;
    if (!repoCommits.has(key)) {
      const pending = sources.lastCommitAt(location);
      // a rejection is reported by each entity that awaits it
      pending.catch(() => {});
      repoCommits.set(key, pending);
    }
    return repoCommits.get(key)!;
  };

  const checkOne = async (entity: Entity): Promise<DocsHealthEntry> => {
    const facts: DocsFacts = {
      lastBuiltAt: null,
      lastDocsCommitAt: null,
      lastCodeCommitAt: null,
      error: null,
    };
    let repository: string | null = null;
    try {
      facts.lastBuiltAt = await sources.lastBuiltAt(
        getCompoundEntityRef(entity),
      );
      const location = githubDocsLocation(entity, options.integrations);
      repository = `${location.owner}/${location.repo}`;
      facts.lastCodeCommitAt = await codeCommitAt(location);
      facts.lastDocsCommitAt = await lastDocsCommitAt(sources, location);
      if (!facts.lastDocsCommitAt) {
        facts.error = `no commit touches ${docsPaths(location.dir)
          .slice(0, 2)
          .join(' or ')}`;
      }
    } catch (e) {
      facts.error = e instanceof Error ? e.message : String(e);
    }
    return {
      ...facts,
      entityRef: stringifyEntityRef(entity),
      title: entity.metadata.title ?? entity.metadata.name,
      owner: ownerRef(entity),
      repository,
      status: assessDocs(facts, staleAfterDays).status,
      checkedAt: now(),
    };
  };

  const entries: DocsHealthEntry[] = [];
  const queue = [...items];
  const workers = Array.from(
    { length: Math.min(options.concurrency ?? 4, queue.length) },
    async () => {
      for (let e = queue.shift(); e; e = queue.shift()) {
        entries.push(await checkOne(e));
      }
    },
  );
  await Promise.all(workers);
  entries.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  await options.store.replace(entries, now());
  options.logger.info(
    `Docs health: checked ${entries.length} entities with TechDocs`,
  );
  return entries;
}

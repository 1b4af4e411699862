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
import { mapLimit } from '../service/mapLimit';
import { assessDocs, type DocsFacts } from './assess';
import {
  docsPaths,
  githubDocsLocation,
  githubEntityFolder,
  type GithubFolder,
} from './docsLocation';
import type { DocsHealthEntry, DocsHealthStore } from './DocsHealthStore';

export const TECHDOCS_REF_ANNOTATION = 'backstage.io/techdocs-ref';

/** catalog entities read per request */
const CATALOG_PAGE_SIZE = 500;

/** What a check needs to know about commits and builds. */
export type DocsSources = {
  lastCommitAt(location: GithubFolder, path?: string): Promise<Date | null>;
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
  location: GithubFolder,
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
 * Checks every entity with TechDocs, the catalog read a page at a time:
 * its last build (TechDocs metadata), the last commit touching its docs
 * and the last commit under its own folder (its source location: in a
 * monorepo, another component's commits do not count; the docs'
 * repository when the entity's source is not on GitHub) on GitHub; a
 * failure is the entity's `error` (status `unknown`), never the whole
 * check's. A folder's last commit is read once per check (several
 * entities may share one). Stores the result and the day's counts.
 */
export async function checkDocsHealth(options: {
  catalog: CatalogService;
  auth: AuthService;
  integrations: ScmIntegrationRegistry;
  sources: DocsSources;
  store: DocsHealthStore;
  logger: LoggerService;
  staleAfterDays: number;
  /** entities checked at once (default 4) */
  concurrency?: number;
  /** catalog entities per request (default 500) */
  pageSize?: number;
  now?: () => Date;
}): Promise<DocsHealthEntry[]> {
  const { sources, staleAfterDays } = options;
  const now = options.now ?? (() => new Date());
  const pages = options.catalog.streamEntities(
    {
      filter: {
        [`metadata.annotations.${TECHDOCS_REF_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: ['kind', 'metadata', 'spec.owner'],
      pageSize: options.pageSize ?? CATALOG_PAGE_SIZE,
    },
    { credentials: await options.auth.getOwnServiceCredentials() },
  );
  const folderCommits = new Map<string, Promise<Date | null>>();
  const codeCommitAt = (folder: GithubFolder) => {
    const key = `${folder.repoUrl}@${folder.ref ?? ''}:${folder.dir}`;
    if (!folderCommits.has(key)) {
      const pending = sources.lastCommitAt(folder, folder.dir || undefined);
      // a rejection is reported by each entity that awaits it
      pending.catch(() => {});
      folderCommits.set(key, pending);
    }
    return folderCommits.get(key)!;
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
      let code: GithubFolder;
      try {
        code = githubEntityFolder(entity, options.integrations);
      } catch {
        code = { ...location, dir: '' };
      }
      facts.lastCodeCommitAt = await codeCommitAt(code);
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
  for await (const page of pages) {
    entries.push(...(await mapLimit(page, options.concurrency ?? 4, checkOne)));
  }
  entries.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  await options.store.replace(entries, now());
  options.logger.info(
    `Docs health: checked ${entries.length} entities with TechDocs`,
  );
  return entries;
}

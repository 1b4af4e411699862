import type {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  CoverageOwner,
  CoverageRefreshResponse,
  CoverageRepository,
  CoverageStatus,
  CoverageSummary,
} from '@internal/backstage-plugin-adoption-common';
import {
  CODEOWNERS_PATHS,
  codeOwnerEntityRef,
  wholeRepositoryOwners,
} from 'catalog-info-generator';
import { mapLimit } from '../service/mapLimit';
import { DAY_MS } from '../service/time';
import type { CoverageConfig } from './config';
import type { CoverageStore } from './CoverageStore';
import type {
  OrganizationRepository,
  RepositorySource,
} from './GithubOrganization';
import {
  entityRepositoryKeys,
  repositoryKey,
  repositoryUrl,
} from './repositoryUrls';

/** how far back the trend goes */
const TREND_DAYS = 90;
/** GitHub API calls in flight at once while reading CODEOWNERS */
const CONCURRENCY = 8;
/** catalog entities read per request */
const CATALOG_PAGE_SIZE = 500;

/** What CODEOWNERS says about the whole repository. */
type CodeOwners = Pick<CoverageRepository, 'owner' | 'ownerRef' | 'codeOwners'>;

const NO_OWNER: CodeOwners = { owner: null, ownerRef: null, codeOwners: null };

/** `group:team` → `group:default/team` */
function fullRef(ref: string | undefined): string | null {
  if (!ref) return null;
  try {
    return stringifyEntityRef(parseEntityRef(ref));
  } catch {
    return null;
  }
}

/**
 * Catalog coverage: the organisation's repositories (the GitHub
 * integration) against the catalog's entities whose source they are,
 * computed by a scheduled task (one replica at a time; a refresh runs that
 * task now) and kept as snapshots.
 */
export class CoverageService {
  constructor(
    private readonly deps: {
      coverage: Pick<CoverageConfig, 'organization' | 'host'>;
      source: RepositorySource;
      store: CoverageStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      /** runs the scheduled task `taskId`, whose work is `compute` */
      scheduler: Pick<SchedulerService, 'triggerTask'>;
      taskId: string;
      now?: () => Date;
      /** catalog entities per request (default 500) */
      pageSize?: number;
    },
  ) {}

  /**
   * Asks the scheduled computation to run now, on whichever replica takes
   * the task's lock, without waiting for it: one computation at a time
   * across replicas, as for the scheduled runs. When one runs already, that
   * one answers the request (`triggered: false`).
   */
  async refresh(): Promise<CoverageRefreshResponse> {
    const latest = await this.deps.store.latest();
    let triggered = true;
    try {
      await this.deps.scheduler.triggerTask(this.deps.taskId);
    } catch (e) {
      if (!isError(e) || e.name !== 'ConflictError') throw e;
      triggered = false;
    }
    return {
      triggered,
      computedAt: latest ? latest.computedAt.toISOString() : null,
    };
  }

  /**
   * Computes the coverage now and saves it: the work of the scheduled task
   * (never called by a request).
   */
  async compute(): Promise<void> {
    const { coverage, source, store, logger } = this.deps;
    const computedAt = (this.deps.now ?? (() => new Date()))();
    let repositories: OrganizationRepository[];
    try {
      repositories = await source.listRepositories();
    } catch (e) {
      throw new ServiceUnavailableError(
        `Reading the repositories of ${coverage.organization} on ${coverage.host} failed: ${
          (e as Error).message
        }`,
      );
    }
    const sources = await this.entitiesByRepository();
    const owners = await mapLimit(repositories, CONCURRENCY, r =>
      this.codeOwners(r),
    );
    const rows: CoverageRepository[] = repositories
      .map((r, i) => {
        const [owner, name] = r.fullName.split('/');
        const refs = [
          ...(sources.get(repositoryKey(coverage.host, owner, name)) ?? []),
        ].sort();
        let status: CoverageStatus = refs.length ? 'covered' : 'uncovered';
        if (r.archived) status = 'archived';
        return {
          name: r.name,
          fullName: r.fullName,
          url: repositoryUrl(coverage.host, r.fullName),
          status,
          ...owners[i],
          entityRefs: refs.join(' '),
          entities: refs.length,
          pushedAt: r.pushedAt,
        };
      })
      .sort((a, b) => (a.fullName < b.fullName ? -1 : 1));
    const count = (status: CoverageStatus) =>
      rows.filter(r => r.status === status).length;
    await store.save(
      {
        organization: coverage.organization,
        host: coverage.host,
        computedAt,
        repositories: rows.length,
        covered: count('covered'),
        uncovered: count('uncovered'),
        archived: count('archived'),
      },
      rows,
    );
    logger.info(
      `Catalog coverage of ${coverage.organization}: ${count('covered')} of ${
        rows.length - count('archived')
      } repositories covered, ${count('archived')} archived`,
    );
  }

  /**
   * repository key → refs of the entities that name it as their source
   * (Locations aside), the catalog read a page at a time
   */
  private async entitiesByRepository(): Promise<Map<string, Set<string>>> {
    const { catalog, auth, coverage } = this.deps;
    const pages = catalog.streamEntities(
      {
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
        ],
        pageSize: this.deps.pageSize ?? CATALOG_PAGE_SIZE,
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const byRepository = new Map<string, Set<string>>();
    for await (const page of pages) {
      for (const entity of page) {
        // a Location registers a repository's file; it is not described by it
        if (entity.kind.toLowerCase() === 'location') continue;
        for (const key of entityRepositoryKeys(entity, coverage.host)) {
          if (!byRepository.has(key)) byRepository.set(key, new Set());
          byRepository.get(key)!.add(stringifyEntityRef(entity));
        }
      }
    }
    return byRepository;
  }

  /** The owners of the repository's whole-repository CODEOWNERS rule. */
  private async codeOwners(
    repository: OrganizationRepository,
  ): Promise<CodeOwners> {
    for (const path of CODEOWNERS_PATHS) {
      const text = await this.deps.source.readFile(repository.name, path);
      if (text === undefined) continue;
      const owners = wholeRepositoryOwners(text) ?? [];
      const first = owners.find(o => o.startsWith('@'));
      if (!first) continue;
      return {
        owner: first,
        ownerRef: fullRef(codeOwnerEntityRef(first)),
        codeOwners: owners.join(' '),
      };
    }
    return NO_OWNER;
  }

  /** The latest computation with the trend (zeros before the first). */
  async summary(): Promise<CoverageSummary> {
    const { store, coverage } = this.deps;
    const now = (this.deps.now ?? (() => new Date()))();
    const latest = await store.latest();
    const counts = latest ?? {
      repositories: 0,
      covered: 0,
      uncovered: 0,
      archived: 0,
    };
    const active = counts.repositories - counts.archived;
    return {
      organization: latest?.organization ?? coverage.organization,
      host: latest?.host ?? coverage.host,
      computedAt: latest ? latest.computedAt.toISOString() : null,
      repositories: counts.repositories,
      covered: counts.covered,
      uncovered: counts.uncovered,
      archived: counts.archived,
      ratio: active > 0 ? counts.covered / active : null,
      byOwner: await this.owners(),
      trend: await store.trend(new Date(now.getTime() - TREND_DAYS * DAY_MS)),
    };
  }

  async repositories(status?: CoverageStatus): Promise<CoverageRepository[]> {
    return this.deps.store.repositories(status);
  }

  /** The latest computation's repositories per owner, most first. */
  async owners(): Promise<CoverageOwner[]> {
    const byOwner = new Map<string, CoverageOwner>();
    for (const r of await this.deps.store.repositories()) {
      // `@MyOrg/Team` and `@myorg/team` are one owner
      const key = r.ownerRef ?? r.owner?.toLowerCase() ?? '';
      let row = byOwner.get(key);
      if (!row) {
        row = {
          owner: r.owner,
          ownerRef: r.ownerRef,
          repositories: 0,
          covered: 0,
          uncovered: 0,
          archived: 0,
        };
        byOwner.set(key, row);
      }
      row.repositories += 1;
      row[r.status] += 1;
    }
    return [...byOwner.values()].sort((a, b) => {
      if (a.owner === null || b.owner === null) {
        return a.owner === null ? 1 : -1;
      }
      return b.repositories - a.repositories || (a.owner < b.owner ? -1 : 1);
    });
  }
}

import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  ScorecardRollup,
  ScorecardRollupChild,
} from '@internal/backstage-plugin-scorecard-common';
import type { ScorecardSettings } from '../config/readScorecardConfig';
import { normalizeRef } from '../service/ScorecardService';
import { allOwnerSets, resolveOwnerSet } from './groupTree';
import type {
  RollupScope,
  RollupSnapshot,
  RollupStore,
  RollupTotals,
} from './RollupStore';

/** the kinds that have a roll-up (lowercase) */
export const ROLLUP_KINDS = ['system', 'domain', 'group'];

export const ROLLUP_LIMITS = {
  /** children listed */
  children: 200,
  /** failing checks listed */
  failingChecks: 10,
  /** days of history answered (and snapshots kept) */
  historyDays: 90,
};

const DAY_MS = 24 * 3600 * 1000;

/** the last point of each UTC day, oldest first */
export function lastOfEachDay<T extends { timestamp: Date }>(points: T[]): T[] {
  const byDay = new Map<string, T>();
  for (const p of points) byDay.set(p.timestamp.toISOString().slice(0, 10), p);
  return [...byDay.values()];
}

/**
 * Roll-ups: a System, a Domain or a Group scored by its children (see
 * RollupScope), and their snapshots after each full evaluation.
 */
export class RollupService {
  constructor(
    private readonly deps: {
      store: RollupStore;
      catalog: CatalogService;
      settings: ScorecardSettings;
      logger?: LoggerService;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  /** whether the entity is a System, Domain or Group */
  hasRollup(entity: Entity): boolean {
    return ROLLUP_KINDS.includes(entity.kind.toLocaleLowerCase('en-US'));
  }

  /** the roll-up of a System, Domain or Group; undefined for other kinds */
  async rollupOf(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<ScorecardRollup | undefined> {
    const { store, settings } = this.deps;
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (!this.hasRollup(entity)) return undefined;
    const ref = normalizeRef(stringifyEntityRef(entity));
    let scope: RollupScope;
    if (kind === 'system') scope = { system: ref };
    else if (kind === 'domain') scope = { domain: ref };
    else {
      scope = {
        owners: await resolveOwnerSet(this.deps.catalog, entity, credentials),
      };
    }

    const since = new Date(
      this.now().getTime() - ROLLUP_LIMITS.historyDays * DAY_MS,
    );
    const [summary, failing, history, listed] = await Promise.all([
      store.summary(scope),
      store.failingChecks(scope),
      store.history(ref, since),
      'domain' in scope
        ? store.domainSystems(scope.domain, ROLLUP_LIMITS.children)
        : store.entities(scope, ROLLUP_LIMITS.children),
    ]);
    // a Domain's systems each with its own roll-up's totals; other
    // children with their own score
    const children: ScorecardRollupChild[] = Array.isArray(listed)
      ? listed
      : listed.rows.map(s => {
          const totals = summary.bySystem.get(s.entityRef);
          return {
            ...s,
            passed: totals?.passed ?? 0,
            total: totals?.total ?? 0,
          };
        });

    // every configured level in order (0 when none reached it), then any
    // level stored under an earlier configuration, then 'none'
    const levels: Record<string, number> = {};
    for (const l of settings.levels) levels[l.name] = 0;
    for (const [name, count] of summary.levels) {
      if (name !== 'none') levels[name] = count;
    }
    levels.none = summary.levels.get('none') ?? 0;

    const titles = new Map(settings.checks.map(c => [c.id, c.title]));
    return {
      entities: summary.entities,
      passed: summary.passed,
      total: summary.total,
      levels,
      failingChecks: failing
        .slice(0, ROLLUP_LIMITS.failingChecks)
        .map(f => ({ ...f, title: titles.get(f.checkId) ?? f.checkId })),
      children,
      childCount: Array.isArray(listed) ? summary.entities : listed.count,
      history: lastOfEachDay(history).map(h => ({
        timestamp: h.timestamp.toISOString(),
        passed: h.passed,
        total: h.total,
      })),
    };
  }

  /**
   * Snapshots every System, Domain and Group with scored entities (one
   * grouped query per kind, the groups read from the catalog once) and
   * drops the snapshots no roll-up reads any more. Returns how many were
   * taken.
   */
  async snapshot(
    takenAt: Date,
    credentials: BackstageCredentials,
  ): Promise<number> {
    const { store, catalog } = this.deps;
    const [systems, domains, owners, ownerSets] = await Promise.all([
      store.systemTotals(),
      store.domainTotals(),
      store.ownerTotals(),
      allOwnerSets(catalog, credentials),
    ]);
    const groups: RollupSnapshot[] = [];
    for (const [group, set] of ownerSets) {
      const sum: RollupTotals = { entities: 0, passed: 0, total: 0 };
      for (const owner of set) {
        const t = owners.get(owner);
        if (!t) continue;
        sum.entities += t.entities;
        sum.passed += t.passed;
        sum.total += t.total;
      }
      if (sum.entities > 0) groups.push({ entityRef: group, ...sum });
    }
    const rows = [...systems, ...domains, ...groups];
    await store.insertSnapshots(rows, takenAt);
    await store.pruneSnapshots(
      new Date(takenAt.getTime() - ROLLUP_LIMITS.historyDays * DAY_MS),
    );
    this.deps.logger?.debug(`Scorecard roll-ups: ${rows.length} snapshots`);
    return rows.length;
  }
}

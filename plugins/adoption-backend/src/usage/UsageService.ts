import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  USER_KIND,
  isUserRef,
  type UsageEntityViewsRow,
  type UsagePageViewsRow,
  type UsagePluginViewsRow,
  type UsageSearchWithoutResultRow,
  type UsageWeeklyActiveUsersRow,
} from '@internal/backstage-plugin-adoption-common';
import { DAY_MS, weekStart } from '../service/time';
import type { UsageStore, ViewCount } from './UsageStore';

const WEEK_MS = 7 * DAY_MS;

/** entities read from the catalog a request */
const CATALOG_PAGE_SIZE = 1000;

/** `kind:namespace/name` → `kind` */
const kindOf = (entityRef: string) =>
  entityRef.slice(0, entityRef.indexOf(':'));

/** never viewed first, then the fewest views, the longest unviewed */
const leastFirst = (a: UsageEntityViewsRow, b: UsageEntityViewsRow) =>
  a.views - b.views ||
  a.lastViewedAt.localeCompare(b.lastViewedAt) ||
  a.entityRef.localeCompare(b.entityRef);

/** The `size` lowest of the items added (by `compare`), in order. */
class Lowest<T> {
  private readonly items: T[] = [];

  constructor(
    private readonly size: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  add(item: T): void {
    const items = this.items;
    if (
      items.length === this.size &&
      this.compare(item, items[items.length - 1]) >= 0
    ) {
      return;
    }
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compare(items[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, item);
    if (items.length > this.size) items.pop();
  }

  sorted(): T[] {
    return [...this.items];
  }
}

/** A window of the last `days` days and a number of rows. */
export type UsageWindow = { days: number; limit: number };

/** What the usage routes answer, from the stored events (and the catalog). */
export class UsageService {
  constructor(
    private readonly options: {
      store: UsageStore;
      catalog: CatalogService;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private since(days: number): Date {
    return new Date(this.now().getTime() - days * DAY_MS);
  }

  /** The last `weeks` weeks (the current one included), oldest first. */
  async weeklyActiveUsers(weeks: number): Promise<UsageWeeklyActiveUsersRow[]> {
    const first = weekStart(this.now()).getTime() - (weeks - 1) * WEEK_MS;
    const bounds = Array.from(
      { length: weeks + 1 },
      (_, i) => new Date(first + i * WEEK_MS),
    );
    const counts = await this.options.store.activeUsersPerPeriod(bounds);
    return counts.map((c, i) => ({
      weekStart: bounds[i].toISOString().slice(0, 10),
      activeUsers: c.users,
      events: c.events,
    }));
  }

  async pluginViews(window: UsageWindow): Promise<UsagePluginViewsRow[]> {
    return this.options.store.viewsPerPlugin(
      this.since(window.days),
      window.limit,
    );
  }

  async pageViews(
    window: UsageWindow & { pluginId?: string },
  ): Promise<UsagePageViewsRow[]> {
    return this.options.store.viewsPerPage(
      this.since(window.days),
      window.limit,
      window.pluginId,
    );
  }

  async searchesWithoutResult(
    window: UsageWindow,
  ): Promise<UsageSearchWithoutResultRow[]> {
    return this.options.store.searchesWithoutResult(
      this.since(window.days),
      window.limit,
    );
  }

  /**
   * The entities viewed most, most first. Users' pages are one row, of
   * kind `user` and no entity ref (all users together): whose page was
   * viewed is never told.
   */
  async mostViewedEntities(
    window: UsageWindow & { kind?: string },
  ): Promise<UsageEntityViewsRow[]> {
    const since = this.since(window.days);
    const views = await this.options.store.viewsPerEntity(since, {
      kind: window.kind,
      limit: window.limit,
    });
    const rows = [...views].map(([entityRef, count]) => row(entityRef, count));
    if (window.kind === undefined || window.kind === USER_KIND) {
      const users = await this.options.store.userPageViews(since);
      if (users) {
        const userRow = { ...row('', users), kind: USER_KIND };
        const at = rows.findIndex(r => r.views < userRow.views);
        rows.splice(at < 0 ? rows.length : at, 0, userRow);
      }
    }
    return rows.slice(0, window.limit);
  }

  /**
   * The catalog's entities (of `kind`, else every kind but Location) that
   * were viewed least, never viewed first; the catalog as the caller may
   * read it. Users are never listed (whose page was viewed is never told).
   * The catalog is read a page at a time, only the entities' refs, and
   * only the `limit` rows that answer are kept.
   */
  async leastViewedEntities(
    window: UsageWindow & { kind?: string },
    credentials: BackstageCredentials,
  ): Promise<UsageEntityViewsRow[]> {
    if (window.kind === USER_KIND) return [];
    const views = await this.options.store.viewsPerEntity(
      this.since(window.days),
      { kind: window.kind },
    );
    const least = new Lowest<UsageEntityViewsRow>(window.limit, leastFirst);
    for await (const page of this.options.catalog.streamEntities(
      {
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
        filter: window.kind ? { kind: window.kind } : undefined,
        pageSize: CATALOG_PAGE_SIZE,
      },
      { credentials },
    )) {
      for (const entity of page) {
        const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
        if (kindOf(entityRef) === 'location' || isUserRef(entityRef)) continue;
        least.add(row(entityRef, views.get(entityRef)));
      }
    }
    return least.sorted();
  }
}

function row(
  entityRef: string,
  count: ViewCount | undefined,
): UsageEntityViewsRow {
  return {
    entityRef,
    kind: kindOf(entityRef),
    views: count?.views ?? 0,
    users: count?.users ?? 0,
    lastViewedAt: count ? count.lastViewedAt.toISOString() : '',
  };
}

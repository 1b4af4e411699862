import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  UsageEntityViewsRow,
  UsagePageViewsRow,
  UsagePluginViewsRow,
  UsageSearchWithoutResultRow,
  UsageWeeklyActiveUsersRow,
} from '@internal/backstage-plugin-adoption-common';
import type { UsageStore, ViewCount } from './UsageStore';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** The Monday 00:00 UTC that starts the week of `date`. */
export function weekStart(date: Date): Date {
  const day = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
  );
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

/** `kind:namespace/name` → `kind` */
const kindOf = (entityRef: string) =>
  entityRef.slice(0, entityRef.indexOf(':'));

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

  async mostViewedEntities(
    window: UsageWindow & { kind?: string },
  ): Promise<UsageEntityViewsRow[]> {
    const views = await this.options.store.viewsPerEntity(
      this.since(window.days),
      { kind: window.kind, limit: window.limit },
    );
    return [...views].map(([entityRef, count]) => row(entityRef, count));
  }

  /**
   * The catalog's entities (of `kind`, else every kind but Location) that
   * were viewed least, never viewed first; the catalog as the caller may
   * read it.
   */
  async leastViewedEntities(
    window: UsageWindow & { kind?: string },
    credentials: BackstageCredentials,
  ): Promise<UsageEntityViewsRow[]> {
    const views = await this.options.store.viewsPerEntity(
      this.since(window.days),
      { kind: window.kind },
    );
    const rows: UsageEntityViewsRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.options.catalog.queryEntities(
        cursor
          ? { cursor, limit: 1000 }
          : {
              fields: ['kind', 'metadata.namespace', 'metadata.name'],
              filter: window.kind ? { kind: window.kind } : undefined,
              limit: 1000,
            },
        { credentials },
      );
      for (const entity of page.items) {
        const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
        if (kindOf(entityRef) === 'location') continue;
        rows.push(row(entityRef, views.get(entityRef)));
      }
      cursor = page.items.length ? page.pageInfo.nextCursor : undefined;
    } while (cursor);
    return rows
      .sort(
        (a, b) =>
          a.views - b.views ||
          a.lastViewedAt.localeCompare(b.lastViewedAt) ||
          a.entityRef.localeCompare(b.entityRef),
      )
      .slice(0, window.limit);
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

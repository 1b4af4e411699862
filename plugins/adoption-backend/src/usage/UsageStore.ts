import {
  USER_KIND,
  USER_PAGE_SUBJECT,
} from '@internal/backstage-plugin-adoption-common';
import type { Knex } from 'knex';
import { toDate } from '../database/migrate';
import { EVENTS_TABLE } from '../events/EventsStore';

export type ViewCount = {
  views: number;
  users: number;
  lastViewedAt: Date;
};

/** entity refs of users (stored lower case) */
const USER_REFS = `${USER_KIND}:%`;

/** count(...) is a bigint string on PostgreSQL, a number on SQLite */
const n = (v: unknown) => Number(v ?? 0);

type Row = Record<string, unknown>;

/**
 * Figures over `adoption_events` (written by the events feature), each one
 * query that PostgreSQL and SQLite both run.
 */
export class UsageStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Distinct users and events in each of the consecutive periods that
   * `bounds` delimit (`bounds.length - 1` of them, in order).
   */
  async activeUsersPerPeriod(
    bounds: Date[],
  ): Promise<{ users: number; events: number }[]> {
    const periods = bounds.length - 1;
    const cases = bounds
      .slice(1, -1)
      .map((_, i) => `when occurred_at < ? then ${i}`)
      .join(' ');
    const period =
      periods === 1
        ? this.knex.raw('0')
        : this.knex.raw(
            `case ${cases} else ${periods - 1} end`,
            bounds.slice(1, -1),
          );
    const rows: { period: unknown; users: unknown; events: unknown }[] =
      await this.knex(EVENTS_TABLE)
        .select({ period })
        .countDistinct({ users: 'user_hash' })
        .count({ events: '*' })
        .where('occurred_at', '>=', bounds[0])
        .andWhere('occurred_at', '<', bounds[periods])
        .groupBy('period');
    const result = Array.from({ length: periods }, () => ({
      users: 0,
      events: 0,
    }));
    for (const row of rows) {
      result[n(row.period)] = { users: n(row.users), events: n(row.events) };
    }
    return result;
  }

  /** Page views since `since` per plugin, most first. */
  async viewsPerPlugin(since: Date, limit: number) {
    const rows: Row[] = await this.views(since)
      .select({ plugin_id: this.knex.raw(`coalesce(plugin_id, '')`) })
      .groupByRaw(`coalesce(plugin_id, '')`)
      .orderBy([
        { column: 'views', order: 'desc' },
        { column: 'plugin_id', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(r => ({
      pluginId: String(r.plugin_id),
      views: n(r.views),
      users: n(r.users),
    }));
  }

  /** Page views since `since` per plugin and route pattern, most first. */
  async viewsPerPage(since: Date, limit: number, pluginId: string | undefined) {
    const query = this.views(since)
      .select({
        plugin_id: this.knex.raw(`coalesce(plugin_id, '')`),
        route_path: 'route_path',
      })
      .groupByRaw(`coalesce(plugin_id, ''), route_path`)
      .orderBy([
        { column: 'views', order: 'desc' },
        { column: 'route_path', order: 'asc' },
        { column: 'plugin_id', order: 'asc' },
      ])
      .limit(limit);
    if (pluginId !== undefined) query.andWhere('plugin_id', pluginId);
    const rows: Row[] = await query;
    return rows.map(r => ({
      pluginId: String(r.plugin_id),
      routePath: String(r.route_path ?? ''),
      views: n(r.views),
      users: n(r.users),
    }));
  }

  /** Search terms since `since` whose searches found nothing, most first. */
  async searchesWithoutResult(since: Date, limit: number) {
    const rows: Row[] = await this.knex(EVENTS_TABLE)
      .select({ term: 'subject' })
      .count({ searches: '*' })
      .countDistinct({ users: 'user_hash' })
      .max({ last: 'occurred_at' })
      .where('action', 'search')
      .andWhere('occurred_at', '>=', since)
      .andWhere('search_result_count', 0)
      .groupBy('subject')
      .orderBy([
        { column: 'searches', order: 'desc' },
        { column: 'term', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(r => ({
      term: String(r.term),
      searches: n(r.searches),
      users: n(r.users),
      lastSearchedAt: toDate(r.last).toISOString(),
    }));
  }

  /**
   * Views of entity pages since `since` per entity (of `kind` when given),
   * users' pages never (see `userPageViews`): the `limit` most viewed, or
   * every viewed entity without `limit`.
   */
  async viewsPerEntity(
    since: Date,
    options: { kind?: string; limit?: number },
  ): Promise<Map<string, ViewCount>> {
    const query = this.views(since)
      .select({ entity_ref: 'entity_ref' })
      .max({ last: 'occurred_at' })
      .whereNotNull('entity_ref')
      .andWhere('entity_ref', 'not like', USER_REFS)
      .groupBy('entity_ref')
      .orderBy([
        { column: 'views', order: 'desc' },
        { column: 'entity_ref', order: 'asc' },
      ]);
    if (options.kind) {
      query.andWhere('entity_ref', 'like', `${options.kind}:%`);
    }
    if (options.limit !== undefined) query.limit(options.limit);
    const rows: Row[] = await query;
    return new Map(
      rows.map(r => [
        String(r.entity_ref),
        {
          views: n(r.views),
          users: n(r.users),
          lastViewedAt: toDate(r.last),
        },
      ]),
    );
  }

  /**
   * Views of users' pages since `since`, all users together: whose page
   * was viewed is never told (someone viewing their own profile would be
   * told apart). The analytics send a user's page without the user
   * (`USER_PAGE_SUBJECT`); events stored before that still name them.
   */
  async userPageViews(since: Date): Promise<ViewCount | undefined> {
    const rows: Row[] = await this.views(since)
      .max({ last: 'occurred_at' })
      .andWhere(q =>
        q
          .where('entity_ref', 'like', USER_REFS)
          .orWhere(anonymous =>
            anonymous
              .whereNull('entity_ref')
              .andWhere('subject', 'like', `%${USER_PAGE_SUBJECT}%`),
          ),
      );
    const row = rows[0];
    if (!row || n(row.views) === 0) return undefined;
    return {
      views: n(row.views),
      users: n(row.users),
      lastViewedAt: toDate(row.last),
    };
  }

  /** page views since `since`, counted (views, users) */
  private views(since: Date) {
    return this.knex(EVENTS_TABLE)
      .count({ views: '*' })
      .countDistinct({ users: 'user_hash' })
      .where('action', 'navigate')
      .andWhere('occurred_at', '>=', since);
  }
}

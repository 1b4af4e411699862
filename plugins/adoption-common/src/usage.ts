/**
 * Portal usage from the stored analytics events (platform team only:
 * `adoption.read`). Every route answers a table, `{ items: Row[] }`, or
 * with `?format=csv` the same rows as CSV; rows are flat (text and
 * numbers) for that.
 */

/** The routes of the usage feature, under /api/adoption. @public */
export const ADOPTION_USAGE_PATHS = {
  /** `?weeks=` */
  weeklyActiveUsers: '/v1/usage/weekly-active-users',
  /** `?days=&limit=` */
  pluginViews: '/v1/usage/views/plugins',
  /** `?days=&limit=&pluginId=` */
  pageViews: '/v1/usage/views/pages',
  /** `?days=&limit=` */
  searchesWithoutResult: '/v1/usage/searches/without-result',
  /** `?days=&limit=&kind=` */
  mostViewedEntities: '/v1/usage/entities/most-viewed',
  /** `?days=&limit=&kind=` */
  leastViewedEntities: '/v1/usage/entities/least-viewed',
} as const;

/**
 * The query parameters of the usage routes and their bounds (a 400 naming
 * the parameter beyond them).
 *
 * @public
 */
export const ADOPTION_USAGE_QUERY_LIMITS = {
  /** weeks of the weekly active users trend, the current week included */
  weeks: { min: 1, max: 104, default: 12 },
  /** the window of the other tables: the last `days` days */
  days: { min: 1, max: 366, default: 30 },
  /** rows of a table */
  limit: { min: 1, max: 1000, default: 20 },
} as const;

/**
 * Users active in a week (Monday 00:00 UTC to the next), oldest week
 * first, weeks without events included with 0.
 *
 * @public
 */
export type UsageWeeklyActiveUsersRow = {
  /** the Monday the week starts on, `YYYY-MM-DD` (UTC) */
  weekStart: string;
  /** distinct users with at least one event in the week */
  activeUsers: number;
  /** events recorded in the week */
  events: number;
};

/** Page views of a plugin, most viewed first. @public */
export type UsagePluginViewsRow = {
  /** the plugin (`root` for pages of the app itself) */
  pluginId: string;
  views: number;
  /** distinct users who viewed a page of it */
  users: number;
};

/** Views of a page (a route pattern), most viewed first. @public */
export type UsagePageViewsRow = {
  pluginId: string;
  /** `/catalog/:namespace/:kind/:name`: parameters are not counted apart */
  routePath: string;
  views: number;
  users: number;
};

/**
 * A search term whose searches found nothing, most searched first
 * (terms compared trimmed and lower case).
 *
 * @public
 */
export type UsageSearchWithoutResultRow = {
  term: string;
  /** searches of it that found nothing */
  searches: number;
  users: number;
  /** the last such search (ISO 8601) */
  lastSearchedAt: string;
};

/**
 * Views of a catalog entity's pages. Most viewed: the entities viewed
 * most, most first. Least viewed: the catalog's entities viewed least,
 * entities never viewed in the window first (0 views, `lastViewedAt`
 * empty).
 *
 * @public
 */
export type UsageEntityViewsRow = {
  /**
   * `kind:namespace/name`, lower case; '' for the one row of kind `user`
   * that counts every user's page together (whose page it was is never
   * told)
   */
  entityRef: string;
  kind: string;
  views: number;
  users: number;
  /** the last view in the window (ISO 8601), '' when none */
  lastViewedAt: string;
};

/** The JSON answer of every usage route. @public */
export type UsageTable<Row> = { items: Row[] };

/*
 * Query parameters as PagerDuty reads them (`name[]` lists, also
 * comma-separated) and its classic pagination.
 */

export type Query = Record<string, string[]>;

/** The values of `name[]` and `name`, comma-separated lists split. */
export function list(query: Query, name: string): string[] {
  return [...(query[`${name}[]`] ?? []), ...(query[name] ?? [])].flatMap(v =>
    v.split(',').filter(s => s !== ''),
  );
}

export function first(query: Query, name: string): string | undefined {
  return query[name]?.[0];
}

/** PagerDuty's classic pagination: `limit` (≤ 100, default 25), `offset`, `total=true`. */
export function page<T>(items: T[], query: Query, key: string) {
  const requestedLimit = Number.parseInt(first(query, 'limit') ?? '', 10);
  const limit = Number.isNaN(requestedLimit)
    ? 25
    : Math.min(Math.max(requestedLimit, 1), 100);
  const requestedOffset = Number.parseInt(first(query, 'offset') ?? '', 10);
  const offset = Number.isNaN(requestedOffset)
    ? 0
    : Math.max(requestedOffset, 0);
  return {
    [key]: items.slice(offset, offset + limit),
    limit,
    offset,
    total: first(query, 'total') === 'true' ? items.length : null,
    more: offset + limit < items.length,
  };
}

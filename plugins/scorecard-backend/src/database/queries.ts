import type { Knex } from 'knex';

/*
 * The query helpers every store of the plugin uses: bound variables are
 * limited in SQLite, so long lists go to the database in slices.
 */

/** values per `whereIn` */
export const VALUES_PER_QUERY = 500;

/** rows per INSERT: 100 on SQLite, 1000 elsewhere */
export function insertChunkSize(db: Knex | Knex.Transaction): number {
  return String(db.client.config.client).includes('sqlite') ? 100 : 1000;
}

/** `fn` once per slice of `values` (VALUES_PER_QUERY each), one at a time */
export async function forEachChunk<V>(
  values: V[],
  fn: (slice: V[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < values.length; i += VALUES_PER_QUERY) {
    await fn(values.slice(i, i + VALUES_PER_QUERY));
  }
}

/** what `fn` answers for each slice of `values`, joined */
export async function inChunks<V, T>(
  values: V[],
  fn: (slice: V[]) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  await forEachChunk(values, async slice => out.push(...(await fn(slice))));
  return out;
}

/** inserts `rows` a chunk at a time; merges on `conflict` if given */
export async function insertChunks(
  db: Knex | Knex.Transaction,
  table: string,
  rows: object[],
  conflict?: string[],
): Promise<void> {
  const size = insertChunkSize(db);
  for (let i = 0; i < rows.length; i += size) {
    const q = db(table).insert(rows.slice(i, i + size));
    await (conflict ? q.onConflict(conflict).merge() : q);
  }
}

export type GroupedTotals = {
  key: string;
  entities: number;
  passed: number;
  total: number;
};

/**
 * Per value of `column` (not null) of `from` (scorecard_entities or a query
 * with its `passed` and `total`): how many entities, and their passed and
 * total checks added up.
 */
export async function groupedTotals(
  from: Knex.QueryBuilder,
  column: string,
): Promise<GroupedTotals[]> {
  const rows = await from
    .whereNotNull(column)
    .groupBy(column)
    .select({ key: column })
    .count({ entities: '*' })
    .sum({ passed: 'passed', total: 'total' });
  return rows.map((r: any) => ({
    key: r.key,
    entities: Number(r.entities ?? 0),
    passed: Number(r.passed ?? 0),
    total: Number(r.total ?? 0),
  }));
}

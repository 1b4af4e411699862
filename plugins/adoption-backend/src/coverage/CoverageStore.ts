import type {
  CoverageCounts,
  CoverageRepository,
  CoverageStatus,
  CoverageTrendPoint,
} from '@internal/backstage-plugin-adoption-common';
import type { Knex } from 'knex';
import { toDate } from '../database/migrate';
import { DAY_MS } from '../service/time';

const SNAPSHOTS = 'adoption_coverage_snapshots';
const REPOSITORIES = 'adoption_coverage_repositories';

/** Snapshots older than this are deleted when a new one is saved. */
const KEEP_DAYS = 400;

/** the latest computation first (two computed at the same time: the one saved last) */
const LATEST_FIRST = [
  { column: 'computed_at', order: 'desc' },
  { column: 'id', order: 'desc' },
] as const;

/** A computation's figures. */
export type CoverageSnapshot = CoverageCounts & {
  organization: string;
  host: string;
  computedAt: Date;
};

type SnapshotRow = {
  id: number;
  computed_at: unknown;
  organization: string;
  host: string;
  repositories: number | string;
  covered: number | string;
  uncovered: number | string;
  archived: number | string;
};

type RepositoryRow = {
  full_name: string;
  name: string;
  url: string;
  status: string;
  owner: string | null;
  owner_ref: string | null;
  code_owners: string | null;
  entity_refs: string;
  entities: number | string;
  pushed_at: string | null;
};

const snapshotFromRow = (r: SnapshotRow): CoverageSnapshot => ({
  organization: r.organization,
  host: r.host,
  computedAt: toDate(r.computed_at),
  repositories: Number(r.repositories),
  covered: Number(r.covered),
  uncovered: Number(r.uncovered),
  archived: Number(r.archived),
});

/**
 * Catalog coverage's snapshots (adoption_coverage_snapshots, for the
 * trend) and the latest snapshot's repositories
 * (adoption_coverage_repositories).
 */
export class CoverageStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Saves a computation: its figures, and its repositories in place of the
   * previous ones. Only the latest computation's repositories are kept: a
   * computation saved after a later one keeps its figures for the trend,
   * not its repositories.
   */
  async save(
    snapshot: CoverageSnapshot,
    repositories: CoverageRepository[],
  ): Promise<void> {
    await this.knex.transaction(async trx => {
      const [inserted] = await trx(SNAPSHOTS)
        .insert({
          computed_at: snapshot.computedAt,
          organization: snapshot.organization,
          host: snapshot.host,
          repositories: snapshot.repositories,
          covered: snapshot.covered,
          uncovered: snapshot.uncovered,
          archived: snapshot.archived,
        })
        .returning('id');
      const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
      const latest = (await this.latestId(trx)) ?? id;
      if (latest === id) {
        await trx.batchInsert(
          REPOSITORIES,
          repositories.map(r => ({
            snapshot_id: id,
            full_name: r.fullName,
            name: r.name,
            url: r.url,
            status: r.status,
            owner: r.owner,
            owner_ref: r.ownerRef,
            code_owners: r.codeOwners,
            entity_refs: r.entityRefs,
            entities: r.entities,
            pushed_at: r.pushedAt,
          })),
          // SQLite takes at most 999 bound values a statement
          50,
        );
      }
      await trx(REPOSITORIES).whereNot('snapshot_id', latest).delete();
      await trx(SNAPSHOTS)
        .where(
          'computed_at',
          '<',
          new Date(snapshot.computedAt.getTime() - KEEP_DAYS * DAY_MS),
        )
        .delete();
    });
  }

  /** the id of the latest computation, if any */
  private async latestId(db: Knex = this.knex): Promise<number | undefined> {
    const row: { id: number | string } | undefined = await db(SNAPSHOTS)
      .orderBy([...LATEST_FIRST])
      .first('id');
    return row === undefined ? undefined : Number(row.id);
  }

  /** The latest computation, if any. */
  async latest(): Promise<CoverageSnapshot | undefined> {
    const row: SnapshotRow | undefined = await this.knex(SNAPSHOTS)
      .orderBy([...LATEST_FIRST])
      .first();
    return row && snapshotFromRow(row);
  }

  /**
   * The latest computation's repositories, by full name; of one status
   * when given. Rows of any other computation (one saved concurrently)
   * are never answered.
   */
  async repositories(status?: CoverageStatus): Promise<CoverageRepository[]> {
    const latest = await this.latestId();
    if (latest === undefined) return [];
    const query = this.knex<RepositoryRow>(REPOSITORIES)
      .where('snapshot_id', latest)
      .orderBy('full_name');
    if (status) query.where('status', status);
    const rows: RepositoryRow[] = await query.select();
    return rows.map(r => ({
      name: r.name,
      fullName: r.full_name,
      url: r.url,
      status: r.status as CoverageStatus,
      owner: r.owner,
      ownerRef: r.owner_ref,
      codeOwners: r.code_owners,
      entityRefs: r.entity_refs,
      entities: Number(r.entities),
      pushedAt: r.pushed_at,
    }));
  }

  /**
   * The trend: the last computation of each UTC day since `since`, oldest
   * first.
   */
  async trend(since: Date): Promise<CoverageTrendPoint[]> {
    const rows: SnapshotRow[] = await this.knex(SNAPSHOTS)
      .where('computed_at', '>=', since)
      .orderBy([
        { column: 'computed_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select();
    const byDay = new Map<string, CoverageSnapshot>();
    for (const snapshot of rows.map(snapshotFromRow)) {
      byDay.set(snapshot.computedAt.toISOString().slice(0, 10), snapshot);
    }
    return [...byDay.values()].map(s => ({
      at: s.computedAt.toISOString(),
      repositories: s.repositories,
      covered: s.covered,
      uncovered: s.uncovered,
      archived: s.archived,
    }));
  }
}

import type { Knex } from 'knex';
import { toDate } from '../database/ScorecardStore';
import {
  groupedTotals,
  inChunks,
  insertChunks,
  type GroupedTotals,
} from '../database/queries';

/**
 * What a roll-up counts, over `scorecard_entities`:
 * - a System: the entities whose `spec.system` is it;
 * - a Domain: the entities whose `spec.domain` is it (its systems) and the
 *   entities whose system is one of them;
 * - a Group: the entities owned by one of `owners` (the group and its
 *   sub-groups).
 */
export type RollupScope =
  | { system: string }
  | { domain: string }
  | { owners: string[] };

export type RollupTotals = { entities: number; passed: number; total: number };

export type RollupChildRow = {
  entityRef: string;
  kind: string;
  passed: number;
  total: number;
  level: string | null;
};

export type RollupSnapshot = RollupTotals & { entityRef: string };

/** a container's snapshots read at most (90 days of runs every 15 minutes) */
const MAX_SNAPSHOTS_READ = 90 * 96;

const num = (v: unknown) => Number(v ?? 0);

/** grouped totals keyed by the container's entity ref */
const snapshots = (rows: GroupedTotals[]): RollupSnapshot[] =>
  rows.map(({ key, ...totals }) => ({ entityRef: key, ...totals }));

/** by entity ref, in code point order on every database */
const byRef = (a: { entityRef: string }, b: { entityRef: string }) =>
  a.entityRef < b.entityRef ? -1 : Number(a.entityRef > b.entityRef);

/** The roll-ups' SQL: aggregates over the stored scores and results. */
export class RollupStore {
  constructor(private readonly db: Knex) {}

  /** the domain's systems (any entity whose spec.domain is it) */
  private domainMembers(domain: string) {
    return this.db('scorecard_entities')
      .where('domain', domain)
      .select('entity_ref');
  }

  /**
   * Runs `query` once per slice of the scope (a Group's owners, 500 at a
   * time; one run otherwise) with `where` restricting the entities aliased
   * `e`; the caller adds the slices up.
   */
  private async perSlice<T>(
    scope: RollupScope,
    query: (where: (q: Knex.QueryBuilder) => void) => Promise<T[]>,
  ): Promise<T[]> {
    if ('system' in scope) {
      return query(q => q.where('e.system', scope.system));
    }
    if ('domain' in scope) {
      return query(q =>
        q.where(w =>
          w
            .where('e.domain', scope.domain)
            .orWhereIn('e.system', this.domainMembers(scope.domain)),
        ),
      );
    }
    return inChunks(scope.owners, slice =>
      query(q => q.whereIn('e.owner', slice)),
    );
  }

  /**
   * totals, entities per level ('none': no level) and totals per system (a
   * Domain's systems' own roll-ups): one grouped scan of the scope
   */
  async summary(scope: RollupScope): Promise<
    RollupTotals & {
      levels: Map<string, number>;
      bySystem: Map<string, RollupTotals>;
    }
  > {
    const rows = await this.perSlice(scope, where => {
      const q = this.db('scorecard_entities as e')
        .groupBy('e.system', 'e.level')
        .select('e.system', 'e.level')
        .count({ entities: '*' })
        .sum({ passed: 'e.passed', total: 'e.total' });
      where(q);
      return q;
    });
    const out = {
      entities: 0,
      passed: 0,
      total: 0,
      levels: new Map<string, number>(),
      bySystem: new Map<string, RollupTotals>(),
    };
    for (const r of rows as any[]) {
      const entities = num(r.entities);
      const passed = num(r.passed);
      const total = num(r.total);
      out.entities += entities;
      out.passed += passed;
      out.total += total;
      const level = r.level ?? 'none';
      out.levels.set(level, (out.levels.get(level) ?? 0) + entities);
      if (r.system) {
        const t = out.bySystem.get(r.system) ?? {
          entities: 0,
          passed: 0,
          total: 0,
        };
        t.entities += entities;
        t.passed += passed;
        t.total += total;
        out.bySystem.set(r.system, t);
      }
    }
    return out;
  }

  /**
   * entities failing each check (exempt results left out). The results are
   * those of the scope's entities (a semi-join) and failures are counted,
   * not filtered: the plan stays a hash join over a large scope even before
   * PostgreSQL has statistics of freshly loaded tables (filtering on status
   * made it a nested loop of one lookup per failed result, 5x slower).
   */
  async failingChecks(
    scope: RollupScope,
  ): Promise<{ checkId: string; failing: number }[]> {
    const rows = await this.perSlice(scope, where =>
      this.db('scorecard_check_results as c')
        .whereIn('c.entity_ref', q => {
          q.from('scorecard_entities as e').select('e.entity_ref');
          where(q);
        })
        .groupBy('c.check_id')
        .select(
          'c.check_id',
          this.db.raw(
            'sum(case when c.status = ? and c.exempt = ? then 1 else 0 end) as failing',
            ['failed', false],
          ),
        ),
    );
    const counts = new Map<string, number>();
    for (const r of rows as any[]) {
      counts.set(r.check_id, (counts.get(r.check_id) ?? 0) + num(r.failing));
    }
    return [...counts]
      .filter(([, failing]) => failing > 0)
      .map(([checkId, failing]) => ({ checkId, failing }))
      .sort(
        (a, b) => b.failing - a.failing || a.checkId.localeCompare(b.checkId),
      );
  }

  /** the scope's entities, by ref, at most `limit` */
  async entities(scope: RollupScope, limit: number): Promise<RollupChildRow[]> {
    const rows = await this.perSlice(scope, where => {
      const q = this.db('scorecard_entities as e')
        .select('e.entity_ref', 'e.kind', 'e.passed', 'e.total', 'e.level')
        .orderBy('e.entity_ref')
        .limit(limit);
      where(q);
      return q;
    });
    return (rows as any[])
      .map(r => ({
        entityRef: r.entity_ref as string,
        kind: r.kind as string,
        passed: num(r.passed),
        total: num(r.total),
        level: r.level as string | null,
      }))
      .sort(byRef)
      .slice(0, limit);
  }

  /** a Domain's systems (by ref, at most `limit`) and how many there are */
  async domainSystems(
    domain: string,
    limit: number,
  ): Promise<{
    rows: { entityRef: string; kind: string; level: string | null }[];
    count: number;
  }> {
    const [systems, counted] = await Promise.all([
      this.domainMembers(domain)
        .select('kind', 'level')
        .orderBy('entity_ref')
        .limit(limit),
      this.db('scorecard_entities')
        .where('domain', domain)
        .count({ count: '*' })
        .first(),
    ]);
    return {
      count: num(counted?.count),
      rows: systems
        .map((s: any) => ({
          entityRef: s.entity_ref as string,
          kind: s.kind as string,
          level: s.level as string | null,
        }))
        .sort(byRef),
    };
  }

  /** a container's snapshots since then, oldest first */
  async history(
    entityRef: string,
    since: Date,
  ): Promise<{ timestamp: Date; passed: number; total: number }[]> {
    const rows = await this.db('scorecard_rollup_snapshots')
      .where('entity_ref', entityRef)
      .where('taken_at', '>=', since)
      .orderBy('taken_at', 'asc')
      .orderBy('id', 'asc')
      .limit(MAX_SNAPSHOTS_READ)
      .select('taken_at', 'passed', 'total');
    return rows.map((r: any) => ({
      timestamp: toDate(r.taken_at),
      passed: num(r.passed),
      total: num(r.total),
    }));
  }

  /** snapshots older than that are not read any more */
  async pruneSnapshots(before: Date): Promise<number> {
    return this.db('scorecard_rollup_snapshots')
      .where('taken_at', '<', before)
      .delete();
  }

  /** every System's totals, one grouped query */
  async systemTotals(): Promise<RollupSnapshot[]> {
    return snapshots(
      await groupedTotals(this.db('scorecard_entities'), 'system'),
    );
  }

  /**
   * Every Domain's totals, one grouped query: its systems and their
   * entities (an entity counted once per domain).
   */
  async domainTotals(): Promise<RollupSnapshot[]> {
    const members = this.db('scorecard_entities as e')
      .whereNotNull('e.domain')
      .select('e.entity_ref', 'e.domain', 'e.passed', 'e.total')
      .union(q =>
        q
          .from('scorecard_entities as e')
          .join('scorecard_entities as s', 's.entity_ref', 'e.system')
          .whereNotNull('s.domain')
          .select('e.entity_ref', 's.domain', 'e.passed', 'e.total'),
      );
    return snapshots(
      await groupedTotals(this.db.from(members.as('m')), 'domain'),
    );
  }

  /** every owner's totals, one grouped query */
  async ownerTotals(): Promise<Map<string, RollupTotals>> {
    const rows = await groupedTotals(this.db('scorecard_entities'), 'owner');
    return new Map(rows.map(({ key, ...totals }) => [key, totals] as const));
  }

  async insertSnapshots(rows: RollupSnapshot[], takenAt: Date): Promise<void> {
    await this.db.transaction(tx =>
      insertChunks(
        tx,
        'scorecard_rollup_snapshots',
        rows.map(r => ({
          entity_ref: r.entityRef,
          taken_at: takenAt,
          entities: r.entities,
          passed: r.passed,
          total: r.total,
        })),
      ),
    );
  }
}

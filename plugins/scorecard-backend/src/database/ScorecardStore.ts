import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  CheckStatus,
  ScorecardExemption,
  ScorecardLevelDefinition,
} from '@internal/backstage-plugin-scorecard-common';
import type { EntityCacheInvalidation } from '../cache/EntityScorecardCache';
import type {
  CheckState,
  EntityTransition,
} from '../notifications/decideNotifications';
import {
  scoreResults,
  type ActiveExemption,
  type RawCheckResult,
  type Score,
} from '../service/scoring';
import { forEachChunk, groupedTotals, inChunks, insertChunks } from './queries';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-scorecard-backend',
  'migrations',
);

export type EntityRow = {
  entity_ref: string;
  kind: string;
  owner: string | null;
  system: string | null;
  domain: string | null;
  spec_type: string | null;
  lifecycle: string | null;
  /** `,a,b,` (see `tagsColumn`) */
  tags: string | null;
  etag: string | null;
  passed: number;
  total: number;
  level: string | null;
  fingerprint: string;
  evaluated_at: Date;
  rescore_at: Date | null;
};

export type CheckRow = {
  entity_ref: string;
  check_id: string;
  dimension: string;
  owner: string | null;
  status: CheckStatus;
  exempt: boolean;
  detail: string;
  value: number | null;
  evaluated_at: Date;
};

export type HistoryRow = {
  recorded_at: Date;
  passed: number;
  total: number;
  level: string | null;
  checks: { id: string; status: CheckStatus; exempt: boolean }[];
};

/** The drill-down filter of `GET /v1/entities`. */
export type EntityListFilter = {
  owner?: string;
  checkId?: string;
  dimension?: string;
  status?: CheckStatus | 'exempt';
  level?: string;
  limit: number;
  offset: number;
};

/**
 * Where an entity sits in the catalog, as roll-ups and campaign scopes ask
 * for it: refs normalized (lowercase), type and lifecycle lowercase.
 */
export type EntityPlacement = {
  kind: string;
  owner: string | null;
  system: string | null;
  domain: string | null;
  type: string | null;
  lifecycle: string | null;
  tags: string[];
};

/** An entity's fresh results, to be stored. */
export type Evaluation = EntityPlacement & {
  entityRef: string;
  etag: string | null;
  results: RawCheckResult[];
};

/** tags as stored: `,a,b,`, so one tag is matched with LIKE '%,a,%' */
export const tagsColumn = (tags: string[]): string | null =>
  tags.length ? `,${tags.join(',')},` : null;

const placementColumns = (e: EntityPlacement) => ({
  kind: e.kind,
  owner: e.owner,
  system: e.system,
  domain: e.domain,
  spec_type: e.type,
  lifecycle: e.lifecycle,
  tags: tagsColumn(e.tags),
});

const PLACEMENT_KEYS = [
  'owner',
  'system',
  'domain',
  'spec_type',
  'lifecycle',
  'tags',
] as const;

/** PostgreSQL returns Date and bigint strings; SQLite milliseconds. */
export const toDate = (v: unknown): Date =>
  v instanceof Date ? v : new Date(Number(v));
const toDateOrNull = (v: unknown): Date | null =>
  v === null || v === undefined ? null : toDate(v);

/**
 * Scorecard persistence: results, history, exemptions, team snapshots.
 * Every method that changes what an entity's scorecard answers tells
 * `invalidation` which entities it changed, once its write is stored.
 */
export class ScorecardStore {
  static async create(options: {
    database: DatabaseService;
    invalidation?: EntityCacheInvalidation;
  }): Promise<ScorecardStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new ScorecardStore(knex, options.invalidation);
  }

  constructor(
    private readonly db: Knex,
    private readonly invalidation?: EntityCacheInvalidation,
  ) {}

  /** active exemptions of these entities, by entity ref */
  async activeExemptions(
    refs: string[],
    now: Date,
  ): Promise<Map<string, ActiveExemption[]>> {
    const rows = await inChunks(refs, slice =>
      this.db('scorecard_exemptions')
        .whereIn('entity_ref', slice)
        .where('expires_at', '>', now)
        .select('entity_ref', 'check_id', 'expires_at'),
    );
    const map = new Map<string, ActiveExemption[]>();
    for (const r of rows) {
      const list = map.get(r.entity_ref) ?? [];
      list.push({ checkId: r.check_id, expiresAt: toDate(r.expires_at) });
      map.set(r.entity_ref, list);
    }
    return map;
  }

  /**
   * Stores fresh evaluations: entities whose results did not change only get
   * their evaluation time (and run) updated; changed ones get their check
   * rows replaced and a history row.
   */
  async saveEvaluations(
    evaluations: Evaluation[],
    options: {
      levels: ScorecardLevelDefinition[];
      dimensions: Map<string, string>;
      now: Date;
      runId?: string;
      /** also return what changed (for notifications) */
      transitions?: boolean;
    },
  ): Promise<{ changed: number; transitions: EntityTransition[] }> {
    if (evaluations.length === 0) return { changed: 0, transitions: [] };
    const { levels, dimensions, now, runId } = options;
    const refs = evaluations.map(e => e.entityRef);
    const exemptions = await this.activeExemptions(refs, now);
    const previous = new Map(
      (
        await inChunks(refs, slice =>
          this.db('scorecard_entities')
            .whereIn('entity_ref', slice)
            .select('entity_ref', 'fingerprint', 'etag', ...PLACEMENT_KEYS),
        )
      ).map(r => [r.entity_ref, r]),
    );

    const unchanged: string[] = [];
    const entityRows: object[] = [];
    const checkRows: object[] = [];
    const historyRows: object[] = [];
    const changedRefs: string[] = [];
    const moved: Array<{ e: Evaluation; score: Score }> = [];
    for (const e of evaluations) {
      const score = scoreResults(
        e.results,
        exemptions.get(e.entityRef) ?? [],
        levels,
      );
      const before = previous.get(e.entityRef);
      const resultsChanged = before?.fingerprint !== score.fingerprint;
      const placement = placementColumns(e);
      // the owner is also kept on each check row (the report's drill-down)
      const ownerChanged = before?.owner !== e.owner;
      const placementChanged = PLACEMENT_KEYS.some(
        k => (before?.[k] ?? null) !== placement[k],
      );
      if (!resultsChanged && !placementChanged && before.etag === e.etag) {
        unchanged.push(e.entityRef);
        continue;
      }
      entityRows.push({
        entity_ref: e.entityRef,
        ...placement,
        etag: e.etag,
        passed: score.passed,
        total: score.total,
        level: score.level,
        fingerprint: score.fingerprint,
        evaluated_at: now,
        rescore_at: score.rescoreAt,
        run_id: runId ?? null,
      });
      if (!resultsChanged && !ownerChanged) continue; // etag or placement only
      changedRefs.push(e.entityRef);
      for (const r of e.results) {
        checkRows.push({
          entity_ref: e.entityRef,
          check_id: r.checkId,
          dimension: dimensions.get(r.checkId) ?? 'unknown',
          owner: e.owner,
          status: r.status,
          exempt: score.exempt.has(r.checkId),
          detail: r.detail,
          value: r.value ?? null,
          evaluated_at: now,
        });
      }
      if (!resultsChanged) continue; // a new owner only
      if (before && options.transitions) moved.push({ e, score });
      historyRows.push({
        entity_ref: e.entityRef,
        recorded_at: now,
        passed: score.passed,
        total: score.total,
        level: score.level,
        checks: JSON.stringify(
          e.results.map(r => ({
            id: r.checkId,
            status: r.status,
            exempt: score.exempt.has(r.checkId),
          })),
        ),
      });
    }

    const transitions = await this.transitionsOf(moved);

    // Every write takes an entity's row before its check rows, and entities
    // in the order of their refs, as rescore() does: the other order
    // deadlocked with an exemption's rescore of the same entity (PostgreSQL
    // then aborts one of them, a 500 for its request).
    const byRef = (a: string, b: string) => {
      if (a === b) return 0;
      return a < b ? -1 : 1;
    };
    unchanged.sort(byRef);
    changedRefs.sort(byRef);
    entityRows.sort((a: any, b: any) => byRef(a.entity_ref, b.entity_ref));
    await this.db.transaction(async tx => {
      // two evaluations of overlapping entities: each locks the rows of all
      // of its entities first, in order (SQLite writes one at a time)
      if (String(this.db.client.config.client).startsWith('pg')) {
        await forEachChunk([...refs].sort(byRef), async slice => {
          await tx('scorecard_entities')
            .whereIn('entity_ref', slice)
            .orderBy('entity_ref')
            .forUpdate()
            .select('entity_ref');
        });
      }
      await forEachChunk(unchanged, async slice => {
        await tx('scorecard_entities')
          .whereIn('entity_ref', slice)
          .update(
            runId
              ? { evaluated_at: now, run_id: runId }
              : { evaluated_at: now },
          );
        await tx('scorecard_check_results')
          .whereIn('entity_ref', slice)
          .update({ evaluated_at: now });
      });
      await insertChunks(tx, 'scorecard_entities', entityRows, ['entity_ref']);
      await forEachChunk(changedRefs, async slice => {
        await tx('scorecard_check_results')
          .whereIn('entity_ref', slice)
          .delete();
      });
      await insertChunks(tx, 'scorecard_check_results', checkRows, [
        'entity_ref',
        'check_id',
      ]);
      await insertChunks(tx, 'scorecard_history', historyRows);
    });
    // unchanged results too: their evaluation time is in the answer
    await this.invalidation?.invalidate(refs);
    return { changed: changedRefs.length, transitions };
  }

  /**
   * The previous state of entities whose results changed: level,
   * fingerprint and the history row that recorded it in one statement (the
   * notifications' dedupe key), then their check rows. An entity another
   * replica already stored with these results is left out (it notifies).
   */
  private async transitionsOf(
    moved: Array<{ e: Evaluation; score: Score }>,
  ): Promise<EntityTransition[]> {
    if (moved.length === 0) return [];
    const refs = moved.map(m => m.e.entityRef);
    const states = new Map(
      (
        await inChunks(refs, slice =>
          this.db('scorecard_entities as e')
            .whereIn('e.entity_ref', slice)
            .select(
              'e.entity_ref',
              'e.fingerprint',
              'e.level',
              this.db('scorecard_history as h')
                .max('h.id')
                .whereRaw('h.entity_ref = e.entity_ref')
                .as('history_id'),
            ),
        )
      ).map(r => [r.entity_ref, r]),
    );
    const checks = new Map<string, Map<string, CheckState>>();
    for (const r of await inChunks(refs, slice =>
      this.db('scorecard_check_results')
        .whereIn('entity_ref', slice)
        .select('entity_ref', 'check_id', 'status', 'exempt'),
    )) {
      const map = checks.get(r.entity_ref) ?? new Map<string, CheckState>();
      map.set(r.check_id, { status: r.status, exempt: Boolean(r.exempt) });
      checks.set(r.entity_ref, map);
    }
    return moved.flatMap(({ e, score }) => {
      const state = states.get(e.entityRef);
      if (!state || state.fingerprint === score.fingerprint) return [];
      return [
        {
          entityRef: e.entityRef,
          owner: e.owner,
          previous: {
            fingerprint: state.fingerprint,
            historyId:
              state.history_id === null || state.history_id === undefined
                ? null
                : String(state.history_id),
            level: state.level,
            checks: checks.get(e.entityRef) ?? new Map(),
          },
          next: {
            level: score.level,
            checks: e.results.map(r => ({
              checkId: r.checkId,
              status: r.status,
              exempt: score.exempt.has(r.checkId),
              detail: r.detail,
            })),
          },
        },
      ];
    });
  }

  /**
   * Recomputes scores from stored results (after an exemption was added,
   * removed or expired); nothing is read again.
   */
  async rescore(
    refs: string[],
    options: { levels: ScorecardLevelDefinition[]; now: Date },
  ): Promise<void> {
    if (refs.length === 0) return;
    const rows: CheckRow[] = await inChunks(refs, slice =>
      this.db('scorecard_check_results').whereIn('entity_ref', slice),
    );
    const entities: EntityRow[] = await inChunks(refs, slice =>
      this.db('scorecard_entities').whereIn('entity_ref', slice),
    );
    const byEntity = new Map<string, CheckRow[]>();
    for (const r of rows) {
      byEntity.set(r.entity_ref, [...(byEntity.get(r.entity_ref) ?? []), r]);
    }
    const exemptions = await this.activeExemptions(refs, options.now);
    for (const entity of entities) {
      const results = (byEntity.get(entity.entity_ref) ?? []).map(r => ({
        checkId: r.check_id,
        status: r.status,
        detail: r.detail,
      }));
      const evaluation = { results };
      const score = scoreResults(
        evaluation.results,
        exemptions.get(entity.entity_ref) ?? [],
        options.levels,
      );
      await this.db.transaction(async tx => {
        await tx('scorecard_entities')
          .where('entity_ref', entity.entity_ref)
          .update({
            passed: score.passed,
            total: score.total,
            level: score.level,
            fingerprint: score.fingerprint,
            rescore_at: score.rescoreAt,
          });
        for (const r of evaluation.results) {
          await tx('scorecard_check_results')
            .where({ entity_ref: entity.entity_ref, check_id: r.checkId })
            .update({ exempt: score.exempt.has(r.checkId) });
        }
        if (score.fingerprint !== entity.fingerprint) {
          await tx('scorecard_history').insert({
            entity_ref: entity.entity_ref,
            recorded_at: options.now,
            passed: score.passed,
            total: score.total,
            level: score.level,
            checks: JSON.stringify(
              evaluation.results.map(r => ({
                id: r.checkId,
                status: r.status,
                exempt: score.exempt.has(r.checkId),
              })),
            ),
          });
        }
      });
    }
    await this.invalidation?.invalidate(entities.map(e => e.entity_ref));
  }

  /** rescoring of entities whose applied exemption has expired by now */
  async rescoreDue(options: {
    levels: ScorecardLevelDefinition[];
    now: Date;
  }): Promise<number> {
    const due = await this.db('scorecard_entities')
      .where('rescore_at', '<=', options.now)
      .pluck('entity_ref');
    await this.rescore(due, options);
    return due.length;
  }

  async getEntity(
    entityRef: string,
  ): Promise<{ entity: EntityRow; checks: CheckRow[] } | undefined> {
    const entity = await this.db('scorecard_entities')
      .where('entity_ref', entityRef)
      .first();
    if (!entity) return undefined;
    const checks = await this.db('scorecard_check_results').where(
      'entity_ref',
      entityRef,
    );
    return {
      entity: {
        ...entity,
        evaluated_at: toDate(entity.evaluated_at),
        rescore_at: toDateOrNull(entity.rescore_at),
      },
      checks: checks.map((c: any) => ({
        ...c,
        exempt: Boolean(c.exempt),
        evaluated_at: toDate(c.evaluated_at),
      })),
    };
  }

  async getHistory(entityRef: string, since: Date): Promise<HistoryRow[]> {
    const rows = await this.db('scorecard_history')
      .where('entity_ref', entityRef)
      .where('recorded_at', '>=', since)
      .orderBy('recorded_at', 'asc')
      .orderBy('id', 'asc')
      .limit(1000);
    return rows.map((r: any) => ({
      recorded_at: toDate(r.recorded_at),
      passed: r.passed,
      total: r.total,
      level: r.level,
      checks: JSON.parse(r.checks),
    }));
  }

  /** entity ref → catalog etag of what was last evaluated */
  async etags(): Promise<Map<string, string | null>> {
    const rows = await this.db('scorecard_entities').select(
      'entity_ref',
      'etag',
    );
    return new Map(rows.map(r => [r.entity_ref, r.etag]));
  }

  /**
   * Forgets entities that left the catalog: their results, and the results
   * CI pushed for them (a renamed entity's old ones would linger otherwise).
   * Their history, exemptions and exemption requests are kept.
   */
  async deleteEntities(refs: string[]): Promise<void> {
    await forEachChunk(refs, slice =>
      this.db.transaction(async tx => {
        await tx('scorecard_check_results')
          .whereIn('entity_ref', slice)
          .delete();
        await tx('scorecard_pushed_results')
          .whereIn('entity_ref', slice)
          .delete();
        await tx('scorecard_entities').whereIn('entity_ref', slice).delete();
      }),
    );
    await this.invalidation?.invalidate(refs);
  }

  /** entities a full run did not see: no longer in the catalog */
  async deleteOutsideRun(runId: string, startedAt: Date): Promise<number> {
    // an entity evaluated since the run started (change detection, an
    // on-demand evaluation) is in the catalog though the run did not mark it
    const gone = await this.db('scorecard_entities')
      .where(q => q.whereNot('run_id', runId).orWhereNull('run_id'))
      .where('evaluated_at', '<', startedAt)
      .pluck('entity_ref');
    await this.deleteEntities(gone);
    return gone.length;
  }

  async snapshotOwners(now: Date): Promise<void> {
    const rows = await groupedTotals(this.db('scorecard_entities'), 'owner');
    await this.db.transaction(async tx =>
      insertChunks(
        tx,
        'scorecard_owner_snapshots',
        rows.map(r => ({
          owner: r.key,
          taken_at: now,
          entities: r.entities,
          passed: r.passed,
          total: r.total,
        })),
      ),
    );
  }

  async ownerReport(trendSince: Date) {
    const totals = await this.db('scorecard_entities')
      .groupBy('owner')
      .select('owner')
      .count({ entities: '*' })
      .sum({ passed: 'passed', total: 'total' });
    const levels = await this.db('scorecard_entities')
      .groupBy('owner', 'level')
      .select('owner', 'level')
      .count({ count: '*' });
    const trend = await this.db('scorecard_owner_snapshots')
      .where('taken_at', '>=', trendSince)
      .orderBy('taken_at', 'asc')
      .select('owner', 'taken_at', 'passed', 'total');
    return {
      totals: totals.map((r: any) => ({
        owner: r.owner as string | null,
        entities: Number(r.entities),
        passed: Number(r.passed),
        total: Number(r.total),
      })),
      levels: levels.map((r: any) => ({
        owner: r.owner as string | null,
        level: r.level as string | null,
        count: Number(r.count),
      })),
      trend: trend.map((r: any) => ({
        owner: r.owner as string,
        timestamp: toDate(r.taken_at),
        passed: Number(r.passed),
        total: Number(r.total),
      })),
    };
  }

  /** counts of results by `dimension` or `check_id`, status and exemption */
  async statusCounts(column: 'dimension' | 'check_id') {
    const rows = await this.db('scorecard_check_results')
      .groupBy(column, 'status', 'exempt')
      .select(column, 'status', 'exempt')
      .count({ count: '*' });
    return rows.map((r: any) => ({
      key: r[column] as string,
      status: r.status as CheckStatus,
      exempt: Boolean(r.exempt),
      count: Number(r.count),
    }));
  }

  async listEntities(filter: EntityListFilter) {
    const q = this.db('scorecard_entities as e').select(
      'e.entity_ref',
      'e.owner',
      'e.passed',
      'e.total',
      'e.level',
      'e.evaluated_at',
    );
    if (filter.owner) q.where('e.owner', filter.owner);
    if (filter.level) {
      if (filter.level === 'none') q.whereNull('e.level');
      else q.where('e.level', filter.level);
    }
    if (filter.checkId || filter.dimension || filter.status) {
      q.join('scorecard_check_results as c', 'c.entity_ref', 'e.entity_ref');
      if (filter.checkId) q.where('c.check_id', filter.checkId);
      if (filter.dimension) q.where('c.dimension', filter.dimension);
      if (filter.status === 'exempt') q.where('c.exempt', true);
      else if (filter.status) {
        q.where('c.status', filter.status).where('c.exempt', false);
      }
      q.distinct();
    }
    const rows = await q
      .orderBy('e.entity_ref')
      .limit(filter.limit)
      .offset(filter.offset);
    return rows.map((r: any) => ({
      entityRef: r.entity_ref as string,
      owner: r.owner as string | null,
      passed: r.passed as number,
      total: r.total as number,
      level: r.level as string | null,
      evaluatedAt: toDate(r.evaluated_at).toISOString(),
    }));
  }

  async putExemption(exemption: {
    entityRef: string;
    checkId: string;
    reason: string;
    author: string;
    createdAt: Date;
    expiresAt: Date;
  }): Promise<void> {
    await this.db('scorecard_exemptions')
      .insert({
        entity_ref: exemption.entityRef,
        check_id: exemption.checkId,
        reason: exemption.reason,
        author: exemption.author,
        created_at: exemption.createdAt,
        expires_at: exemption.expiresAt,
      })
      .onConflict(['entity_ref', 'check_id'])
      .merge();
    await this.invalidation?.invalidate([exemption.entityRef]);
  }

  async deleteExemption(entityRef: string, checkId: string): Promise<boolean> {
    const count = await this.db('scorecard_exemptions')
      .where({ entity_ref: entityRef, check_id: checkId })
      .delete();
    if (count > 0) await this.invalidation?.invalidate([entityRef]);
    return count > 0;
  }

  async listExemptions(options: {
    entityRef?: string;
    now: Date;
    includeExpired?: boolean;
  }): Promise<ScorecardExemption[]> {
    const q = this.db('scorecard_exemptions').orderBy([
      'entity_ref',
      'check_id',
    ]);
    if (options.entityRef) q.where('entity_ref', options.entityRef);
    if (!options.includeExpired) q.where('expires_at', '>', options.now);
    const rows = await q.limit(10000);
    return rows.map((r: any) => ({
      entityRef: r.entity_ref,
      checkId: r.check_id,
      reason: r.reason,
      author: r.author,
      createdAt: toDate(r.created_at).toISOString(),
      expiresAt: toDate(r.expires_at).toISOString(),
    }));
  }
}

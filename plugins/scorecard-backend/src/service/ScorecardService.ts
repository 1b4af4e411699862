import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  SCORECARD_DIMENSIONS,
  SCORECARD_EXEMPTION_MAX_DAYS,
  type CheckReportRow,
  type CheckStatus,
  type DimensionReportRow,
  type EntityScorecard,
  type EntityScorecardHistory,
  type OwnerReportRow,
  type ScorecardConfiguration,
  type ScorecardEntitySummary,
  type ScorecardExemption,
  type ScorecardReport,
  type ScorecardReportGroupBy,
} from '@internal/backstage-plugin-scorecard-common';
import crypto from 'node:crypto';
import type {
  ComputedScorecard,
  EntityScorecardCache,
} from '../cache/EntityScorecardCache';
import type {
  ConfiguredCheck,
  ScorecardSettings,
} from '../config/readScorecardConfig';
import type {
  EntityListFilter,
  EntityPlacement,
  Evaluation,
  ScorecardStore,
} from '../database/ScorecardStore';
import {
  decideNotifications,
  type EntityTransition,
} from '../notifications/decideNotifications';
import type { ScorecardNotifier } from '../notifications/types';
import type { RollupService } from '../rollups/RollupService';
import type { EntityEvaluator } from './EntityEvaluator';

export const EVALUATE_ALL_TASK_ID = 'scorecard:evaluate-all';
export const CATALOG_CHANGES_TASK_ID = 'scorecard:catalog-changes';

/** how many entities are evaluated at once (remote evidence is I/O-bound) */
const CONCURRENCY = 16;
const DAY_MS = 24 * 3600 * 1000;

/** entity refs are case-insensitive: stored and answered in lowercase */
export const normalizeRef = (ref: string) => ref.toLocaleLowerCase('en-US');

/** a spec field naming another entity, as a normalized ref */
function specRef(entity: Entity, field: string, defaultKind: string) {
  const value = (entity.spec as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== 'string' || !value) return null;
  try {
    return normalizeRef(
      stringifyEntityRef(
        parseEntityRef(value, {
          defaultKind,
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ),
    );
  } catch {
    return null;
  }
}

function specText(entity: Entity, field: string): string | null {
  const value = (entity.spec as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' && value
    ? value.toLocaleLowerCase('en-US').slice(0, 64)
    : null;
}

/**
 * Where an entity sits: owner, system (its `spec.system`), domain (a
 * System's `spec.domain`), type, lifecycle and tags.
 */
export function placementOf(entity: Entity): EntityPlacement {
  return {
    kind: entity.kind,
    owner: specRef(entity, 'owner', 'group'),
    system: specRef(entity, 'system', 'system'),
    domain: specRef(entity, 'domain', 'domain'),
    type: specText(entity, 'type'),
    lifecycle: specText(entity, 'lifecycle'),
    tags: (entity.metadata.tags ?? [])
      .filter(t => typeof t === 'string' && !t.includes(','))
      .map(t => t.toLocaleLowerCase('en-US')),
  };
}

/** runs fn over items, at most `limit` at once, keeping their order */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return out;
}

/** The scorecard plugin's operations; the router is a thin layer over it. */
export class ScorecardService {
  private readonly dimensions: Map<string, string>;
  private readonly checkTitles: Map<string, string>;
  /** the configured checks and levels, as a part of the cache's keys */
  private readonly configVersion: string;

  constructor(
    private readonly deps: {
      settings: ScorecardSettings;
      store: ScorecardStore;
      evaluator: EntityEvaluator;
      catalog: CatalogService;
      auth: AuthService;
      scheduler?: SchedulerService;
      logger: LoggerService;
      now?: () => Date;
      /** regressions and lost levels are sent through it (none if absent) */
      notifier?: ScorecardNotifier;
      /** Systems, Domains and Groups: their children's scorecard */
      rollups?: RollupService;
      /** entities' scorecards in the portal's cache (none if absent) */
      entityCache?: EntityScorecardCache;
    },
  ) {
    this.dimensions = new Map(
      deps.settings.checks.map(c => [c.id, c.dimension]),
    );
    this.checkTitles = new Map(deps.settings.checks.map(c => [c.id, c.title]));
    this.configVersion = crypto
      .createHash('sha256')
      .update(JSON.stringify(this.configuration()))
      .digest('hex')
      .slice(0, 16);
  }

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  /** evaluates entities (already fetched) and stores the results */
  async evaluateEntities(
    entities: Entity[],
    runId?: string,
  ): Promise<{ evaluated: number; changed: number }> {
    const { evaluator, store, settings } = this.deps;
    const scored = entities.filter(e => evaluator.isScored(e));
    const evaluations = await mapLimit(
      scored,
      CONCURRENCY,
      async (entity): Promise<Evaluation> => ({
        entityRef: normalizeRef(stringifyEntityRef(entity)),
        ...placementOf(entity),
        etag: entity.metadata.etag ?? null,
        results: await evaluator.evaluate(entity),
      }),
    );
    const { changed, transitions } = await store.saveEvaluations(evaluations, {
      levels: settings.levels,
      dimensions: this.dimensions,
      now: this.now(),
      runId,
      transitions: !!this.deps.notifier,
    });
    if (this.deps.notifier && transitions.length > 0) {
      await this.notify(transitions);
    }
    return { evaluated: evaluations.length, changed };
  }

  /** a failed send is logged: the evaluation itself is stored */
  private async notify(transitions: EntityTransition[]) {
    const notices = decideNotifications(transitions, {
      levels: this.deps.settings.levels,
      checkTitles: this.checkTitles,
    });
    if (notices.length === 0) return;
    try {
      await this.deps.notifier!.send(notices);
    } catch (error) {
      this.deps.logger.warn(
        `Scorecard notifications not sent: ${(error as Error).message}`,
      );
    }
  }

  private async serviceCredentials() {
    return this.deps.auth.getOwnServiceCredentials();
  }

  /** every scored entity of the catalog (the scheduled run) */
  async evaluateAll(): Promise<{
    evaluated: number;
    changed: number;
    removed: number;
  }> {
    const credentials = await this.serviceCredentials();
    const runId = crypto.randomUUID();
    const startedAt = this.now();
    let evaluated = 0;
    let changed = 0;
    for await (const page of this.deps.catalog.streamEntities(
      { filter: { kind: this.deps.settings.entityKinds }, pageSize: 500 },
      { credentials },
    )) {
      const r = await this.evaluateEntities(page, runId);
      evaluated += r.evaluated;
      changed += r.changed;
    }
    const removed = await this.deps.store.deleteOutsideRun(runId, startedAt);
    await this.deps.store.snapshotOwners(this.now());
    await this.deps.rollups?.snapshot(this.now(), credentials);
    for (const listener of this.fullEvaluationListeners) await listener();
    return { evaluated, changed, removed };
  }

  private readonly fullEvaluationListeners: Array<() => Promise<void>> = [];

  /** runs after each full evaluation (campaigns record their burn-down) */
  onFullEvaluation(listener: () => Promise<void>): void {
    this.fullEvaluationListeners.push(listener);
  }

  /**
   * Entities added or changed in the catalog since their last evaluation
   * (their etag differs), and entities removed from it.
   */
  async evaluateChanged(): Promise<{ evaluated: number; removed: number }> {
    const credentials = await this.serviceCredentials();
    const known = await this.deps.store.etags();
    const seen = new Set<string>();
    const changedRefs: string[] = [];
    for await (const page of this.deps.catalog.streamEntities(
      {
        filter: { kind: this.deps.settings.entityKinds },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.etag',
        ],
        pageSize: 1000,
      },
      { credentials },
    )) {
      for (const entity of page) {
        const ref = normalizeRef(stringifyEntityRef(entity));
        seen.add(ref);
        if (!known.has(ref) || known.get(ref) !== entity.metadata.etag) {
          changedRefs.push(ref);
        }
      }
    }
    let evaluated = 0;
    for (let i = 0; i < changedRefs.length; i += 200) {
      const { items } = await this.deps.catalog.getEntitiesByRefs(
        { entityRefs: changedRefs.slice(i, i + 200) },
        { credentials },
      );
      evaluated += (
        await this.evaluateEntities(items.filter((e): e is Entity => !!e))
      ).evaluated;
    }
    const removed = [...known.keys()].filter(ref => !seen.has(ref));
    await this.deps.store.deleteEntities(removed);
    return { evaluated, removed: removed.length };
  }

  private async fetchEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    return entity;
  }

  /** evaluates these entities now (POST /evaluate with entityRefs) */
  async evaluateRefs(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<EntityScorecard[]> {
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs },
      { credentials },
    );
    const missing = entityRefs.filter((_, i) => !items[i]);
    if (missing.length > 0) {
      throw new NotFoundError(`Not in the catalog: ${missing.join(', ')}`);
    }
    await this.evaluateEntities(items as Entity[]);
    return Promise.all(
      entityRefs.map(ref => this.getEntityScorecard(ref, credentials)),
    );
  }

  async triggerFullEvaluation(): Promise<void> {
    if (!this.deps.scheduler) throw new Error('no scheduler');
    await this.deps.scheduler.triggerTask(EVALUATE_ALL_TASK_ID);
  }

  /**
   * An entity's scorecard; evaluated on the spot when new or changed. The
   * catalog is read as the caller (who must be allowed to see the entity)
   * on every request; the scorecard itself comes from the cache while
   * nothing changed it (EntityScorecardCache). A roll-up is read from the
   * stored scores each time: a child's change does not touch its parent.
   */
  async getEntityScorecard(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityScorecard> {
    const { settings, evaluator, rollups, entityCache } = this.deps;
    const entity = await this.fetchEntity(entityRef, credentials);
    const ref = normalizeRef(stringifyEntityRef(entity));
    let withRollup = {};
    if (rollups?.hasRollup(entity)) {
      // the children's figures, with exemptions expired by now dropped
      await this.deps.store.rescoreDue({
        levels: settings.levels,
        now: this.now(),
      });
      const rollup = await rollups.rollupOf(entity, credentials);
      withRollup = rollup ? { rollup } : {};
    }
    if (!evaluator.isScored(entity)) {
      return {
        entityRef: ref,
        score: { passed: 0, total: 0 },
        level: null,
        checks: [],
        evaluatedAt: null,
        ...withRollup,
      };
    }
    const compute = () => this.computeScorecard(entity, ref);
    const scorecard = entityCache
      ? await entityCache.get(
          {
            entityRef: ref,
            etag: entity.metadata.etag ?? '',
            config: this.configVersion,
          },
          compute,
        )
      : (await compute()).scorecard;
    return { ...scorecard, ...withRollup };
  }

  /** an entity's scorecard from the database (the cache's miss) */
  private async computeScorecard(
    entity: Entity,
    ref: string,
  ): Promise<ComputedScorecard> {
    const { store, settings } = this.deps;
    await store.rescoreDue({ levels: settings.levels, now: this.now() });
    let stored = await store.getEntity(ref);
    let evaluated = false;
    if (!stored || stored.entity.etag !== (entity.metadata.etag ?? null)) {
      await this.evaluateEntities([entity]);
      evaluated = true;
      stored = await store.getEntity(ref);
    }
    if (!stored) throw new Error(`Scorecard of ${ref} was not stored`);
    const exemptions = new Map(
      (await store.listExemptions({ entityRef: ref, now: this.now() })).map(
        e => [e.checkId, e],
      ),
    );
    const rows = new Map(stored.checks.map(c => [c.check_id, c]));
    return {
      cacheable: !evaluated,
      validUntil: stored.entity.rescore_at,
      scorecard: {
        entityRef: ref,
        score: { passed: stored.entity.passed, total: stored.entity.total },
        level: stored.entity.level,
        evaluatedAt: stored.entity.evaluated_at.toISOString(),
        checks: settings.checks.flatMap(check => {
          const row = rows.get(check.id);
          if (!row) return [];
          const exemption = row.exempt ? exemptions.get(check.id) : undefined;
          return [
            {
              id: check.id,
              title: check.title,
              dimension: check.dimension,
              description: check.description,
              howToFix: check.howToFix,
              status: row.status,
              passed: row.status === 'passed',
              detail: row.detail,
              ...(typeof row.value === 'number' ? { value: row.value } : {}),
              exempt: row.exempt,
              ...(exemption ? { exemption } : {}),
              evaluatedAt: row.evaluated_at.toISOString(),
            },
          ];
        }),
      },
    };
  }

  async getHistory(
    entityRef: string,
    since: Date | undefined,
    credentials: BackstageCredentials,
  ): Promise<EntityScorecardHistory> {
    const entity = await this.fetchEntity(entityRef, credentials);
    const ref = normalizeRef(stringifyEntityRef(entity));
    const rows = await this.deps.store.getHistory(
      ref,
      since ?? new Date(this.now().getTime() - 90 * DAY_MS),
    );
    return {
      entityRef: ref,
      points: rows.map(r => ({
        timestamp: r.recorded_at.toISOString(),
        passed: r.passed,
        total: r.total,
        level: r.level,
        checks: r.checks,
      })),
    };
  }

  async report(groupBy: ScorecardReportGroupBy): Promise<ScorecardReport> {
    const { store, settings } = this.deps;
    const now = this.now();
    await store.rescoreDue({ levels: settings.levels, now });
    const generatedAt = now.toISOString();

    if (groupBy === 'owner') {
      const data = await store.ownerReport(
        new Date(now.getTime() - 90 * DAY_MS),
      );
      const order = settings.levels.map(l => l.name);
      const rows: OwnerReportRow[] = data.totals.map(t => {
        const levels: Record<string, number> = {};
        for (const l of data.levels.filter(x => x.owner === t.owner)) {
          levels[l.level ?? 'none'] = l.count;
        }
        const reached = order.filter(name => levels[name]);
        const lowest = levels.none ? null : reached[0] ?? null;
        return {
          owner: t.owner ?? 'none',
          entities: t.entities,
          passed: t.passed,
          total: t.total,
          levels,
          level: lowest,
          trend: data.trend
            .filter(p => p.owner === t.owner)
            .slice(-30)
            .map(p => ({
              timestamp: p.timestamp.toISOString(),
              passed: p.passed,
              total: p.total,
            })),
        };
      });
      rows.sort((a, b) => a.owner.localeCompare(b.owner));
      return { groupBy, generatedAt, rows };
    }

    const empty = () => ({ passed: 0, failed: 0, unknown: 0, exempt: 0 });
    const add = (
      target: Record<CheckStatus | 'exempt', number>,
      status: CheckStatus,
      exempt: boolean,
      count: number,
    ) => {
      target[exempt ? 'exempt' : status] += count;
    };

    if (groupBy === 'dimension') {
      const used = new Set(settings.checks.map(c => c.dimension));
      const rows: DimensionReportRow[] = SCORECARD_DIMENSIONS.filter(d =>
        used.has(d.id),
      ).map(d => ({ dimension: d.id, title: d.title, ...empty() }));
      for (const c of await store.statusCounts('dimension')) {
        const row = rows.find(r => r.dimension === c.key);
        if (row) add(row, c.status, c.exempt, c.count);
      }
      return { groupBy, generatedAt, rows };
    }

    const rows: CheckReportRow[] = settings.checks.map(c => ({
      checkId: c.id,
      title: c.title,
      dimension: c.dimension,
      ...empty(),
    }));
    for (const c of await store.statusCounts('check_id')) {
      const row = rows.find(r => r.checkId === c.key);
      if (row) add(row, c.status, c.exempt, c.count);
    }
    rows.sort(
      (a, b) => b.failed - a.failed || a.checkId.localeCompare(b.checkId),
    );
    return { groupBy, generatedAt, rows };
  }

  async listEntities(
    filter: EntityListFilter,
  ): Promise<ScorecardEntitySummary[]> {
    await this.deps.store.rescoreDue({
      levels: this.deps.settings.levels,
      now: this.now(),
    });
    return this.deps.store.listEntities({
      ...filter,
      owner: filter.owner ? normalizeRef(filter.owner) : undefined,
    });
  }

  /** the configured checks with their types (pushed results validate against them) */
  configuredChecks(): readonly ConfiguredCheck[] {
    return this.deps.settings.checks;
  }

  /** whether entities of this kind are scored at all */
  isScored(entity: Entity): boolean {
    return this.deps.evaluator.isScored(entity);
  }

  configuration(): ScorecardConfiguration {
    return {
      checks: this.deps.settings.checks.map(c => ({
        id: c.id,
        title: c.title,
        dimension: c.dimension,
        description: c.description,
        howToFix: c.howToFix,
        filter: c.filter,
      })),
      levels: this.deps.settings.levels,
    };
  }

  /**
   * What an exemption (or a request for one) must be: a configured check,
   * an expiry in the future and within a year. InputError otherwise.
   */
  validateExemption(
    input: { checkId: string; expiresAt: Date },
    now: Date = this.now(),
  ): void {
    if (!this.dimensions.has(input.checkId)) {
      throw new InputError(
        `Unknown check "${input.checkId}"; checks: ${[
          ...this.dimensions.keys(),
        ].join(', ')}`,
      );
    }
    if (input.expiresAt.getTime() <= now.getTime()) {
      throw new InputError('expiresAt must be in the future');
    }
    if (
      input.expiresAt.getTime() >
      now.getTime() + SCORECARD_EXEMPTION_MAX_DAYS * DAY_MS
    ) {
      throw new InputError(
        'expiresAt must be within a year: exemptions are reviewed, not permanent',
      );
    }
  }

  async createExemption(
    input: {
      entityRef: string;
      checkId: string;
      reason: string;
      expiresAt: Date;
    },
    author: string,
    credentials: BackstageCredentials,
  ): Promise<ScorecardExemption> {
    const now = this.now();
    this.validateExemption(input, now);
    const entity = await this.fetchEntity(input.entityRef, credentials);
    const ref = normalizeRef(stringifyEntityRef(entity));
    await this.deps.store.putExemption({
      entityRef: ref,
      checkId: input.checkId,
      reason: input.reason,
      author,
      createdAt: now,
      expiresAt: input.expiresAt,
    });
    await this.deps.store.rescore([ref], {
      levels: this.deps.settings.levels,
      now,
    });
    return {
      entityRef: ref,
      checkId: input.checkId,
      reason: input.reason,
      author,
      createdAt: now.toISOString(),
      expiresAt: input.expiresAt.toISOString(),
    };
  }

  async deleteExemption(entityRef: string, checkId: string): Promise<void> {
    const ref = normalizeRef(entityRef);
    if (!(await this.deps.store.deleteExemption(ref, checkId))) {
      throw new NotFoundError(`No exemption of ${ref} from ${checkId}`);
    }
    await this.deps.store.rescore([ref], {
      levels: this.deps.settings.levels,
      now: this.now(),
    });
  }

  listExemptions(entityRef?: string): Promise<ScorecardExemption[]> {
    return this.deps.store.listExemptions({
      entityRef: entityRef ? normalizeRef(entityRef) : undefined,
      now: this.now(),
    });
  }
}

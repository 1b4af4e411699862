import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { EntityCacheInvalidation } from '../cache/EntityScorecardCache';
import { toDate } from '../database/ScorecardStore';
import { inChunks } from '../database/queries';
import type { PushedResult, PushedResultsReader } from './pushedChecks';

const TABLE = 'scorecard_pushed_results';

/** A result to store, validated (the router's schema). */
export type PushedResultInput = {
  checkId: string;
  value: number | boolean;
  message?: string;
  observedAt: Date;
};

type Waiting = {
  checkId: string;
  resolve(result: PushedResult | undefined): void;
  reject(error: unknown): void;
};

const key = (entityRef: string, checkId: string) => `${entityRef}\0${checkId}`;

function toResult(row: any): PushedResult {
  let value: number | boolean | null = null;
  if (row.value_number !== null && row.value_number !== undefined) {
    value = Number(row.value_number);
  } else if (row.value_boolean !== null && row.value_boolean !== undefined) {
    value = Boolean(row.value_boolean); // SQLite: 0 or 1
  }
  return {
    entityRef: row.entity_ref,
    checkId: row.check_id,
    value,
    message: row.message ?? null,
    observedAt: toDate(row.observed_at),
    receivedAt: toDate(row.received_at),
    pushedBy: row.pushed_by,
  };
}

/**
 * The latest result pushed for each entity and check
 * (`scorecard_pushed_results`, created by the plugin's migrations, which
 * ScorecardStore runs). Entity refs are stored normalized (lowercase).
 *
 * Reads are batched: what the checks ask for while entities are evaluated
 * together (a page of the full run, 16 at a time) is read with one query,
 * not one per entity and check.
 */
export class PushedResultsStore implements PushedResultsReader {
  static async create(options: {
    database: DatabaseService;
    /** told of the entity whose results a push stored */
    invalidation?: EntityCacheInvalidation;
  }): Promise<PushedResultsStore> {
    return new PushedResultsStore(
      await options.database.getClient(),
      options.invalidation,
    );
  }

  private waiting = new Map<string, Waiting[]>();

  constructor(
    private readonly db: Knex,
    private readonly invalidation?: EntityCacheInvalidation,
  ) {}

  latest(
    entityRef: string,
    checkId: string,
  ): Promise<PushedResult | undefined> {
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) setImmediate(() => this.flush());
      const list = this.waiting.get(entityRef) ?? [];
      list.push({ checkId, resolve, reject });
      this.waiting.set(entityRef, list);
    });
  }

  private async flush() {
    const batch = this.waiting;
    this.waiting = new Map();
    try {
      const refs = [...batch.keys()];
      const rows = await inChunks(refs, slice =>
        this.db(TABLE).whereIn('entity_ref', slice),
      );
      const found = new Map<string, PushedResult>(
        rows.map(row => [key(row.entity_ref, row.check_id), toResult(row)]),
      );
      for (const [ref, list] of batch) {
        for (const w of list) w.resolve(found.get(key(ref, w.checkId)));
      }
    } catch (e) {
      for (const list of batch.values()) for (const w of list) w.reject(e);
    }
  }

  /**
   * Stores an entity's results in one statement: all or none. A result
   * observed before the one already stored for its check does not replace
   * it; those checks are returned as `superseded`.
   */
  async put(
    entityRef: string,
    results: PushedResultInput[],
    meta: { pushedBy: string; receivedAt: Date },
  ): Promise<{ superseded: string[] }> {
    const outcome = await this.db.transaction(async tx => {
      const stored = new Map<string, Date>(
        (
          await tx(TABLE)
            .where('entity_ref', entityRef)
            .whereIn(
              'check_id',
              results.map(r => r.checkId),
            )
            .select('check_id', 'observed_at')
        ).map(r => [r.check_id, toDate(r.observed_at)]),
      );
      const superseded = results
        .filter(r => {
          const before = stored.get(r.checkId);
          return before !== undefined && before > r.observedAt;
        })
        .map(r => r.checkId);
      await tx(TABLE)
        .insert(
          results.map(r => ({
            entity_ref: entityRef,
            check_id: r.checkId,
            value_number: typeof r.value === 'number' ? r.value : null,
            value_boolean: typeof r.value === 'boolean' ? r.value : null,
            message: r.message ?? null,
            observed_at: r.observedAt,
            received_at: meta.receivedAt,
            pushed_by: meta.pushedBy,
          })),
        )
        .onConflict(['entity_ref', 'check_id'])
        .merge()
        // a concurrent push of a later result wins too
        .where(`${TABLE}.observed_at`, '<=', tx.ref('excluded.observed_at'));
      return { superseded };
    });
    await this.invalidation?.invalidate([entityRef]);
    return outcome;
  }

  /** the stored results of an entity (tests, support) */
  async list(entityRef: string): Promise<PushedResult[]> {
    const rows = await this.db(TABLE)
      .where('entity_ref', entityRef)
      .orderBy('check_id');
    return rows.map(toResult);
  }
}

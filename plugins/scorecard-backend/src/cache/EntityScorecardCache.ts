import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type { EntityScorecard } from '@internal/backstage-plugin-scorecard-common';
import crypto from 'node:crypto';
import type { ScorecardCacheSettings } from '../config/readScorecardConfig';

/**
 * What every write path of the plugin calls once its write is stored: the
 * entities whose scorecard it changed.
 */
export type EntityCacheInvalidation = {
  invalidate(entityRefs: readonly string[]): Promise<void>;
};

/** An answer computed from the database, and how long it may be kept. */
export type ComputedScorecard = {
  scorecard: EntityScorecard;
  /**
   * false when computing it wrote (the entity was evaluated): the answer is
   * then cached by the next read, under the new generation
   */
  cacheable: boolean;
  /** when it stops being true by itself (an exemption's expiry) */
  validUntil: Date | null;
};

/** a generation outlives the answers cached under it */
const GENERATION_TTL_MS = 24 * 3600 * 1000;

const generationKey = (entityRef: string) => `entity-generation:${entityRef}`;

/**
 * An entity's scorecard in the plugin's cache (coreServices.cache: Redis in
 * production, shared by the replicas; memory in development).
 *
 * An answer is kept under `entity:<config>:<ref>:<etag>:<generation>`:
 * - `config`: a hash of the configured checks and levels (a deployment
 *   with other checks does not read the last one's answers);
 * - `etag`: the entity's catalog etag, read from the catalog on every
 *   request (that read is also the caller's permission to see it), so an
 *   entity changed in the catalog is a miss;
 * - `generation`: a random value kept under `entity-generation:<ref>`.
 *   Every write that changes the answer (an evaluation, an exemption
 *   created or deleted, a rescore after one expired, a pushed result, the
 *   entity forgotten) deletes it, after its write: the next read makes a
 *   new one, and nothing cached before can be found again.
 *
 * A read takes the generation before it reads the database, so an answer
 * is never kept under a generation newer than the data it was computed
 * from. An answer is kept for `ttl` at most, and never past the expiry of
 * an exemption it applies. With the cache unavailable, reads compute and
 * nothing is kept (the portal's cache service answers misses).
 */
export class EntityScorecardCache implements EntityCacheInvalidation {
  private readonly cache: CacheService | undefined;

  constructor(
    private readonly options: {
      cache: CacheService;
      settings: ScorecardCacheSettings;
      logger: LoggerService;
      now?: () => number;
    },
  ) {
    this.cache = options.settings.enabled ? options.cache : undefined;
  }

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  /** Forgets what is cached of these entities (the one invalidation). */
  async invalidate(entityRefs: readonly string[]): Promise<void> {
    const cache = this.cache;
    if (!cache) return;
    await Promise.all(
      [...new Set(entityRefs)].map(ref =>
        this.quietly(() => cache.delete(generationKey(ref)), undefined),
      ),
    );
  }

  /**
   * The cached answer for this entity, catalog etag and configuration, or
   * `compute`'s, kept for the next read.
   */
  async get(
    key: { entityRef: string; etag: string; config: string },
    compute: () => Promise<ComputedScorecard>,
  ): Promise<EntityScorecard> {
    const cache = this.cache;
    if (!cache) return (await compute()).scorecard;
    const generation = await this.generation(cache, key.entityRef);
    const answerKey = `entity:${key.config}:${key.entityRef}:${key.etag}:${generation}`;
    const hit = await this.quietly(
      () => cache.get<JsonValue>(answerKey),
      undefined,
    );
    if (hit) return hit as unknown as EntityScorecard;

    const computed = await compute();
    const ttl = Math.min(
      this.options.settings.ttlMs,
      computed.validUntil
        ? computed.validUntil.getTime() - this.now()
        : Infinity,
    );
    if (computed.cacheable && ttl > 0) {
      await this.quietly(
        () =>
          cache.set(answerKey, computed.scorecard as unknown as JsonValue, {
            ttl,
          }),
        undefined,
      );
    }
    return computed.scorecard;
  }

  /** the entity's generation; a new one when there is none */
  private async generation(cache: CacheService, entityRef: string) {
    const key = generationKey(entityRef);
    const current = await this.quietly(() => cache.get<string>(key), undefined);
    if (typeof current === 'string') return current;
    const created = crypto.randomUUID();
    await this.quietly(
      () => cache.set(key, created, { ttl: GENERATION_TTL_MS }),
      undefined,
    );
    return created;
  }

  /**
   * A cache operation that cannot fail the request: the portal's cache
   * service never throws (it answers misses while Redis is down), another
   * store might.
   */
  private async quietly<T>(operation: () => Promise<T>, fallback: T) {
    try {
      return await operation();
    } catch (error) {
      this.options.logger.debug(
        `Scorecard cache operation failed: ${(error as Error).message}`,
      );
      return fallback;
    }
  }
}

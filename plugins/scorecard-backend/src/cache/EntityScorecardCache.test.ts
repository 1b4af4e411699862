import type { CacheService } from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { EntityScorecard } from '@internal/backstage-plugin-scorecard-common';
import {
  EntityScorecardCache,
  type ComputedScorecard,
} from './EntityScorecardCache';

/*
 * The cache of entities' scorecards on Backstage's own memory store: what
 * is a hit, what each invalidation, etag, configuration and expiry makes a
 * miss, and that a cache that fails never fails a request.
 */

const REF = 'component:default/order-service';
const KEY = { entityRef: REF, etag: 'etag-1', config: 'config-1' };

const scorecard = (detail: string): EntityScorecard => ({
  entityRef: REF,
  score: { passed: 1, total: 2 },
  level: 'Bronze',
  evaluatedAt: '2026-12-07T12:00:00.000Z',
  checks: [
    {
      id: 'has-owner',
      title: 'Has owner',
      dimension: 'ownership',
      description: '',
      status: 'passed',
      passed: true,
      detail,
      exempt: false,
      evaluatedAt: '2026-12-07T12:00:00.000Z',
    },
  ],
});

describe('EntityScorecardCache', () => {
  let memory: CacheService;
  let now: number;
  let computed: number;

  const cacheOf = (
    options: { enabled?: boolean; ttlMs?: number; cache?: CacheService } = {},
  ) =>
    new EntityScorecardCache({
      cache: options.cache ?? memory,
      settings: {
        enabled: options.enabled ?? true,
        ttlMs: options.ttlMs ?? 600_000,
      },
      logger: mockServices.logger.mock(),
      now: () => now,
    });

  /** an answer from "the database": its detail says which computation */
  const compute =
    (extra: Partial<ComputedScorecard> = {}) =>
    async (): Promise<ComputedScorecard> => ({
      scorecard: scorecard(`computed ${++computed}`),
      cacheable: true,
      validUntil: null,
      ...extra,
    });
  const detail = (s: EntityScorecard) => s.checks[0].detail;

  beforeEach(() => {
    memory = CacheManager.fromConfig(new ConfigReader({})).forPlugin(
      `scorecard-${Math.random()}`,
    );
    now = Date.now();
    computed = 0;
  });

  it('computes once, then answers from the cache, across instances on one store', async () => {
    const a = cacheOf();
    const b = cacheOf();
    expect(detail(await a.get(KEY, compute()))).toBe('computed 1');
    expect(detail(await a.get(KEY, compute()))).toBe('computed 1');
    // another replica on the same store
    expect(detail(await b.get(KEY, compute()))).toBe('computed 1');
    expect(computed).toBe(1);
  });

  it('misses after the entity is invalidated, by any instance', async () => {
    const a = cacheOf();
    const b = cacheOf();
    await a.get(KEY, compute());
    await b.invalidate([REF]);
    expect(detail(await a.get(KEY, compute()))).toBe('computed 2');
    expect(detail(await b.get(KEY, compute()))).toBe('computed 2');
    // other entities keep theirs
    const other = { ...KEY, entityRef: 'component:default/other' };
    await a.get(other, compute());
    await a.invalidate([REF, REF]);
    expect(detail(await a.get(other, compute()))).toBe('computed 3');
    expect(detail(await a.get(KEY, compute()))).toBe('computed 4');
  });

  it('misses for another catalog etag and another configuration', async () => {
    const a = cacheOf();
    await a.get(KEY, compute());
    expect(detail(await a.get({ ...KEY, etag: 'etag-2' }, compute()))).toBe(
      'computed 2',
    );
    expect(detail(await a.get({ ...KEY, config: 'config-2' }, compute()))).toBe(
      'computed 3',
    );
    expect(detail(await a.get(KEY, compute()))).toBe('computed 1');
  });

  it('keeps an answer no longer than the ttl, nor past the expiry of an exemption it applies', async () => {
    jest.useFakeTimers({ now, doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const a = cacheOf({ ttlMs: 60_000 });
      const expiring = { ...KEY, etag: 'expiring' };
      await a.get(expiring, compute({ validUntil: new Date(now + 5_000) }));
      await a.get(KEY, compute());
      jest.advanceTimersByTime(4_000);
      now += 4_000;
      expect(detail(await a.get(expiring, compute()))).toBe('computed 1');
      jest.advanceTimersByTime(1_500);
      now += 1_500;
      expect(detail(await a.get(expiring, compute()))).toBe('computed 3');
      expect(detail(await a.get(KEY, compute()))).toBe('computed 2');
      jest.advanceTimersByTime(60_000);
      now += 60_000;
      expect(detail(await a.get(KEY, compute()))).toBe('computed 4');
    } finally {
      jest.useRealTimers();
    }
  });

  it('does not keep an answer whose computation wrote, nor one already expired', async () => {
    const a = cacheOf();
    await a.get(KEY, compute({ cacheable: false }));
    expect(detail(await a.get(KEY, compute()))).toBe('computed 2');
    const expired = { ...KEY, etag: 'expired' };
    await a.get(expired, compute({ validUntil: new Date(now - 1) }));
    expect(detail(await a.get(expired, compute()))).toBe('computed 4');
  });

  it('computes every time when disabled', async () => {
    const a = cacheOf({ enabled: false });
    await a.get(KEY, compute());
    await a.get(KEY, compute());
    await a.invalidate([REF]);
    expect(computed).toBe(2);
  });

  it('answers from the database when the cache store fails', async () => {
    const failing: CacheService = {
      get: async () => {
        throw new Error('store down');
      },
      set: async () => {
        throw new Error('store down');
      },
      delete: async () => {
        throw new Error('store down');
      },
      withOptions: () => failing,
    };
    const a = cacheOf({ cache: failing });
    expect(detail(await a.get(KEY, compute()))).toBe('computed 1');
    expect(detail(await a.get(KEY, compute()))).toBe('computed 2');
    await expect(a.invalidate([REF])).resolves.toBeUndefined();
  });
});

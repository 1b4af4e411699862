import type {
  CacheService,
  CacheServiceOptions,
  CacheServiceSetOptions,
} from '@backstage/backend-plugin-api';
import {
  durationToMilliseconds,
  type HumanDuration,
  type JsonValue,
} from '@backstage/types';
import type { SharedRedis } from './SharedRedis';

/** a TTL as the cache service takes it: milliseconds or a duration */
export function ttlToMilliseconds(
  ttl: number | HumanDuration | undefined,
): number | undefined {
  if (ttl === undefined) return undefined;
  return typeof ttl === 'number' ? ttl : durationToMilliseconds(ttl);
}

/**
 * A plugin's cache (coreServices.cache) on the shared Redis connection: its
 * keys are `<prefix><key>` (the prefix names the plugin), its values JSON.
 * Never throws and never waits longer than the connection's time limit:
 * while Redis does not answer, `get` is a miss and `set` does nothing; a
 * `delete` is made when Redis is back (SharedRedis).
 */
export class RedisCacheClient implements CacheService {
  constructor(
    private readonly redis: SharedRedis,
    private readonly prefix: string,
    private readonly defaultTtlMs?: number,
  ) {}

  async get<TValue extends JsonValue>(
    key: string,
  ): Promise<TValue | undefined> {
    const { value } = await this.redis.run(
      client => client.get(this.prefix + key),
      null,
    );
    if (value === null || value === undefined) return undefined;
    try {
      return JSON.parse(value) as TValue;
    } catch {
      return undefined;
    }
  }

  async set(
    key: string,
    value: JsonValue,
    options: CacheServiceSetOptions = {},
  ): Promise<void> {
    const ttlMs = ttlToMilliseconds(options.ttl) ?? this.defaultTtlMs;
    const text = JSON.stringify(value);
    if (text === undefined) return;
    await this.redis.run(
      client =>
        ttlMs !== undefined && ttlMs > 0
          ? client.set(this.prefix + key, text, { PX: Math.ceil(ttlMs) })
          : client.set(this.prefix + key, text),
      null,
    );
  }

  async delete(key: string): Promise<void> {
    await this.redis.delete([this.prefix + key]);
  }

  withOptions(options: CacheServiceOptions): CacheService {
    return new RedisCacheClient(
      this.redis,
      this.prefix,
      ttlToMilliseconds(options.defaultTtl) ?? this.defaultTtlMs,
    );
  }
}

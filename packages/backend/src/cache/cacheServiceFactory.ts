import {
  coreServices,
  createServiceFactory,
  type CacheService,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { RedisCacheClient } from './RedisCacheClient';
import { SharedRedis } from './SharedRedis';

/** `backend.cache` with `store: redis`, as this factory reads it. */
export type RedisCacheSettings = {
  url: string;
  /** the object form's other keys, for @redis/client */
  clientOptions: Record<string, unknown>;
  /** `redis.client.namespace` + separator; then the plugin id and ":" */
  keyPrefix: string;
  defaultTtlMs?: number;
};

/**
 * Reads `backend.cache` (Backstage's keys, typed by
 * @backstage/backend-defaults): undefined unless the store is redis.
 */
export function readRedisCacheSettings(
  config: RootConfigService,
): RedisCacheSettings | undefined {
  const cache = config.getOptionalConfig('backend.cache');
  if ((cache?.getOptionalString('store') ?? 'memory') !== 'redis') {
    return undefined;
  }
  if (cache!.has('redis.cluster')) {
    throw new Error(
      'backend.cache.redis.cluster is not supported by the portal cache (packages/backend/src/cache); use one Redis URL',
    );
  }
  const raw = cache!.getOptional('connection');
  let url: string;
  let clientOptions: Record<string, unknown> = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const { url: objectUrl, ...rest } = raw as Record<string, unknown>;
    url = typeof objectUrl === 'string' ? objectUrl : '';
    clientOptions = rest;
  } else {
    url = cache!.getOptionalString('connection') ?? '';
  }
  if (!/^rediss?:\/\/./.test(url)) {
    throw new Error(
      'backend.cache.connection must be a redis:// or rediss:// URL when backend.cache.store is redis',
    );
  }
  const namespace = cache!.getOptionalString('redis.client.namespace');
  const separator =
    cache!.getOptionalString('redis.client.keyPrefixSeparator') || ':';
  let defaultTtlMs: number | undefined;
  if (cache!.has('defaultTtl')) {
    const ttl = cache!.get('defaultTtl');
    defaultTtlMs =
      typeof ttl === 'number'
        ? ttl
        : durationToMilliseconds(
            readDurationFromConfig(cache!, { key: 'defaultTtl' }),
          );
  }
  return {
    url,
    clientOptions,
    keyPrefix: namespace ? `${namespace}${separator}` : '',
    defaultTtlMs,
  };
}

/**
 * The portal's cache service (coreServices.cache), replacing Backstage's
 * default in src/index.ts. With `backend.cache.store: redis` every plugin's
 * cache is on one shared, guarded Redis connection (SharedRedis: a time
 * limit per operation, a miss or nothing done while Redis does not answer,
 * one log line when it stops answering and one when it is back). Any other
 * store (memory, the default) is Backstage's own.
 */
export const cacheServiceFactory = createServiceFactory({
  service: coreServices.cache,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.rootLogger,
    lifecycle: coreServices.rootLifecycle,
    plugin: coreServices.pluginMetadata,
  },
  async createRootContext({
    config,
    logger,
    lifecycle,
  }): Promise<(pluginId: string) => CacheService> {
    const settings = readRedisCacheSettings(config);
    if (!settings) {
      const manager = CacheManager.fromConfig(config, { logger });
      return pluginId => manager.forPlugin(pluginId);
    }
    const redis = new SharedRedis({
      url: settings.url,
      clientOptions: settings.clientOptions,
      logger: logger.child({ service: 'cache' }),
    });
    redis.start();
    lifecycle.addShutdownHook(() => redis.close());
    return pluginId =>
      new RedisCacheClient(
        redis,
        `${settings.keyPrefix}${pluginId}:`,
        settings.defaultTtlMs,
      );
  },
  async factory({ plugin }, forPlugin) {
    return forPlugin(plugin.getId());
  },
});

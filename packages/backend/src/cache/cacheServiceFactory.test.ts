import {
  coreServices,
  createBackendPlugin,
  type CacheService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { PrivateRedis } from 'sandbox';
import {
  cacheServiceFactory,
  readRedisCacheSettings,
} from './cacheServiceFactory';
import { RedisCacheClient } from './RedisCacheClient';

const missing = PrivateRedis.missingBinaries();

describe('readRedisCacheSettings', () => {
  const read = (cache: object | undefined) =>
    readRedisCacheSettings(
      new ConfigReader(cache ? { backend: { cache } } : {}),
    );

  it('is undefined for the memory store (the default) and other stores', () => {
    expect(read(undefined)).toBeUndefined();
    expect(read({ store: 'memory' })).toBeUndefined();
    expect(read({ store: 'memcache', connection: 'x:11211' })).toBeUndefined();
  });

  it('reads the URL, the object form, the namespace and the default TTL', () => {
    expect(
      read({ store: 'redis', connection: 'rediss://:pw@cache:6380' }),
    ).toEqual({
      url: 'rediss://:pw@cache:6380',
      clientOptions: {},
      keyPrefix: '',
      defaultTtlMs: undefined,
    });
    expect(
      read({
        store: 'redis',
        connection: { url: 'redis://cache', pingInterval: 60000 },
        defaultTtl: { minutes: 5 },
        redis: { client: { namespace: 'portal' } },
      }),
    ).toEqual({
      url: 'redis://cache',
      clientOptions: { pingInterval: 60000 },
      keyPrefix: 'portal:',
      defaultTtlMs: 300_000,
    });
    expect(
      read({ store: 'redis', connection: 'redis://cache', defaultTtl: 1000 })
        ?.defaultTtlMs,
    ).toBe(1000);
  });

  it('refuses what it cannot serve, naming the key', () => {
    expect(() => read({ store: 'redis' })).toThrow(
      'backend.cache.connection must be a redis:// or rediss:// URL when backend.cache.store is redis',
    );
    expect(() =>
      read({ store: 'redis', connection: 'http://cache:6379' }),
    ).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() =>
      read({
        store: 'redis',
        connection: 'redis://cache',
        redis: { cluster: { rootNodes: [] } },
      }),
    ).toThrow(/backend\.cache\.redis\.cluster is not supported/);
  });
});

(missing ? describe.skip : describe)('cacheServiceFactory', () => {
  let server: PrivateRedis;

  beforeAll(async () => {
    server = await PrivateRedis.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** a backend with one plugin, `probe`; resolves with its cache */
  async function probePluginCache(cache: object) {
    let service: CacheService | undefined;
    const backend = await startTestBackend({
      features: [
        cacheServiceFactory,
        mockServices.rootConfig.factory({ data: { backend: { cache } } }),
        createBackendPlugin({
          pluginId: 'probe',
          register(env) {
            env.registerInit({
              deps: { cache: coreServices.cache },
              async init(deps) {
                service = deps.cache;
              },
            });
          },
        }),
      ],
    });
    return { backend, cache: service! };
  }

  it('gives each plugin its cache on the shared Redis, its keys prefixed with the plugin id', async () => {
    const { backend, cache } = await probePluginCache({
      store: 'redis',
      connection: server.url,
    });
    try {
      expect(cache).toBeInstanceOf(RedisCacheClient);
      for (let i = 0; i < 100 && !(await server.keys('probe:*')).length; i++) {
        await cache.set('answer', 42);
        await new Promise(r => setTimeout(r, 50));
      }
      expect(await server.keys('probe:*')).toEqual(['probe:answer']);
      expect(await cache.get('answer')).toBe(42);
    } finally {
      await backend.stop();
    }
  });

  it("keeps Backstage's memory store otherwise", async () => {
    await server.command('FLUSHALL');
    const { backend, cache } = await probePluginCache({ store: 'memory' });
    try {
      expect(cache).not.toBeInstanceOf(RedisCacheClient);
      await cache.set('answer', 42);
      expect(await cache.get('answer')).toBe(42);
      expect(await server.keys('probe:*')).toEqual([]);
    } finally {
      await backend.stop();
    }
  });
});

import type { LoggerService } from '@backstage/backend-plugin-api';
import { PrivateRedis } from 'sandbox';
import { RedisCacheClient } from './RedisCacheClient';
import { PENDING_DELETES_LIMIT, SharedRedis } from './SharedRedis';

/*
 * The shared Redis connection and a plugin's cache on it, against a Redis
 * server of the test's own (never the shared one on 6379): stopped, frozen
 * (SIGSTOP) and down from the start. Reads miss and writes are skipped
 * within the time limit, one line says the cache is unavailable and one
 * that it is back, and deletes made meanwhile reach Redis once it is.
 */

jest.setTimeout(60_000);

const missing = PrivateRedis.missingBinaries();
if (missing) {
  // eslint-disable-next-line no-console
  console.warn(`SharedRedis.test.ts skipped: ${missing}`);
}

const TIMEOUT_MS = 300;

function collectingLogger() {
  const lines: string[] = [];
  const logger = {
    error: (m: string) => lines.push(`error ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    info: (m: string) => lines.push(`info ${m}`),
    debug: () => {},
    child: () => logger,
  } as unknown as LoggerService;
  return { logger, lines };
}

async function eventually(what: string, ok: () => Promise<boolean> | boolean) {
  const deadline = Date.now() + 15_000;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

/** how long an operation took, and its result */
async function timed<T>(op: Promise<T>): Promise<{ ms: number; value: T }> {
  const started = Date.now();
  const value = await op;
  return { ms: Date.now() - started, value };
}

(missing ? describe.skip : describe)('SharedRedis', () => {
  let server: PrivateRedis;
  let redis: SharedRedis | undefined;
  let log: ReturnType<typeof collectingLogger>;

  const connect = async (options: { waitUntilUp?: boolean } = {}) => {
    log = collectingLogger();
    redis = new SharedRedis({
      url: server.url,
      logger: log.logger,
      operationTimeoutMs: TIMEOUT_MS,
      probeIntervalMs: 100,
    });
    redis.start();
    if (options.waitUntilUp ?? true) {
      await eventually('connected', () => redis!.isAvailable());
    }
    return redis;
  };
  const lines = (pattern: RegExp) => log.lines.filter(l => pattern.test(l));

  beforeAll(async () => {
    server = await PrivateRedis.start();
  });
  afterEach(async () => {
    await redis?.close();
    redis = undefined;
    server.resume();
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('stores JSON under the plugin prefix, with TTLs', async () => {
    const shared = await connect();
    const cache = new RedisCacheClient(shared, 'scorecard:');
    await cache.set('a', { n: 1, s: ['x'] });
    expect(await cache.get('a')).toEqual({ n: 1, s: ['x'] });
    expect(await server.command('GET', 'scorecard:a')).toEqual([
      '{"n":1,"s":["x"]}',
    ]);
    // another plugin's prefix does not see it
    expect(await new RedisCacheClient(shared, 'catalog:').get('a')).toBe(
      undefined,
    );
    await cache.set('short', 1, { ttl: 200 });
    await cache.withOptions({ defaultTtl: { seconds: 30 } }).set('long', 2);
    const ttl = Number((await server.command('PTTL', 'scorecard:long'))[0]);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    await new Promise(r => setTimeout(r, 300));
    expect(await cache.get('short')).toBe(undefined);
    await cache.delete('a');
    expect(await cache.get('a')).toBe(undefined);
    expect(lines(/unavailable|back/)).toEqual([]);
    expect(log.lines).toEqual([
      `info Cache: Redis at 127.0.0.1:${server.port}`,
    ]);
  });

  it('serves misses while Redis is stopped, says so once, and is back once it restarts', async () => {
    const shared = await connect();
    const cache = new RedisCacheClient(shared, 'p:');
    await cache.set('k', 'before');

    await server.stop();
    const during = [];
    for (let i = 0; i < 20; i++) {
      during.push(await timed(cache.get('k')));
      during.push(await timed(cache.set('k', `during ${i}`)));
    }
    expect(during.filter(d => d.value !== undefined)).toEqual([]);
    expect(Math.max(...during.map(d => d.ms))).toBeLessThan(TIMEOUT_MS + 200);
    expect(lines(/Cache unavailable/)).toHaveLength(1);
    expect(lines(/Cache unavailable/)[0]).toMatch(
      new RegExp(
        `^warn Cache unavailable: Redis at 127\\.0\\.0\\.1:${server.port} does not answer`,
      ),
    );

    // deletes asked for meanwhile are kept, up to the limit
    await Promise.all(
      Array.from({ length: PENDING_DELETES_LIMIT + 5 }, (_, i) =>
        cache.delete(`gone-${i}`),
      ),
    );

    await server.start();
    await eventually('back', () => shared.isAvailable());
    expect(lines(/Cache back/)).toEqual([
      expect.stringMatching(
        /; the 10000 deletes asked for meanwhile made now; 5 deletes more not kept \(what was cached before may be served until its TTL\)$/,
      ),
    ]);
    // used again: what is set is read back, from Redis
    await cache.set('k', 'after');
    expect(await cache.get('k')).toBe('after');
    expect(await server.command('GET', 'p:k')).toEqual(['"after"']);
    expect(lines(/Cache unavailable/)).toHaveLength(1);
    expect(lines(/^error /)).toEqual([]);
  });

  it('answers within the time limit while Redis is frozen, and makes the deletes asked for meanwhile when it is back', async () => {
    const shared = await connect();
    const cache = new RedisCacheClient(shared, 'p:');
    await cache.set('stale', 'cached before');
    await cache.set('kept', 'cached before');

    server.pause();
    const first = await timed(cache.get('kept'));
    expect(first.value).toBe(undefined);
    expect(first.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(first.ms).toBeLessThan(TIMEOUT_MS + 200);
    // from now on nothing waits for Redis
    const next = await timed(
      Promise.all([cache.delete('stale'), cache.get('kept')]),
    );
    expect(next.ms).toBeLessThan(50);
    expect(lines(/Cache unavailable/)).toEqual([
      expect.stringMatching(/does not answer \(no answer within 300 ms\)/),
    ]);

    server.resume();
    await eventually('back', () => shared.isAvailable());
    await eventually(
      'the delete made',
      async () => (await server.command('EXISTS', 'p:stale'))[0] === '0',
    );
    expect(await cache.get('kept')).toBe('cached before');
    expect(lines(/Cache back/)).toEqual([
      expect.stringMatching(
        /^info Cache back: Redis at 127\.0\.0\.1:\d+ answers again after \d+ s; the 1 delete asked for meanwhile made now$/,
      ),
    ]);
  });

  it('starts while Redis is down, says so once, and uses it once it is up', async () => {
    await server.stop();
    const shared = await connect({ waitUntilUp: false });
    const cache = new RedisCacheClient(shared, 'p:');
    await eventually('unavailable said', () => log.lines.length > 0);
    const during = await timed(cache.get('k'));
    expect(during).toEqual({ ms: expect.any(Number), value: undefined });
    expect(during.ms).toBeLessThan(50);
    await new Promise(r => setTimeout(r, 1500)); // a few reconnects
    expect(log.lines).toEqual([
      expect.stringMatching(/^warn Cache unavailable: .*ECONNREFUSED/),
    ]);

    await server.start();
    await eventually('back', () => shared.isAvailable());
    await cache.set('k', 1);
    expect(await cache.get('k')).toBe(1);
    expect(log.lines).toEqual([
      expect.stringMatching(/^warn Cache unavailable/),
      expect.stringMatching(/^info Cache back/),
    ]);
  });

  it('makes a delete asked for before the first connection, before serving reads', async () => {
    // a value a replica cached; this one invalidates it while connecting
    const writer = await connect();
    await new RedisCacheClient(writer, 'p:').set('stale', 'old');
    await writer.close();

    const shared = await connect({ waitUntilUp: false });
    const cache = new RedisCacheClient(shared, 'p:');
    await cache.delete('stale');
    await eventually('connected', () => shared.isAvailable());
    expect(await cache.get('stale')).toBe(undefined);
    expect(log.lines).toEqual([
      expect.stringMatching(
        /^info Cache: Redis at .*; the 1 delete asked for meanwhile made now$/,
      ),
    ]);
  });
});

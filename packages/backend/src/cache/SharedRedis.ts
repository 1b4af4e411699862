import type { LoggerService } from '@backstage/backend-plugin-api';
import { createClient } from '@redis/client';

/*
 * The portal's one connection to Redis (backend.cache.store: redis), shared
 * by every plugin's cache (RedisCacheClient), and what happens while Redis
 * does not answer:
 *
 * - every operation has a time limit (`operationTimeoutMs`); one that fails
 *   or runs out of time makes the cache unavailable, said in one warning;
 * - while unavailable, reads are misses and writes are skipped at once
 *   (nothing waits for Redis); a delete that could not be made is kept (up
 *   to PENDING_DELETES_LIMIT keys) and made when Redis is back, since
 *   deletes are how plugins invalidate what other replicas may have cached;
 * - every `probeIntervalMs` (and whenever the client reconnects) a probe
 *   writes a short-lived key; when it succeeds the cache is back, said in
 *   one line, and the kept deletes are made.
 *
 * Backstage's own Redis store (@keyv/redis under its CacheManager) is not
 * used: it listens to no `error` event of its client, so the first dropped
 * connection throws out of the client's reconnect logic (an uncaught
 * exception) and the client never reconnects; every later operation then
 * waits forever in its offline queue, also after Redis is back.
 */

export type SharedRedisOptions = {
  /** redis:// or rediss:// URL (may hold a password: never logged) */
  url: string;
  /** more options of @redis/client's createClient (the object form) */
  clientOptions?: Record<string, unknown>;
  logger: LoggerService;
  operationTimeoutMs?: number;
  probeIntervalMs?: number;
  now?: () => number;
};

export const SHARED_REDIS_DEFAULTS = {
  operationTimeoutMs: 500,
  probeIntervalMs: 1000,
};

/** deletes kept while Redis does not answer, made when it is back */
export const PENDING_DELETES_LIMIT = 10_000;

const PROBE_KEY = 'portal-cache:probe';

/** host:port of a Redis URL, without credentials */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'the configured address';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

export type RedisClient = ReturnType<typeof createClient>;

export class SharedRedis {
  readonly address: string;
  private readonly client: RedisClient;
  private readonly operationTimeoutMs: number;
  private readonly probeIntervalMs: number;
  private readonly now: () => number;
  /** undefined until the first connection, then whether Redis answers */
  private available: boolean | undefined;
  private unavailableSince = 0;
  private probeTimer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private readonly pendingDeletes = new Set<string>();
  private droppedDeletes = 0;
  private closed = false;

  constructor(private readonly options: SharedRedisOptions) {
    this.address = redisAddress(options.url);
    this.operationTimeoutMs =
      options.operationTimeoutMs ?? SHARED_REDIS_DEFAULTS.operationTimeoutMs;
    this.probeIntervalMs =
      options.probeIntervalMs ?? SHARED_REDIS_DEFAULTS.probeIntervalMs;
    this.now = options.now ?? Date.now;
    const clientOptions = options.clientOptions ?? {};
    const socket = (clientOptions.socket ?? {}) as Record<string, unknown>;
    this.client = createClient({
      ...clientOptions,
      url: options.url,
      // fail at once while disconnected, not queue until Redis is back
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 5_000,
        // keep trying, at most 2 s apart
        reconnectStrategy: (retries: number) =>
          Math.min(100 * 2 ** retries, 2_000),
        ...socket,
      },
    });
    // without a listener an error event is thrown, which ends the reconnects
    this.client.on('error', error => this.markUnavailable(error));
    this.client.on('ready', () => this.probeNow());
  }

  /** Connects in the background: startup never waits for Redis. */
  start(): void {
    this.client.connect().catch(error => this.markUnavailable(error));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.probeTimer);
    await this.probing;
    if (this.client.isOpen) {
      await this.client.disconnect().catch(() => undefined);
    }
  }

  /** Whether operations go to Redis now (false while it does not answer). */
  isAvailable(): boolean {
    return this.available === true && this.client.isReady;
  }

  /**
   * One operation within the time limit; `fallback` (a miss, nothing done)
   * while Redis is unavailable or when the operation fails.
   */
  async run<T>(
    operation: (client: RedisClient) => Promise<T>,
    fallback: T,
  ): Promise<{ ok: boolean; value: T }> {
    if (!this.isAvailable()) {
      if (this.available === true) this.markUnavailable('not connected');
      return { ok: false, value: fallback };
    }
    try {
      const value = await withTimeout(
        operation(this.client),
        this.operationTimeoutMs,
      );
      return { ok: true, value };
    } catch (error) {
      this.markUnavailable(error);
      return { ok: false, value: fallback };
    }
  }

  /** Deletes keys; those it cannot delete now are deleted when Redis is back. */
  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const { ok } = await this.run(client => client.del(keys), 0);
    if (!ok) this.keepDeletes(keys);
  }

  private keepDeletes(keys: string[]) {
    for (const key of keys) {
      if (this.pendingDeletes.has(key)) continue;
      if (this.pendingDeletes.size >= PENDING_DELETES_LIMIT) {
        this.droppedDeletes += 1;
      } else {
        this.pendingDeletes.add(key);
      }
    }
  }

  private markUnavailable(error: unknown) {
    if (this.closed || this.available === false) return;
    this.available = false;
    this.unavailableSince = this.now();
    this.options.logger.warn(
      `Cache unavailable: Redis at ${this.address} does not answer (${messageOf(
        error,
      )}); serving without the cache (reads miss, writes are skipped) until it answers again`,
    );
    clearInterval(this.probeTimer);
    this.probeTimer = setInterval(() => this.probeNow(), this.probeIntervalMs);
    this.probeTimer.unref();
  }

  private probeNow() {
    if (this.closed || this.probing || this.available === true) return;
    this.probing = this.probe().finally(() => {
      this.probing = undefined;
    });
  }

  /** A write that expires by itself: Redis takes reads and writes again. */
  private async probe() {
    if (!this.client.isReady) return;
    try {
      await withTimeout(
        this.client.set(PROBE_KEY, String(this.now()), { PX: 10_000 }),
        this.operationTimeoutMs,
      );
    } catch {
      return;
    }
    await this.markAvailable();
  }

  private async markAvailable() {
    if (this.closed) return;
    const wasUnavailable = this.available === false;
    const made = this.pendingDeletes.size;
    const dropped = this.droppedDeletes;
    // the deletes asked for before Redis answered (at startup, or during
    // an outage) are made before anything is read from it again: a read
    // in between could serve what they invalidate
    try {
      while (this.pendingDeletes.size > 0) {
        const keys = [...this.pendingDeletes].slice(0, 500);
        await withTimeout(this.client.del(keys), this.operationTimeoutMs);
        for (const key of keys) this.pendingDeletes.delete(key);
      }
    } catch (error) {
      this.markUnavailable(error);
      return;
    }
    if (this.closed) return;
    this.droppedDeletes = 0;
    this.available = true;
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
    const deletes = (n: number) => `${n} delete${n === 1 ? '' : 's'}`;
    const pendingNote =
      made > 0 ? `; the ${deletes(made)} asked for meanwhile made now` : '';
    if (!wasUnavailable) {
      this.options.logger.info(`Cache: Redis at ${this.address}${pendingNote}`);
      return;
    }
    const droppedNote =
      dropped > 0
        ? `; ${deletes(
            dropped,
          )} more not kept (what was cached before may be served until its TTL)`
        : '';
    this.options.logger.info(
      `Cache back: Redis at ${this.address} answers again after ${Math.round(
        (this.now() - this.unavailableSince) / 1000,
      )} s${pendingNote}${droppedNote}`,
    );
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { PrivateRedis } from 'sandbox';
import { stringify } from 'yaml';
import {
  BackendProcess,
  dropDatabases,
  pgConnection,
  readyAndSignedIn,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';

/*
 * Two backends on one PostgreSQL (databases of this test's own prefix) and
 * one Redis as their cache (backend.cache.store: redis), as production's
 * two replicas:
 *
 * - an entity's scorecard that backend A cached is backend B's answer. The
 *   proof: a marker written straight into the scorecard database, behind
 *   the plugin's back, is not in B's answer (B did not read the database),
 *   and the answer's key is in Redis;
 * - an exemption created through A is in B's next answer (with the marker:
 *   computed from the database after A's invalidation);
 * - Redis stopped while both are asked: every answer is still a 200, and
 *   each backend says in one line that the cache is unavailable; Redis
 *   started again: each says in one line that it is back, and caches again.
 *
 * The Redis is this test's own (sandbox's PrivateRedis, a free port), never
 * the shared one on 6379.
 */

jest.setTimeout(420_000);

const missing = PrivateRedis.missingBinaries();
if (missing) {
  // eslint-disable-next-line no-console
  console.warn(`sharedCache.integration.test.ts skipped: ${missing}`);
}

const ENTITY = 'component:default/order-service';
const SCORECARD = '/scorecard/v1/entities/component/default/order-service';
/** how long requests are sent while Redis is stopped */
const OUTAGE_MS = 8_000;
// no background evaluation: only this test's requests write
const LATER = {
  frequency: { hours: 24 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 1 },
};

const UNAVAILABLE =
  /Cache unavailable: Redis at 127\.0\.0\.1:\d+ does not answer/;
const BACK = /Cache back: Redis at 127\.0\.0\.1:\d+ answers again/;

(missing ? describe.skip : describe)(
  'two backends sharing one Redis cache',
  () => {
    const prefix = `portal_cache_${Date.now().toString(36)}_`;
    let redis: PrivateRedis;
    let workDir: string;
    let scorecardDb: Client | undefined;
    const backends: BackendProcess[] = [];
    const tokens: string[] = [];
    const timings: string[] = [];
    let markers = 0;

    const api = (i: number, p: string, init: RequestInit = {}) =>
      fetch(`${backends[i].baseUrl}/api${p}`, {
        ...init,
        signal: AbortSignal.timeout(30_000),
        headers: {
          authorization: `Bearer ${tokens[i]}`,
          'content-type': 'application/json',
          ...init.headers,
        },
      });
    const scorecard = async (i: number) => {
      const res = await api(i, SCORECARD);
      expect(res.status).toBe(200);
      return res.json();
    };
    const detailOf = (card: any, checkId: string) =>
      card.checks.find((c: { id: string }) => c.id === checkId).detail;
    /**
     * the answers' keys in Redis (coreServices.cache of plugin scorecard),
     * of any catalog etag of the entity or of the one given
     */
    const answerKeys = (etagOfEntity = '*') =>
      redis.keys(`scorecard:entity:*:${ENTITY}:${etagOfEntity}:*`);
    /** the entity's catalog etag, a part of its answer's key */
    const etag = async (): Promise<string> =>
      (
        await (
          await api(
            0,
            '/catalog/entities/by-name/component/default/order-service',
          )
        ).json()
      ).metadata.etag;
    /** writes a marker into the stored has-owner result, behind the plugin */
    const mark = async () => {
      const marker = `marker ${++markers}`;
      await scorecardDb!.query(
        "update scorecard_check_results set detail = $1 where entity_ref = $2 and check_id = 'has-owner'",
        [marker, ENTITY],
      );
      return marker;
    };
    const matchingLines = (i: number, from: number, pattern: RegExp) =>
      backends[i]
        .output()
        .slice(from)
        .split('\n')
        .filter(line => pattern.test(line));
    const linesSince = (from: number[], pattern: RegExp) =>
      backends.map((_, i) => matchingLines(i, from[i], pattern).length);

    beforeAll(async () => {
      redis = await PrivateRedis.start();
      workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-shared-cache-'));
      const configFile = path.join(workDir, 'shared-cache.yaml');
      fs.writeFileSync(
        configFile,
        stringify({
          scorecard: { schedule: LATER, changeDetection: LATER },
        }),
      );
      const env = {
        APP_CONFIG_backend_database: JSON.stringify({
          client: 'pg',
          prefix,
          connection: pgConnection,
          // as production: idle connections closed (two backends on the
          // shared server)
          knexConfig: { pool: { min: 0 } },
        }),
        APP_CONFIG_backend_cache: JSON.stringify({
          store: 'redis',
          connection: redis.url,
        }),
      };
      const started = Date.now();
      for (let i = 0; i < 2; i++) {
        // one after the other: the first one runs the migrations
        const backend = await startBackendProcess({
          args: ['--config', '../../app-config.yaml', '--config', configFile],
          env,
        });
        backends.push(backend);
        tokens.push(await readyAndSignedIn(backend));
      }
      for (const i of [0, 1]) {
        await waitUntil(
          `${ENTITY} in the catalog of backend ${i}`,
          async () =>
            (
              await api(
                i,
                '/catalog/entities/by-name/component/default/order-service',
              )
            ).ok || undefined,
          { timeoutMs: 180_000, backend: backends[i] },
        );
      }
      // The catalog keeps stitching order-service while the entities it
      // relates to arrive, and each change is a new etag: a new cache key
      // (a cached answer of A under the old one is then no answer for B).
      // Wait until its etag has stayed the same for 10 s.
      let stable = { etag: await etag(), since: Date.now() };
      await waitUntil(
        `${ENTITY}'s etag unchanged for 10 s`,
        async () => {
          const now = await etag();
          if (now !== stable.etag) stable = { etag: now, since: Date.now() };
          return Date.now() - stable.since >= 10_000 || undefined;
        },
        { timeoutMs: 180_000, intervalMs: 1000, backend: backends[0] },
      );
      timings.push(`both backends ready in ${Date.now() - started} ms`);
      scorecardDb = new Client({
        ...pgConnection,
        database: `${prefix}scorecard`,
      });
      await scorecardDb.connect();
    });

    afterAll(async () => {
      await scorecardDb?.end();
      await Promise.all(backends.map(b => b.stop()));
      await redis?.stop();
      if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
      await dropDatabases(prefix);
      // eslint-disable-next-line no-console
      console.log(`shared cache timings:\n${timings.join('\n')}`);
    });

    it("serves backend A's cached scorecard from backend B, and B sees an exemption created through A", async () => {
      // the first answer is evaluated on the spot (a write: not cached),
      // the second is cached. The catalog may still re-stitch the entity
      // (a new etag: a new key, so B rightly misses): then once more, at
      // most three times.
      let cached: any;
      let marker = '';
      let fromB: any;
      for (let attempt = 1; ; attempt++) {
        const before = await etag();
        await scorecard(0);
        cached = await scorecard(0);
        expect(await answerKeys(before)).toHaveLength(1);
        marker = await mark();
        fromB = await scorecard(1);
        if ((await etag()) === before || attempt === 3) break;
      }
      expect(detailOf(fromB, 'has-owner')).not.toBe(marker);
      expect(fromB).toEqual(cached);

      const open = cached.checks.find(
        (c: { status: string; exempt: boolean }) =>
          c.status !== 'passed' && !c.exempt,
      );
      expect(open).toBeDefined();
      const created = await api(0, '/scorecard/v1/exemptions', {
        method: 'POST',
        body: JSON.stringify({
          entityRef: ENTITY,
          checkId: open.id,
          reason: 'shared cache test',
          expiresAt: new Date(Date.now() + 86400_000).toISOString(),
        }),
      });
      expect(created.status).toBe(201);

      const next = await scorecard(1);
      expect(
        next.checks.find((c: { id: string }) => c.id === open.id),
      ).toMatchObject({
        exempt: true,
        exemption: { reason: 'shared cache test' },
      });
      // computed from the database, after A's invalidation
      expect(detailOf(next, 'has-owner')).toBe(marker);
    });

    it('keeps answering while Redis is stopped, says so once per backend, and caches again once it is back', async () => {
      const from = backends.map(b => b.output().length);

      // --- Redis stops (killed: as a crash) ---
      await redis.stop();
      const stopped = Date.now();
      const statuses: Record<string, number> = {};
      let slowest = 0;
      let sent = 0;
      while (Date.now() - stopped < OUTAGE_MS) {
        for (const i of [0, 1]) {
          const t = Date.now();
          const res = await api(i, SCORECARD);
          await res.text();
          slowest = Math.max(slowest, Date.now() - t);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          sent += 1;
        }
        await new Promise(r => setTimeout(r, 200));
      }
      expect(statuses).toEqual({ 200: sent });
      expect(linesSince(from, UNAVAILABLE)).toEqual([1, 1]);
      timings.push(
        `Redis stopped: ${sent} requests in ${OUTAGE_MS} ms, all 200, slowest ${slowest} ms`,
      );

      // --- Redis starts again, on the same port, empty ---
      await redis.start();
      const restarted = Date.now();
      await waitUntil(
        'both backends saying the cache is back',
        async () =>
          linesSince(from, BACK).every(n => n === 1) ? true : undefined,
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      timings.push(
        `Redis restarted: both backends back within ${
          Date.now() - restarted
        } ms`,
      );

      // cached again: A's answer is in Redis, and B serves it
      await scorecard(0); // a miss (Redis came back empty): cached now
      await waitUntil(
        "A's answer in Redis",
        async () => ((await answerKeys()).length === 1 ? true : undefined),
        { timeoutMs: 10_000, intervalMs: 100 },
      );
      const cached = await scorecard(0);
      const marker = await mark();
      const fromB = await scorecard(1);
      expect(detailOf(fromB, 'has-owner')).not.toBe(marker);
      expect(fromB).toEqual(cached);

      // one line each, no more: not one per request
      expect(linesSince(from, UNAVAILABLE)).toEqual([1, 1]);
      expect(linesSince(from, BACK)).toEqual([1, 1]);
      expect(
        linesSince(from, /Uncaught exception|Failed to create redis/),
      ).toEqual([0, 0]);
      expect(backends.map(b => b.hasExited())).toEqual([false, false]);
      timings.push(
        `backend A said: ${[UNAVAILABLE, BACK]
          .map(p => matchingLines(0, from[0], p)[0])
          .join(' / ')}`,
      );
    });
  },
);

import {
  databaseMessage,
  REQUEST_ID_HEADER,
  WATCHDOG_DEFAULTS,
} from 'backend/databaseGuard';
import {
  BackendProcess,
  readyAndSignedIn,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';
import { PrivatePostgres } from '../__testUtils__/privatePostgres';

/*
 * PostgreSQL that stops answering without closing its connections: every
 * process of the cluster stopped with SIGSTOP (a frozen VM, a partition,
 * a server stuck on its disk). The backend's database guard
 * (packages/backend/src/databaseGuard) must then answer the API with 503
 * within a bounded time, with a short message and a request id and nothing
 * of the database's address or driver, fail readiness, and serve again by
 * itself once the processes continue. Then the cluster is stopped for good:
 * a database refusing connections gets the same clean answers.
 *
 * The backend runs the development config with `backend.database` from
 * app-config.production.yaml, pointed at a private PostgreSQL cluster this
 * test owns (never the shared one on 5432, which other tests use), and the
 * guard's default settings.
 */

jest.setTimeout(420_000);

const missing = PrivatePostgres.missingBinaries();
if (missing) {
  // eslint-disable-next-line no-console
  console.warn(`databasePaused.integration.test.ts skipped: ${missing}`);
}

/** the longest a request may take while the database is silent */
const BOUND_MS =
  WATCHDOG_DEFAULTS.maxWaitMs +
  WATCHDOG_DEFAULTS.probeIntervalMs +
  WATCHDOG_DEFAULTS.probeTimeoutMs +
  3_000;

type Outcome = {
  route: string;
  status: number | string;
  /** when it was sent and answered (Date.now()) */
  sentAt: number;
  answeredAt: number;
  ms: number;
  body: string;
  requestId: string | null;
};

(missing ? describe.skip : describe)(
  'PostgreSQL paused (SIGSTOP) under a running backend',
  () => {
    let pg: PrivatePostgres;
    let backend: BackendProcess;
    let token: string;

    const CATALOG = '/catalog/entities/by-name/component/default/order-service';
    const SETTINGS = '/user-settings/buckets/portal/keys/fault';

    const api = (p: string, init: RequestInit = {}) =>
      fetch(`${backend.baseUrl}/api${p}`, {
        ...init,
        signal: AbortSignal.timeout(60_000),
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...init.headers,
        },
      });

    /** one request, timed, whatever happens (a hang ends as TimeoutError) */
    const attempt = async (route: string): Promise<Outcome> => {
      const sentAt = Date.now();
      let status: number | string;
      let body: string;
      let requestId: string | null = null;
      try {
        const res = await api(route);
        status = res.status;
        requestId = res.headers.get(REQUEST_ID_HEADER);
        body = await res.text();
      } catch (error) {
        status = String((error as Error).name);
        body = String(error);
      }
      const answeredAt = Date.now();
      return {
        route,
        status,
        sentAt,
        answeredAt,
        ms: answeredAt - sentAt,
        body,
        requestId,
      };
    };

    /**
     * What a caller must never read of the database: its host and port, a
     * socket error, the pool's or the driver's words, SQL. This test's own
     * list, not the guard's rule, so that a gap in the rule fails here.
     */
    const leaks = (body: string) =>
      body.match(
        new RegExp(
          [
            '127\\.0\\.0\\.1',
            `\\b${pg.port}\\b`,
            'E(?:CONNREFUSED|TIMEDOUT|CONNRESET)',
            'Knex|pool',
            'Connection terminated|terminating connection',
            'database system',
            'Timeout acquiring|read timeout|timeout exceeded|connection timeout',
            '\\b(?:select|insert|update|delete)\\b',
            'SQLSTATE|5[37]P0\\d',
          ].join('|'),
          'gi',
        ),
      );

    /**
     * A 5xx in the Backstage shape, with a request id, and nothing of the
     * database in it.
     */
    const expectClean = (outcome: Outcome) => {
      expect({ route: outcome.route, status: outcome.status }).toEqual({
        route: outcome.route,
        status: expect.any(Number),
      });
      expect(outcome.status).toBeGreaterThanOrEqual(500);
      expect({ body: outcome.body, leaks: leaks(outcome.body) }).toEqual({
        body: outcome.body,
        leaks: null,
      });
      expect(outcome.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(outcome.body)).toMatchObject({
        error: { message: expect.any(String) },
        response: { statusCode: outcome.status },
      });
    };

    /** a 503 of the guard: the short message, the request id in both places */
    const expectCleanUnavailable = (outcome: Outcome) => {
      expectClean(outcome);
      expect(outcome.status).toBe(503);
      const id = outcome.requestId!;
      expect(JSON.parse(outcome.body)).toMatchObject({
        error: {
          name: 'ServiceUnavailableError',
          message: databaseMessage('unavailable', id),
        },
        request: { method: 'GET', id },
        response: { statusCode: 503 },
      });
    };

    const summary = (outcomes: Outcome[]) =>
      outcomes.map(o => `${o.route.split('/')[1]} ${o.status} in ${o.ms} ms`);

    beforeAll(async () => {
      pg = await PrivatePostgres.create();
      await pg.start();
      backend = await startBackendProcess({ env: pg.backendDatabaseEnv() });
      token = await readyAndSignedIn(backend);
      await waitUntil(
        'order-service in the catalog',
        async () => ((await api(CATALOG)).ok ? true : undefined),
        { timeoutMs: 180_000, backend },
      );
      const put = await api(SETTINGS, {
        method: 'PUT',
        body: JSON.stringify({ value: 'before the pause' }),
      });
      if (!put.ok) throw new Error(`user setting not stored: ${put.status}`);
    });

    afterAll(async () => {
      // a stopped postmaster would hold up both shutdowns
      pg?.resume();
      await backend?.stop();
      await pg?.destroy();
    });

    it('answers 503 within the bound while paused, then 200 again by itself', async () => {
      for (const route of [CATALOG, SETTINGS]) {
        expect((await attempt(route)).status).toBe(200);
      }
      const outputBefore = backend.output().length;

      // --- every process of the cluster stops ---
      const stoppedPids = pg.pause();
      const paused = Date.now();
      let resumed: number;
      let heldOutcomes: Outcome[];
      let during: Outcome[];
      let readiness: { status: number; body: unknown };
      let livenessStatus: number;
      try {
        // requests in flight when it froze: held, then released
        const held = [attempt(CATALOG), attempt(SETTINGS)];
        // then one more every 500 ms, each on its own, until some answered
        // 503 and four more were sent after that
        const sent: Promise<Outcome>[] = [];
        const seen = { a503: false };
        const note = (o: Outcome) => {
          if (o.status === 503) seen.a503 = true;
          return o;
        };
        let sentAfterFirst503 = 0;
        while (Date.now() - paused < BOUND_MS && sentAfterFirst503 < 4) {
          sent.push(attempt(sent.length % 2 ? SETTINGS : CATALOG).then(note));
          if (seen.a503) sentAfterFirst503 += 1;
          await new Promise(r => setTimeout(r, 500));
        }
        heldOutcomes = await Promise.all(held);
        during = await Promise.all(sent);
        const res = await fetch(
          `${backend.baseUrl}/.backstage/health/v1/readiness`,
        );
        readiness = { status: res.status, body: await res.json() };
        livenessStatus = (
          await fetch(`${backend.baseUrl}/.backstage/health/v1/liveness`)
        ).status;
      } finally {
        // --- the processes continue (also when the above failed) ---
        pg.resume();
        resumed = Date.now();
      }
      const recovered = await waitUntil(
        'the catalog answering 200 again',
        async () => {
          const outcome = await attempt(CATALOG);
          return outcome.status === 200 ? Date.now() - resumed : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 100, backend },
      );

      const first503Ms = Math.min(
        ...[...heldOutcomes, ...during]
          .filter(o => o.status === 503)
          .map(o => o.answeredAt - paused),
      );
      // eslint-disable-next-line no-console
      console.log(
        `PostgreSQL paused (${
          stoppedPids.length
        } processes): first 503 ${first503Ms} ms after SIGSTOP\nheld: ${summary(
          heldOutcomes,
        ).join(', ')}\nthen: ${summary(during).join(', ')}\nreadiness ${
          readiness.status
        } ${JSON.stringify(readiness.body)}\nfirst body: ${
          during.find(o => o.status === 503)?.body
        }`,
      );
      expect(stoppedPids.length).toBeGreaterThan(1);
      expect(first503Ms).toBeLessThan(BOUND_MS);
      for (const outcome of [...heldOutcomes, ...during]) {
        expectCleanUnavailable(outcome);
        expect(outcome.ms).toBeLessThan(BOUND_MS);
      }
      // sent once the first 503 was out: answered at once, by both plugins
      const afterFirst = during.filter(o => o.sentAt > paused + first503Ms);
      expect(afterFirst.length).toBeGreaterThanOrEqual(2);
      expect(afterFirst.map(o => o.route)).toEqual(
        expect.arrayContaining([CATALOG, SETTINGS]),
      );
      for (const outcome of afterFirst) {
        expect(outcome.ms).toBeLessThan(1_000);
      }
      expect(readiness.status).toBe(503);
      expect(readiness.body).toMatchObject({ status: 'error' });
      expect(leaks(JSON.stringify(readiness.body))).toBeNull();
      expect(livenessStatus).toBe(200);
      // the released requests are logged with their id
      const logged = backend.output().slice(outputBefore);
      for (const outcome of heldOutcomes) {
        expect(logged).toContain(`Request ${outcome.requestId}`);
      }

      // eslint-disable-next-line no-console
      console.log(
        `PostgreSQL resumed: first 200 ${recovered} ms after SIGCONT`,
      );
      expect(recovered).toBeLessThan(
        WATCHDOG_DEFAULTS.probeIntervalMs +
          WATCHDOG_DEFAULTS.probeTimeoutMs +
          2_000,
      );
      const settings = await api(SETTINGS);
      expect(settings.status).toBe(200);
      expect(await settings.json()).toMatchObject({
        value: 'before the pause',
      });
      expect(
        (await fetch(`${backend.baseUrl}/.backstage/health/v1/readiness`))
          .status,
      ).toBe(200);

      // the released requests' handlers finished into their released
      // responses without a word (no "headers already sent")
      await new Promise(r => setTimeout(r, 3_000));
      const outage = backend.output().slice(outputBefore);
      expect(outage).not.toMatch(
        /ERR_HTTP_HEADERS_SENT|Cannot set headers|ERR_STREAM_WRITE_AFTER_END/,
      );
      // eslint-disable-next-line no-console
      console.log(
        `the guard's log of the outage:\n${outage
          .split('\n')
          .filter(line => /watchdog|released with 503|answers again/.test(line))
          .map(line => line.slice(0, 220))
          .join('\n')}`,
      );
      expect(backend.hasExited()).toBe(false);
    });

    it('answers a database refusing connections without its details', async () => {
      await pg.stop();
      const stopped = Date.now();
      const outcomes: Outcome[] = [];
      // at once (the plugins meet the refusal themselves, until the
      // watchdog's next probe), and for a while after
      outcomes.push(
        ...(await Promise.all([attempt(CATALOG), attempt(SETTINGS)])),
      );
      while (Date.now() - stopped < 8_000) {
        outcomes.push(await attempt(outcomes.length % 2 ? SETTINGS : CATALOG));
        await new Promise(r => setTimeout(r, 300));
      }
      const logged = backend.output();
      const rewritten = outcomes.filter(o =>
        logged.includes(`Request ${o.requestId} (GET /api${o.route}) failed`),
      );
      // eslint-disable-next-line no-console
      console.log(
        `PostgreSQL stopped: ${summary(outcomes).join(', ')}\n${
          rewritten.length
        } of them answered by a plugin and rewritten, the others by the watchdog`,
      );
      for (const outcome of outcomes) {
        expectClean(outcome);
        expect(outcome.ms).toBeLessThan(BOUND_MS);
      }
      // once the watchdog knows, it is its 503 and short message
      expectCleanUnavailable(outcomes[outcomes.length - 1]);
      expect(backend.hasExited()).toBe(false);
    });
  },
);

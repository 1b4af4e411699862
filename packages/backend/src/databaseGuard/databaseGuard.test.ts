import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  mockServices,
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import {
  startPausableProxy,
  PausableProxy,
} from './__testUtils__/pausableProxy';
import { DATABASE_MESSAGES } from './databaseDetail';
import {
  createDatabaseGuard,
  databaseMessage,
  REQUEST_ID_HEADER,
} from './databaseGuard';
import { DatabaseWatchdog } from './DatabaseWatchdog';
import { PostgresProbe } from './PostgresProbe';
import { readWatchdogSettings, WATCHDOG_DEFAULTS } from './settings';

const READINESS = '/.backstage/health/v1/readiness';
const LIVENESS = '/.backstage/health/v1/liveness';

/** what plugins' routers end with: Backstage's error handler */
const errorHandler = (showStackTraces = false) =>
  MiddlewareFactory.create({
    config: new ConfigReader({}),
    logger: mockServices.logger.mock(),
  }).error({ showStackTraces });

async function listen(app: express.Express) {
  const server = app.listen(0);
  await new Promise(r => server.once('listening', r));
  return {
    base: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise(r => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('databaseGuard: answers without database details', () => {
  const logger = mockServices.logger.mock();
  let base: string;
  let close: () => Promise<unknown>;

  /** errors the routes below throw, by name */
  const errors: Record<string, () => Error> = {
    refused: () =>
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
        code: 'ECONNREFUSED',
        syscall: 'connect',
        address: '127.0.0.1',
        port: 5432,
      }),
    pool: () =>
      Object.assign(
        new Error(
          'Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
        ),
        { name: 'KnexTimeoutError' },
      ),
    sql: () =>
      new Error(
        'insert into "user_settings" ("key") values ($1) - value too long for type character varying(255)',
      ),
    sonarqube: () =>
      Object.assign(
        new Error(
          'SonarQube at https://sonarqube.example.com answered 502 Bad Gateway',
        ),
        { statusCode: 502 },
      ),
    vault: () => new ServiceUnavailableError('Vault is sealed'),
    // a plugin's call to another plugin that this guard answered 503
    nested: () =>
      Object.assign(new Error('Request failed with 503 Service Unavailable'), {
        name: 'ResponseError',
        statusCode: 503,
        cause: {
          name: 'ServiceUnavailableError',
          message: databaseMessage('unavailable', 'inner-request'),
        },
      }),
    notFound: () =>
      Object.assign(new Error('relation "x" does not exist'), {
        name: 'NotFoundError',
      }),
  };

  beforeAll(async () => {
    const app = express();
    app.use(
      createDatabaseGuard({
        logger,
        address: { host: '127.0.0.1', port: 5432 },
        maxWaitMs: 10_000,
        failReadiness: true,
      }),
    );
    const plugin = express.Router();
    plugin.get('/throw/:name', (req, _res, next) => {
      next(errors[req.params.name]());
    });
    plugin.get('/text', (_req, res) => {
      res
        .status(500)
        .type('text/plain')
        .send('connect ECONNREFUSED 127.0.0.1:5432');
    });
    plugin.get('/object', (_req, res) => {
      res.status(500).send({ message: 'Connection terminated unexpectedly' });
    });
    plugin.use(errorHandler());
    const dev = express.Router();
    dev.get('/throw/:name', (req, _res, next) => {
      next(errors[req.params.name]());
    });
    dev.use(errorHandler(true));
    app.use('/api/demo', plugin);
    app.use('/api/dev', dev);
    ({ base, close } = await listen(app));
  });

  afterAll(() => close());
  beforeEach(() => jest.clearAllMocks());

  const get = async (p: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${p}`, { headers });
    const text = await res.text();
    return {
      status: res.status,
      id: res.headers.get(REQUEST_ID_HEADER),
      text,
      body: res.headers.get('content-type')?.includes('json')
        ? JSON.parse(text)
        : undefined,
    };
  };

  it.each(['refused', 'pool'])(
    'answers a %s error with 503, the short message and the request id, and logs it whole',
    async name => {
      const res = await get(`/api/demo/throw/${name}`);
      expect(res.status).toBe(503);
      expect(res.id).toMatch(UUID);
      expect(res.body).toEqual({
        error: {
          name: 'ServiceUnavailableError',
          message: databaseMessage('unavailable', res.id!),
        },
        request: { method: 'GET', url: `/throw/${name}`, id: res.id },
        response: { statusCode: 503 },
      });
      expect(res.text).not.toMatch(
        /5432|127\.0\.0\.1|ECONNREFUSED|Timeout acquiring|Knex:/,
      );
      const original = errors[name]().message;
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining(res.id!),
        expect.objectContaining({ requestId: res.id, status: 500 }),
      );
      expect(logger.error.mock.calls[0][0]).toContain(original);
    },
  );

  it("answers a plugin's error about another plugin's 503 of this guard with its own id", async () => {
    const res = await get('/api/demo/throw/nested');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      databaseMessage('unavailable', res.id!),
    );
    expect(logger.error.mock.calls[0][0]).toContain('inner-request');
  });

  it('keeps the status of an SQL error, and says nothing of a retry', async () => {
    const res = await get('/api/demo/throw/sql');
    expect(res.status).toBe(500);
    expect(res.body.error.message).toBe(databaseMessage('failed', res.id!));
    expect(res.body.response).toEqual({ statusCode: 500 });
    expect(res.text).not.toMatch(/insert|user_settings|varying/);
  });

  it('drops the stack of development bodies with the details', async () => {
    const res = await get('/api/dev/throw/refused');
    expect(res.status).toBe(503);
    expect(Object.keys(res.body.error).sort()).toEqual(['message', 'name']);
    expect(res.text).not.toMatch(/5432|at /);
  });

  it('keeps the request id the request came with, if it is one', async () => {
    const kept = await get('/api/demo/throw/refused', {
      [REQUEST_ID_HEADER]: 'ingress-7f3a.42',
    });
    expect(kept.id).toBe('ingress-7f3a.42');
    expect(kept.body.error.message).toContain('ingress-7f3a.42');
    const replaced = await get('/api/demo/throw/refused', {
      [REQUEST_ID_HEADER]: `<script>${'x'.repeat(200)}`,
    });
    expect(replaced.id).toMatch(UUID);
  });

  it("leaves other services' deliberate 5xx messages alone", async () => {
    const sonar = await get('/api/demo/throw/sonarqube');
    expect(sonar.status).toBe(502);
    expect(sonar.body.error.message).toBe(
      'SonarQube at https://sonarqube.example.com answered 502 Bad Gateway',
    );
    const vault = await get('/api/demo/throw/vault');
    expect(vault.status).toBe(503);
    expect(vault.body.error).toEqual({
      name: 'ServiceUnavailableError',
      message: 'Vault is sealed',
    });
    expect(vault.id).toMatch(UUID);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('leaves 4xx bodies and bodies that are not JSON alone', async () => {
    expect((await get('/api/demo/throw/notFound')).body.error.message).toBe(
      'relation "x" does not exist',
    );
    const text = await get('/api/demo/text');
    expect(text).toMatchObject({
      status: 500,
      text: 'connect ECONNREFUSED 127.0.0.1:5432',
    });
  });

  it('answers a JSON 5xx of another shape in the Backstage shape', async () => {
    const res = await get('/api/demo/object');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      error: {
        name: 'ServiceUnavailableError',
        message: databaseMessage('unavailable', res.id!),
      },
      request: { method: 'GET', url: '/api/demo/object', id: res.id },
      response: { statusCode: 503 },
    });
  });
});

describe('databaseGuard: while the database does not answer', () => {
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15'],
    disableDocker: true,
  });
  const timing = { intervalMs: 100, timeoutMs: 300, maxWaitMs: 1000 };

  let proxy: PausableProxy | undefined;
  let pool: Pool | undefined;
  let watchdog: DatabaseWatchdog | undefined;
  let close: (() => Promise<unknown>) | undefined;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let base: string;
  let lateAnswers = 0;
  let lateNoContent = 0;
  const lateErrors: unknown[] = [];

  afterEach(async () => {
    proxy?.resume();
    await watchdog?.stop();
    await pool?.end();
    await close?.();
    await proxy?.close();
    proxy = pool = watchdog = close = undefined;
  });

  /** the test database, reached through a pausable proxy */
  const databaseBehindProxy = async (databaseId: TestDatabaseId) => {
    const knex = await databases.init(databaseId);
    const settings = (
      knex.client as {
        connectionSettings: {
          host: string;
          port: number | string;
          user: string;
          password?: string;
          database: string;
        };
      }
    ).connectionSettings;
    const started = await startPausableProxy({
      host: settings.host,
      port: Number(settings.port),
    });
    proxy = started;
    return {
      proxy: started,
      connection: {
        host: '127.0.0.1',
        port: started.port,
        user: settings.user,
        password: settings.password,
        database: settings.database,
      },
    };
  };

  const start = async (databaseId: TestDatabaseId, failReadiness = true) => {
    const { proxy: paused, connection: viaProxy } = await databaseBehindProxy(
      databaseId,
    );
    logger = mockServices.logger.mock();
    watchdog = new DatabaseWatchdog({
      probe: new PostgresProbe(viaProxy),
      intervalMs: timing.intervalMs,
      timeoutMs: timing.timeoutMs,
      logger,
    });
    pool = new Pool({ ...viaProxy, max: 4 });
    pool.on('error', () => undefined);
    const app = express();
    app.use(
      createDatabaseGuard({
        logger,
        address: { host: '127.0.0.1', port: paused.port },
        watchdog,
        maxWaitMs: timing.maxWaitMs,
        failReadiness,
      }),
    );
    // stand-ins of the health router and of a plugin on the database
    app.get(READINESS, (_req, res) => {
      res.json({ status: 'ok' });
    });
    app.get(LIVENESS, (_req, res) => {
      res.json({ status: 'ok' });
    });
    app.get('/static.js', (_req, res) => {
      res.type('js').send('ok');
    });
    const plugin = express.Router();
    const used = pool;
    plugin.get('/one', async (_req, res, next) => {
      try {
        const { rows } = await used.query('select 1 as one');
        res.json(rows[0]);
        if (res.statusCode !== 200) lateAnswers += 1;
      } catch (error) {
        next(error);
      }
    });
    // a handler answering 204 once its query is done (Express removes
    // the body's headers then): a released response must take that too
    plugin.delete('/one', async (_req, res) => {
      try {
        await used.query('select 1 as one');
        res.sendStatus(204);
        lateNoContent += 1;
      } catch (error) {
        lateErrors.push(error);
      }
    });
    plugin.use(errorHandler());
    app.use('/api/demo', plugin);
    const server = await listen(app);
    base = server.base;
    close = server.close;
    watchdog.start();
    return { proxy: paused, watchdog };
  };

  const get = async (p: string) => {
    const started = Date.now();
    const res = await fetch(`${base}${p}`, {
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    return {
      status: res.status,
      ms: Date.now() - started,
      id: res.headers.get(REQUEST_ID_HEADER),
      connection: res.headers.get('connection'),
      text,
      body: res.headers.get('content-type')?.includes('json')
        ? JSON.parse(text)
        : undefined,
    };
  };

  const waitFor = async (what: string, check: () => Promise<boolean>) => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise(r => setTimeout(r, 20));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it.each(databases.eachSupportedId())(
    '%p: answers 503 within the bound, fails readiness, and recovers by itself',
    async databaseId => {
      const { proxy: db, watchdog: dog } = await start(databaseId);
      expect(await get('/api/demo/one')).toMatchObject({
        status: 200,
        body: { one: 1 },
      });
      await waitFor('a first answered probe', async () => {
        await new Promise(r => setTimeout(r, timing.intervalMs * 2));
        return dog.silentSince === undefined;
      });

      // --- paused ---
      db.pause();
      const paused = Date.now();
      // requests the database holds: released after maxWait
      const held = get('/api/demo/one');
      const heldDelete = fetch(`${base}/api/demo/one`, { method: 'DELETE' });
      await waitFor('readiness to fail', async () => {
        return (await get(READINESS)).status === 503;
      });
      const detectedMs = Date.now() - paused;
      expect(detectedMs).toBeLessThan(
        timing.intervalMs + timing.timeoutMs + 500,
      );
      const readiness = await get(READINESS);
      expect(readiness.body).toEqual({
        status: 'error',
        message: expect.stringContaining(DATABASE_MESSAGES.unavailable),
      });

      // new requests: 503 at once
      const fast = await get('/api/demo/one');
      expect(fast.status).toBe(503);
      expect(fast.ms).toBeLessThan(250);
      expect(fast.body).toEqual({
        error: {
          name: 'ServiceUnavailableError',
          message: databaseMessage('unavailable', fast.id!),
        },
        request: { method: 'GET', url: '/api/demo/one', id: fast.id },
        response: { statusCode: 503 },
      });
      // logged once, by the watchdog, not for each answer
      expect(logger.error).toHaveBeenCalledTimes(1);
      expect(logger.error.mock.calls[0][0]).toMatch(/watchdog's probe/);
      // the rest is served as ever
      expect((await get(LIVENESS)).status).toBe(200);
      expect((await get('/static.js')).status).toBe(200);

      const released = await held;
      expect(released.status).toBe(503);
      expect(released.body.error.message).toBe(
        databaseMessage('unavailable', released.id!),
      );
      expect(released.connection).toBe('close');
      // it waited for the database, then no longer than the bound allows
      expect(released.ms).toBeGreaterThanOrEqual(
        timing.maxWaitMs - timing.intervalMs,
      );
      expect(released.ms).toBeLessThan(
        timing.maxWaitMs + timing.intervalMs + timing.timeoutMs + 500,
      );
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(`Request ${released.id}`),
      );

      // --- resumed ---
      db.resume();
      const resumed = Date.now();
      await waitFor('the API to answer 200', async () => {
        return (await get('/api/demo/one')).status === 200;
      });
      const recoveredMs = Date.now() - resumed;
      expect(recoveredMs).toBeLessThan(
        timing.intervalMs + timing.timeoutMs + 500,
      );
      expect((await get(READINESS)).status).toBe(200);
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringMatching(/answers again.* 2 released/),
      );
      expect((await heldDelete).status).toBe(503);
      // the held query finished into the released response, unseen
      await waitFor('the held query to finish', async () => lateAnswers > 0);
      await waitFor('the held 204 to finish', async () => lateNoContent > 0);
      expect(lateErrors).toEqual([]);
      expect((await get('/api/demo/one')).status).toBe(200);
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: leaves readiness alone when failReadiness is off',
    async databaseId => {
      const { proxy: db } = await start(databaseId, false);
      db.pause();
      await waitFor('the API to answer 503', async () => {
        return (await get('/api/demo/one')).status === 503;
      });
      expect((await get(READINESS)).status).toBe(200);
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: the probe gives up within its timeout, and keeps one connection',
    async databaseId => {
      const { proxy: db, connection } = await databaseBehindProxy(databaseId);
      const probe = new PostgresProbe(connection);
      await probe.probe(1000);
      await probe.probe(1000);
      expect(db.connections()).toBe(1);
      db.pause();
      for (const _attempt of [1, 2]) {
        // the open connection's query, then a new connection attempt
        const started = Date.now();
        await expect(probe.probe(300)).rejects.toThrow();
        expect(Date.now() - started).toBeLessThan(800);
      }
      db.resume();
      await probe.probe(1000);
      // what was dropped during the pause is closed once it flows again
      await waitFor('one connection left', async () => db.connections() === 1);
      await probe.close();
      await waitFor('no connection left', async () => db.connections() === 0);
    },
  );
});

describe('readWatchdogSettings', () => {
  it('has defaults, and reads durations', () => {
    expect(readWatchdogSettings(new ConfigReader({}))).toEqual(
      WATCHDOG_DEFAULTS,
    );
    expect(
      readWatchdogSettings(
        new ConfigReader({
          backend: {
            databaseGuard: {
              watchdog: {
                enabled: false,
                probeInterval: '5s',
                probeTimeout: { seconds: 1 },
                maxWait: { seconds: 30 },
                failReadiness: false,
              },
            },
          },
        }),
      ),
    ).toEqual({
      enabled: false,
      probeIntervalMs: 5000,
      probeTimeoutMs: 1000,
      maxWaitMs: 30_000,
      failReadiness: false,
    });
  });
});

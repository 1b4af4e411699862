import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  BackendProcess,
  readyAndSignedIn,
  repoRoot,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';
import { PrivatePostgres } from '../__testUtils__/privatePostgres';

/*
 * PostgreSQL restarts under a running backend (maintenance, a minor-version
 * upgrade): while it is down the catalog answers a clean error at once,
 * neither a hang nor a crash; once it is back the same backend serves and
 * writes again by itself, and nothing is lost.
 *
 * The backend runs the development config with `backend.database` from
 * app-config.production.yaml (any pool or timeout settings it gets
 * included), pointed at a private PostgreSQL 15 cluster this test owns, so
 * that it can stop it. A stopped server refuses connections at once; one
 * that stops answering without closing them (frozen, partitioned) is
 * databasePaused.integration.test.ts.
 */

jest.setTimeout(420_000);

type Outcome = { status: number | string; ms: number; body: string };

const canary = (description: string) =>
  [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    '  name: fault-canary',
    `  description: ${description}`,
    'spec:',
    '  type: service',
    '  lifecycle: experimental',
    '  owner: group:default/platform-team',
    '',
  ].join('\n');

describe('PostgreSQL restarting under a running backend', () => {
  let pg: PrivatePostgres;
  let backend: BackendProcess;
  let token: string;
  let workDir: string;
  let canaryFile: string;

  const api = (p: string, init: RequestInit = {}) =>
    fetch(`${backend.baseUrl}/api${p}`, {
      ...init,
      signal: AbortSignal.timeout(90_000),
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });

  /** one request, timed, whatever happens */
  const attempt = async (p: string): Promise<Outcome> => {
    const started = Date.now();
    try {
      const res = await api(p);
      return {
        status: res.status,
        ms: Date.now() - started,
        body: await res.text(),
      };
    } catch (error) {
      return {
        status: String((error as Error).name),
        ms: Date.now() - started,
        body: String(error),
      };
    }
  };

  const entityRefs = async () => {
    const res = await api('/catalog/entities?fields=kind,metadata');
    expect(res.status).toBe(200);
    const entities = (await res.json()) as {
      kind: string;
      metadata: { namespace?: string; name: string };
    }[];
    return entities
      .map(e =>
        `${e.kind}:${e.metadata.namespace ?? 'default'}/${
          e.metadata.name
        }`.toLocaleLowerCase('en-US'),
      )
      .sort();
  };

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-pg-restart-'));
    pg = await PrivatePostgres.create();
    await pg.start();
    const readConfig = (name: string) =>
      parse(fs.readFileSync(path.join(repoRoot, name), 'utf8'));
    // one more location, a file this test changes after the restart
    canaryFile = path.join(workDir, 'canary.yaml');
    fs.writeFileSync(canaryFile, canary('before the restart'));
    const configFile = path.join(workDir, 'locations.yaml');
    fs.writeFileSync(
      configFile,
      stringify({
        catalog: {
          locations: [
            ...readConfig('app-config.yaml').catalog.locations,
            { type: 'file', target: canaryFile },
          ],
        },
      }),
    );
    backend = await startBackendProcess({
      args: ['--config', '../../app-config.yaml', '--config', configFile],
      env: pg.backendDatabaseEnv(),
    });
    token = await readyAndSignedIn(backend);
    await waitUntil(
      'order-service and the canary in the catalog, with relations',
      async () => {
        const res = await api(
          '/catalog/entities/by-name/component/default/order-service',
        );
        if (!res.ok) return undefined;
        const entity = (await res.json()) as { relations?: unknown[] };
        const inCatalog = await api(
          '/catalog/entities/by-name/component/default/fault-canary',
        );
        return entity.relations?.length && inCatalog.ok ? true : undefined;
      },
      { timeoutMs: 180_000, backend },
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await pg?.destroy();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('fails fast while it is down, then serves and writes again without a restart', async () => {
    const orderService =
      '/catalog/entities/by-name/component/default/order-service';
    expect((await api(orderService)).status).toBe(200);
    // the example catalog, once ingestion has settled
    let before = await entityRefs();
    await waitUntil(
      'a settled catalog',
      async () => {
        await new Promise(r => setTimeout(r, 3000));
        const now = await entityRefs();
        const settled = now.join() === before.join();
        before = now;
        return settled ? true : undefined;
      },
      { timeoutMs: 60_000, backend },
    );

    // --- PostgreSQL goes away ---
    const outputBefore = backend.output().length;
    const stopped = Date.now();
    await pg.stop();
    const during: Outcome[] = [];
    while (Date.now() - stopped < 20_000) {
      during.push(await attempt(orderService));
      await new Promise(r => setTimeout(r, 1000));
    }
    // eslint-disable-next-line no-console
    console.log(
      `PostgreSQL down: ${during.length} requests: ${during
        .map(o => `${o.status} in ${o.ms} ms`)
        .join(', ')}\nfirst body: ${during[0].body}`,
    );
    expect(backend.hasExited()).toBe(false);
    for (const outcome of during) {
      expect(outcome).toEqual({
        status: expect.any(Number),
        ms: expect.any(Number),
        body: expect.any(String),
      });
      expect(outcome.status).toBeGreaterThanOrEqual(500);
      expect(outcome.ms).toBeLessThan(15_000);
      expect(JSON.parse(outcome.body)).toMatchObject({
        error: { message: expect.any(String) },
        response: { statusCode: outcome.status },
      });
    }

    // --- PostgreSQL is back ---
    await pg.start();
    const restarted = Date.now();
    await waitUntil(
      'the catalog serving again',
      async () => ((await api(orderService)).ok ? true : undefined),
      { timeoutMs: 90_000, backend },
    );
    const recoveryMs = Date.now() - restarted;
    // eslint-disable-next-line no-console
    console.log(
      `PostgreSQL back: catalog answers 200 after ${recoveryMs} ms (outage ${
        restarted - stopped
      } ms)`,
    );

    // what the backend logged meanwhile (for the record)
    const logged = backend
      .output()
      .slice(outputBefore)
      .split('\n')
      .filter(line => /^\S+Z \S+ (error|warn) /.test(line))
      .map(line => line.replace(/^\S+Z /, '').slice(0, 160));
    // eslint-disable-next-line no-console
    console.log(
      `logged during the outage: ${logged.length} errors/warnings, e.g.\n${[
        ...new Set(logged),
      ]
        .slice(0, 12)
        .join('\n')}`,
    );

    // writes work: a scorecard evaluation (stored) and a user setting
    const evaluate = await api('/scorecard/v1/evaluate', {
      method: 'POST',
      body: JSON.stringify({
        entityRefs: ['component:default/order-service'],
      }),
    });
    expect(evaluate.status).toBe(200);
    const put = await api('/user-settings/buckets/portal/keys/fault', {
      method: 'PUT',
      body: JSON.stringify({ value: 'after-restart' }),
    });
    expect(put.status).toBe(200);
    const get = await api('/user-settings/buckets/portal/keys/fault');
    expect(await get.json()).toMatchObject({ value: 'after-restart' });

    // the catalog's background processing works again: a changed file of a
    // location is read, processed and stitched into the entity
    fs.writeFileSync(canaryFile, canary('after the restart'));
    const refresh = await api('/catalog/refresh', {
      method: 'POST',
      body: JSON.stringify({ entityRef: 'component:default/fault-canary' }),
    });
    expect(refresh.status).toBe(200);
    await waitUntil(
      'the changed entity in the catalog',
      async () => {
        const res = await api(
          '/catalog/entities/by-name/component/default/fault-canary',
        );
        const entity = (await res.json()) as {
          metadata: { description?: string };
        };
        return entity.metadata.description === 'after the restart'
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, backend },
    );

    // nothing lost: every entity of before, plus the new ones only
    const after = await entityRefs();
    expect(after).toEqual(before);
    expect(before).toContain('component:default/fault-canary');

    // and the background loops (catalog processing, scheduler, events and
    // signals listeners) are quiet again: no error in the next 10 seconds
    const quietFrom = backend.output().length;
    await new Promise(r => setTimeout(r, 10_000));
    expect(
      backend
        .output()
        .slice(quietFrom)
        .split('\n')
        .filter(line => /^\S+Z \S+ error /.test(line)),
    ).toEqual([]);
    expect(backend.hasExited()).toBe(false);
  });
});

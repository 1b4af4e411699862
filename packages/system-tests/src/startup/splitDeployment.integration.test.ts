import {
  ADOPTION_EVENTS_PATHS,
  ADOPTION_USAGE_PATHS,
} from '@internal/backstage-plugin-adoption-common';
import { freePort } from 'sandbox/freePort';
import {
  BackendProcess,
  dropDatabases,
  pgConnection,
  readyAndSignedIn,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';
import { splitDeploymentEnv } from '../__testUtils__/splitDeployment';

/*
 * The portal split in two as the chart's values deploy it (backend.role,
 * packages/backend/src/deployment): one process with every plugin but the
 * adoption plugin, one with the adoption plugin alone, on one PostgreSQL,
 * each routing the other's plugins to it (discovery.endpoints). A user
 * signed in on the portal posts events to the adoption process; the
 * adoption process reads the catalog on the portal as that user, and asks
 * the portal's permission policy; the portal verifies the adoption
 * process's tokens by its keys.
 */

jest.setTimeout(300_000);

describe('the portal and the adoption plugin in two processes', () => {
  const prefix = `split_it_${Date.now().toString(36)}_`;
  let portal: BackendProcess;
  let adoption: BackendProcess;
  let token: string;

  const call = (backend: BackendProcess, path: string, init?: RequestInit) =>
    fetch(`${backend.baseUrl}/api${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
    });

  beforeAll(async () => {
    const [portalPort, adoptionPort] = [await freePort(), await freePort()];
    const database = JSON.stringify({
      client: 'pg',
      prefix,
      connection: pgConnection,
    });
    const env = splitDeploymentEnv({
      portal: portalPort,
      adoption: adoptionPort,
    });
    [portal, adoption] = await Promise.all([
      startBackendProcess({
        port: portalPort,
        env: { APP_CONFIG_backend_database: database, ...env.portal },
      }),
      startBackendProcess({
        port: adoptionPort,
        env: { APP_CONFIG_backend_database: database, ...env.adoption },
      }),
    ]);
    token = await readyAndSignedIn(portal);
    await waitUntil(
      'the adoption process ready',
      async () =>
        (
          await fetch(`${adoption.baseUrl}/.backstage/health/v1/readiness`)
        ).ok || undefined,
      { timeoutMs: 180_000, backend: adoption },
    );
    await waitUntil(
      "order-service in the portal's catalog",
      async () =>
        (
          await call(
            portal,
            '/catalog/entities/by-name/component/default/order-service',
          )
        ).ok || undefined,
      { timeoutMs: 120_000, backend: portal },
    );
  });

  afterAll(async () => {
    await Promise.all([portal?.stop(), adoption?.stop()]);
    await dropDatabases(prefix);
  });

  it('hosts each plugin in one process only', async () => {
    expect((await call(portal, '/catalog/entities?limit=1')).status).toBe(200);
    expect(
      (await call(portal, `/adoption${ADOPTION_EVENTS_PATHS.optOut}`)).status,
    ).toBe(404);
    expect((await call(adoption, '/catalog/entities?limit=1')).status).toBe(
      404,
    );
  });

  it('stores the events of a user signed in on the portal, and reads the catalog as that user for its figures', async () => {
    const now = new Date().toISOString();
    const res = await call(
      adoption,
      `/adoption${ADOPTION_EVENTS_PATHS.events}`,
      {
        method: 'POST',
        body: JSON.stringify({
          events: [
            {
              occurredAt: now,
              action: 'navigate',
              subject: '/catalog/default/component/order-service',
              pluginId: 'catalog',
              routePath: '/catalog/:namespace/:kind/:name',
              entityRef: 'component:default/order-service',
            },
          ],
        }),
      },
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ stored: 1 });

    // least viewed: the catalog's entities (read on the portal with the
    // user's credentials, as the adoption process's on-behalf-of token),
    // order-service among them with its view
    const least = await call(
      adoption,
      `/adoption${ADOPTION_USAGE_PATHS.leastViewedEntities}?kind=component&limit=1000`,
    );
    expect(least.status).toBe(200);
    const { items: rows }: { items: { entityRef: string; views: number }[] } =
      await least.json();
    expect(rows).toContainEqual(
      expect.objectContaining({
        entityRef: 'component:default/order-service',
        views: 1,
      }),
    );
    expect(rows.length).toBeGreaterThan(1);
    expect(adoption.errorLines()).toEqual([]);
    expect(portal.errorLines()).toEqual([]);
  });

  it('refuses a request without credentials on either side', async () => {
    const res = await fetch(
      `${adoption.baseUrl}/api/adoption${ADOPTION_EVENTS_PATHS.events}`,
      { method: 'POST', body: '{}' },
    );
    expect(res.status).toBe(401);
  });

  it('does not start a half that does not know where the other is, and says why', async () => {
    const lost = await startBackendProcess({
      env: {
        APP_CONFIG_backend_database: JSON.stringify({
          client: 'pg',
          prefix,
          connection: pgConnection,
        }),
        APP_CONFIG_backend_role: 'portal',
      },
    });
    try {
      expect(await lost.exited).toBe(1);
    } finally {
      await lost.kill();
    }
    expect(lost.output()).toContain(
      'backend.role portal leaves the adoption plugin to another process: discovery.endpoints needs an entry with plugins: [adoption]',
    );
  });
});

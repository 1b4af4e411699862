import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FREE_SANDBOX_PORTS, startSandbox, type Sandbox } from 'sandbox';
import { stringify } from 'yaml';
import {
  BackendProcess,
  readyAndSignedIn,
  repoRoot,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';
import { sandboxIntegrationsConfig } from '../__testUtils__/sandboxConfig';

/*
 * The real backend (every plugin, app-config.yaml) in front of the sandbox,
 * whose Kubernetes stand-in times out or answers 500, and whose Argo CD
 * stand-in answers 500: the APIs the entity page calls answer that
 * cluster's or instance's error within a bounded time, never an empty
 * success; once the stand-in answers again so does the portal, and the
 * catalog is unchanged.
 *
 * The entity-page cards rendering these errors are covered in
 * packages/app/src/modules/integrations (kubernetes, argoCd tests, against
 * the same plugins in-process); a scaffolder step failing on an Argo CD 500
 * and its retry in goldenPathRun.integration.test.ts.
 */

jest.setTimeout(300_000);

/** kubernetes.clusterTimeout of this test (app-config.yaml: 10 s) */
const CLUSTER_TIMEOUT_S = 3;

type ClusterObjects = {
  cluster: { name: string };
  resources: { type: string; resources: unknown[] }[];
  errors: { errorType: string; statusCode?: number; message?: string }[];
};

describe('stand-ins failing behind the real backend', () => {
  let sandbox: Sandbox;
  let backend: BackendProcess;
  let token: string;
  let workDir: string;
  let orderService: { metadata: { uid: string; etag: string } };

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

  /** the Kubernetes tab's request, timed */
  const kubernetesTab = async () => {
    const started = Date.now();
    const res = await api('/kubernetes/services/order-service', {
      method: 'POST',
      body: JSON.stringify({ entity: orderService }),
    });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: ClusterObjects[] };
    const byName = Object.fromEntries(items.map(i => [i.cluster.name, i]));
    return { ms: Date.now() - started, byName };
  };
  const pods = (cluster: ClusterObjects) =>
    cluster.resources.find(r => r.type === 'pods')?.resources ?? [];

  /** the Argo CD cards' question to the production instance */
  const argoApp = async () => {
    const started = Date.now();
    const res = await api(
      '/argocd/argoInstance/production/applications/name/order-service',
    );
    return {
      status: res.status,
      ms: Date.now() - started,
      body: await res.text(),
    };
  };

  const catalogState = async () => {
    const res = await api(
      '/catalog/entities?fields=kind,metadata.name,metadata.etag',
    );
    const entities = (await res.json()) as {
      kind: string;
      metadata: { name: string; etag: string };
    }[];
    return entities
      .map(e => `${e.kind}/${e.metadata.name}@${e.metadata.etag}`)
      .sort();
  };

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-stand-ins-'));
    sandbox = await startSandbox({ ports: FREE_SANDBOX_PORTS, repoRoot });
    const base = sandboxIntegrationsConfig(sandbox);
    const configFile = path.join(workDir, 'sandbox.yaml');
    fs.writeFileSync(
      configFile,
      stringify({
        ...base,
        kubernetes: {
          ...base.kubernetes,
          clusterTimeout: { seconds: CLUSTER_TIMEOUT_S },
        },
      }),
    );
    backend = await startBackendProcess({
      args: ['--config', '../../app-config.yaml', '--config', configFile],
      env: {
        APP_CONFIG_backend_database_connection_directory: path.join(
          workDir,
          'db',
        ),
      },
    });
    token = await readyAndSignedIn(backend);
    orderService = await waitUntil(
      'order-service in the catalog',
      async () => {
        const res = await api(
          '/catalog/entities/by-name/component/default/order-service',
        );
        return res.ok ? await res.json() : undefined;
      },
      { timeoutMs: 120_000, backend },
    );
    // ingestion has settled: the catalog is the same 3 s later
    let state = await catalogState();
    await waitUntil(
      'a settled catalog',
      async () => {
        await new Promise(r => setTimeout(r, 3000));
        const now = await catalogState();
        const settled = now.join() === state.join();
        state = now;
        return settled ? true : undefined;
      },
      { timeoutMs: 60_000, backend },
    );
  });

  afterEach(() => {
    sandbox.kubernetes.clearFaults();
    sandbox.argocd.clearFaults();
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('Kubernetes: a cluster that times out or answers 500 is that cluster’s error, then its pods again', async () => {
    const catalogBefore = await catalogState();
    const healthy = await kubernetesTab();
    expect(pods(healthy.byName['production-us'])).toHaveLength(3);
    expect(healthy.byName['production-us'].errors).toEqual([]);
    // staging refuses the sandbox's credentials: always its error
    expect(healthy.byName.staging.errors).toContainEqual(
      expect.objectContaining({
        errorType: 'UNAUTHORIZED_ERROR',
        statusCode: 401,
      }),
    );

    // production-us does not answer in time
    sandbox.kubernetes.setLatency((CLUSTER_TIMEOUT_S + 10) * 1000);
    const slow = await kubernetesTab();
    expect(slow.ms).toBeLessThan((CLUSTER_TIMEOUT_S + 5) * 1000);
    expect(slow.byName['production-us'].errors).toEqual([
      {
        errorType: 'FETCH_ERROR',
        message: `cluster production-us did not answer within ${CLUSTER_TIMEOUT_S} s`,
      },
    ]);
    expect(pods(slow.byName['production-us'])).toEqual([]);
    expect(slow.byName.staging.errors).toContainEqual(
      expect.objectContaining({ statusCode: 401 }),
    );

    // production-us answers 500
    sandbox.kubernetes.clearFaults();
    sandbox.kubernetes.failNext(
      'GET',
      /./,
      500,
      'etcdserver: leader changed',
      1000,
    );
    const failing = await kubernetesTab();
    // one error per resource type asked for, each saying 500
    expect(failing.byName['production-us'].errors).toContainEqual({
      errorType: 'SYSTEM_ERROR',
      statusCode: 500,
      resourcePath: '/api/v1/namespaces/order-service/pods',
    });
    expect(
      failing.byName['production-us'].errors.filter(
        e => e.errorType !== 'SYSTEM_ERROR' || e.statusCode !== 500,
      ),
    ).toEqual([]);
    expect(pods(failing.byName['production-us'])).toEqual([]);

    // answering again
    sandbox.kubernetes.clearFaults();
    const recovered = await kubernetesTab();
    expect(pods(recovered.byName['production-us'])).toHaveLength(3);
    expect(recovered.byName['production-us'].errors).toEqual([]);
    // eslint-disable-next-line no-console
    console.log(
      `Kubernetes tab: healthy ${healthy.ms} ms, production-us timing out ${
        slow.ms
      } ms, answering 500 ${failing.ms} ms (${JSON.stringify(
        failing.byName['production-us'].errors[0],
      )}), recovered ${recovered.ms} ms`,
    );

    expect(await catalogState()).toEqual(catalogBefore);
    expect(backend.hasExited()).toBe(false);
  });

  it('Argo CD: a 500 is an error status, not the application, then the application again', async () => {
    const catalogBefore = await catalogState();
    const healthy = await argoApp();
    expect(healthy.status).toBe(200);
    expect(JSON.parse(healthy.body)).toMatchObject({
      metadata: { name: 'order-service' },
      status: { sync: { status: 'Synced' } },
    });

    sandbox.argocd.failNext(
      'GET',
      /^\/api\/v1\/applications\/order-service$/,
      500,
      'etcdserver: request timed out',
    );
    const failing = await argoApp();
    expect(failing.status).toBe(500);
    expect(JSON.parse(failing.body)).toMatchObject({
      error: { message: 'Request failed with 500 Error' },
    });

    sandbox.argocd.clearFaults();
    const recovered = await argoApp();
    expect(recovered.status).toBe(200);
    expect(JSON.parse(recovered.body)).toMatchObject({
      metadata: { name: 'order-service' },
    });
    // eslint-disable-next-line no-console
    console.log(
      `Argo CD: healthy ${healthy.status} in ${healthy.ms} ms, answering 500: ${failing.status} in ${failing.ms} ms, recovered ${recovered.status} in ${recovered.ms} ms`,
    );

    expect(await catalogState()).toEqual(catalogBefore);
    expect(backend.hasExited()).toBe(false);
  });
});

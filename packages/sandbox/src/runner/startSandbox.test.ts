import {
  CostExplorerClient,
  GetCostAndUsageCommand,
} from '@aws-sdk/client-cost-explorer';
import { targetPaths } from '@backstage/cli-common';
import { Agent } from 'undici';
import { SANDBOX_COST_EXPLORER_CREDENTIALS } from '../costexplorer/CostExplorerStandIn';
import { FREE_SANDBOX_PORTS } from './ports';
import { AI_RESOURCE_SOURCES, SNYK_ORG_ID } from './seed';
import { startSandbox, Sandbox } from './startSandbox';

/*
 * The sandbox as `make sandbox` starts it (here on free ports): every
 * stand-in up, with the example organisation's state, over HTTP; the
 * Kubernetes clusters, Vault and the OCI registry over HTTPS, trusted with
 * the sandbox's CA.
 */

describe('startSandbox', () => {
  let sandbox: Sandbox;
  /** a client trusting the sandbox's CA, as the portal's are configured */
  let trustingSandboxCa: Agent;
  // Node's fetch takes an undici dispatcher (not in the DOM's RequestInit)
  const fetch = (url: string, init: RequestInit = {}) =>
    globalThis.fetch(url, {
      ...init,
      dispatcher: trustingSandboxCa,
    } as RequestInit);

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: FREE_SANDBOX_PORTS,
      repoRoot: targetPaths.rootDir,
    });
    trustingSandboxCa = new Agent({ connect: { ca: sandbox.ca } });
  }, 60_000);

  afterAll(async () => {
    await trustingSandboxCa?.close();
    await sandbox?.close();
  });

  it('serves Kubernetes, Vault and the registry over HTTPS, trusted only with its CA', async () => {
    const https = {
      'production-us': `${sandbox.kubernetes.url}/version`,
      staging: `${sandbox.kubernetesStaging.url}/version`,
      vault: `${sandbox.vault.url}/v1/sys/health`,
      registry: `${sandbox.registry.url}/v2/`,
    };
    for (const [name, url] of Object.entries(https)) {
      expect({ name, url }).toEqual({
        name,
        url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\//),
      });
      // answered (whatever the status) by a client trusting the CA...
      expect((await fetch(url)).status).toBeGreaterThanOrEqual(200);
      // ...and refused by one that trusts only the system's CAs
      await expect(globalThis.fetch(url)).rejects.toMatchObject({
        cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
      });
    }
    expect(sandbox.github.url).toMatch(/^http:\/\//);
  });

  const get = async (url: string, authorization: string) => {
    const res = await fetch(url, { headers: { authorization } });
    return { status: res.status, body: await res.json() };
  };

  it("hosts order-service's repository with its docs and CI history", async () => {
    const gh = `token sandbox-github-token`;
    const { apiBaseUrl } = sandbox.github;
    const mkdocs = await get(
      `${apiBaseUrl}/repos/myorg/order-service/contents/mkdocs.yml?ref=main`,
      gh,
    );
    expect(mkdocs.status).toBe(200);
    expect(Buffer.from(mkdocs.body.content, 'base64').toString()).toContain(
      'site_name: Order Service',
    );
    const runbook = await get(
      `${apiBaseUrl}/repos/myorg/order-service/contents/docs/ops/runbook.md?ref=main`,
      gh,
    );
    expect(runbook.status).toBe(200);
    const runs = await get(
      `${apiBaseUrl}/repos/myorg/order-service/actions/runs`,
      gh,
    );
    expect(
      runs.body.workflow_runs.map((r: { conclusion: string }) => r.conclusion),
    ).toEqual(['success', 'failure', 'success']);
  });

  it("hosts the AI resources' source files in their repositories", async () => {
    const files = Object.entries(AI_RESOURCE_SOURCES).flatMap(([repo, f]) =>
      Object.entries(f).map(([file, content]) => ({ repo, file, content })),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const { repo, file, content } of files) {
      const res = await get(
        `${sandbox.github.apiBaseUrl}/repos/myorg/${repo}/contents/${file}?ref=main`,
        'token sandbox-github-token',
      );
      expect({ file, status: res.status }).toEqual({ file, status: 200 });
      expect(Buffer.from(res.body.content, 'base64').toString()).toBe(content);
    }
  });

  it('runs order-service on production-us; staging refuses the portal', async () => {
    const pods = await get(
      `${sandbox.kubernetes.url}/api/v1/namespaces/order-service/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dorder-service`,
      'Bearer sandbox-k8s-token',
    );
    expect(pods.body.items).toHaveLength(3);
    expect(pods.body.items.map((p: any) => p.status.phase)).toEqual([
      'Running',
      'Running',
      'Running',
    ]);
    const staging = await get(
      `${sandbox.kubernetesStaging.url}/api/v1/pods`,
      'Bearer sandbox-k8s-token',
    );
    expect(staging.status).toBe(401);
  });

  it('deploys order-service with Argo CD, in sync with history', async () => {
    const app = await get(
      `${sandbox.argocd.url}/api/v1/applications/order-service`,
      'Bearer sandbox-argocd-token',
    );
    expect(app.status).toBe(200);
    expect(app.body.status.sync.status).toBe('Synced');
    expect(app.body.status.health.status).toBe('Healthy');
    expect(app.body.status.history).toHaveLength(4);
  });

  it("pages order-service's PagerDuty service, the id of its annotation", async () => {
    const service = await get(
      `${sandbox.pagerduty.url}/services/PXXXXX`,
      'Token token=sandbox-pagerduty-token',
    );
    expect(service.body.service.name).toBe('order-service');
  });

  it('analyses order-service in SonarQube and watches it in Grafana', async () => {
    const sonar = await get(
      `${sandbox.sonarqube.url}/api/measures/component?component=order-service&metricKeys=alert_status,coverage`,
      `Basic ${Buffer.from('sandbox-sonarqube-token:').toString('base64')}`,
    );
    expect(sonar.body.component.measures).toEqual([
      { metric: 'alert_status', value: 'OK' },
      { metric: 'coverage', value: '81.4' },
    ]);
    const dashboards = await get(
      `${sandbox.grafana.url}/api/search?type=dash-db&tag=order-service`,
      'Bearer sandbox-grafana-token',
    );
    expect(dashboards.body.map((d: { title: string }) => d.title)).toEqual([
      'Order Service RED',
      'Order Service Saturation',
    ]);
  });

  it('scans order-service in Snyk, with more issues than one page', async () => {
    const issues = await get(
      `${sandbox.snyk.url}/rest/orgs/${SNYK_ORG_ID}/issues?version=2024-10-15&status=open&limit=10`,
      'token sandbox-snyk-token',
    );
    expect(issues.body.data).toHaveLength(10);
    expect(issues.body.links.next).toMatch(/starting_after=/);
  });

  it("bills order-service's AWS costs of the last 90 days in Cost Explorer", async () => {
    const ce = new CostExplorerClient({
      region: 'us-east-1',
      endpoint: sandbox.costExplorer.url,
      credentials: SANDBOX_COST_EXPLORER_CREDENTIALS,
    });
    const day = (offset: number) => {
      const d = new Date();
      d.setUTCDate(d.getUTCDate() + offset);
      return d.toISOString().slice(0, 10);
    };
    const out = await ce.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: day(-90), End: day(0) },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        Filter: { Tags: { Key: 'service', Values: ['order-service'] } },
        GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      }),
    );
    expect(out.ResultsByTime).toHaveLength(90);
    expect(out.ResultsByTime![89].Groups!.map(g => g.Keys![0])).toContain(
      'Amazon Relational Database Service',
    );
  });

  it("keeps order-service's secrets in Vault and the radar in the portal's repository", async () => {
    const secrets = await get(
      `${sandbox.vault.url}/v1/order-service/metadata/production?list=true`,
      'unused',
    );
    expect(secrets.status).toBe(403);
    const res = await fetch(
      `${sandbox.vault.url}/v1/order-service/metadata/production?list=true`,
      { headers: { 'x-vault-token': 'sandbox-root-token' } },
    );
    expect((await res.json()).data.keys).toEqual([
      'database',
      'messaging/',
      'payment-api',
    ]);
    const radar = await get(
      `${sandbox.github.apiBaseUrl}/repos/myorg/developer-portal/contents/catalog/tech-radar.json?ref=main`,
      'token sandbox-github-token',
    );
    expect(radar.status).toBe(200);
  });

  it("keeps order-service's running image, signed with Cosign, in the registry", async () => {
    const auth = { Authorization: 'Bearer sandbox-registry-token' };
    const head = (ref: string) =>
      fetch(`${sandbox.registry.url}/v2/order-service/manifests/${ref}`, {
        method: 'HEAD',
        headers: auth,
      });
    const image = await head('4f2a9c1');
    expect(image.status).toBe(200);
    const digest = image.headers.get('docker-content-digest')!;
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect((await head(`${digest.replace(':', '-')}.sig`)).status).toBe(200);
    const unsigned = await fetch(
      `${sandbox.registry.url}/v2/payment-service/tags/list`,
      { headers: auth },
    );
    expect(await unsigned.json()).toEqual({
      name: 'payment-service',
      tags: ['1.4.2'],
    });
    const anonymous = await fetch(`${sandbox.registry.url}/v2/`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).errors[0].code).toBe('UNAUTHORIZED');
  });

  it('serves the example website, which the control API can take down', async () => {
    const home = await fetch(`${sandbox.website.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<title>MyOrg Store</title>');

    const fail = await fetch(`${sandbox.controlUrl}/faults/website`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'GET',
        path: '^/$',
        status: 503,
        times: 2,
      }),
    });
    expect(fail.status).toBe(204);
    expect((await fetch(`${sandbox.website.url}/`)).status).toBe(503);
    await fetch(`${sandbox.controlUrl}/faults`, { method: 'DELETE' });
    expect((await fetch(`${sandbox.website.url}/`)).status).toBe(200);

    const unknown = await fetch(`${sandbox.controlUrl}/faults/nope`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(
      /no stand-in "nope"; there are: github,/,
    );
    const bad = await fetch(`${sandbox.controlUrl}/faults/snyk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'x' }),
    });
    expect(bad.status).toBe(400);
  });

  it('makes Vault fail through the control API, with its error body', async () => {
    const secrets = `${sandbox.vault.url}/v1/order-service/metadata/production?list=true`;
    const read = () =>
      fetch(secrets, { headers: { 'x-vault-token': 'sandbox-root-token' } });
    const fail = await fetch(`${sandbox.controlUrl}/faults/vault`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'GET',
        path: '^order-service/metadata/',
        status: 500,
        message: 'internal error',
        times: 3,
      }),
    });
    expect(fail.status).toBe(204);
    const failed = await read();
    expect([failed.status, await failed.json()]).toEqual([
      500,
      { errors: ['internal error'] },
    ]);
    await fetch(`${sandbox.controlUrl}/faults/vault`, { method: 'DELETE' });
    expect((await read()).status).toBe(200);
  });

  it('refuses a second sandbox on the same ports with a clear message', async () => {
    await expect(
      startSandbox({
        ports: { github: Number(new URL(sandbox.github.url).port) },
        seed: false,
      }),
    ).rejects.toThrow(
      /^Cannot start the sandbox: port \d+ \(GitHub\) is in use\. Is a sandbox already running/,
    );
  });
});

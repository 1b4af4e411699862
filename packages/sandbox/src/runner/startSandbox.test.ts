import { targetPaths } from '@backstage/cli-common';
import { startSandbox, Sandbox } from './startSandbox';

/*
 * The sandbox as `make sandbox` starts it (here on free ports): every
 * stand-in up, with the example organisation's state, over HTTP.
 */

describe('startSandbox', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: {
        github: 0,
        kubernetes: 0,
        kubernetesStaging: 0,
        argocd: 0,
        vault: 0,
        pagerduty: 0,
        slack: 0,
      },
      repoRoot: targetPaths.rootDir,
    });
  }, 60_000);

  afterAll(() => sandbox?.close());

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

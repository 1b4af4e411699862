import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
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
 * The golden path for real (not a dry run): the real backend, with every
 * integration pointed at a sandbox on free ports, runs the Go Microservice
 * template end to end: a repository pushed to GitHub with a CI run, an Argo
 * CD application that deploys a workload, a namespace with its quota, a Vault
 * mount, a PagerDuty service, a Slack message, and the new component in the
 * catalog with its scorecard. Then a run whose Argo CD call fails once:
 * the task fails saying so, and its retry completes without a second
 * commit, namespace, mount, PagerDuty service or application.
 */

jest.setTimeout(600_000);

const execFileAsync = promisify(execFile);

type TaskEvent = {
  type: string;
  body: { message?: string; stepId?: string; status?: string };
};

describe('the golden-path template, run for real against the sandbox', () => {
  let sandbox: Sandbox;
  let backend: BackendProcess;
  let token: string;
  let workDir: string;

  const api = async (p: string, init: RequestInit = {}) => {
    const res = await fetch(`${backend.baseUrl}/api${p}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
    return res;
  };

  const runTask = async (name: string) => {
    const res = await api('/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: 'template:default/go-microservice-template',
        values: {
          name,
          description: `The ${name}`,
          owner: 'group:default/payments-squad',
          system: 'system:default/payments-system',
          repoUrl: `github.com?owner=myorg&repo=${name}`,
          needsDatabase: true,
        },
      }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };

  const settled = (id: string) =>
    waitUntil(
      `task ${id}`,
      async () => {
        const task = (await (
          await api(`/scaffolder/v2/tasks/${id}`)
        ).json()) as {
          status: string;
        };
        return ['completed', 'failed', 'cancelled'].includes(task.status)
          ? task.status
          : undefined;
      },
      { timeoutMs: 180_000, backend },
    );

  const events = async (id: string) =>
    (await (
      await api(`/scaffolder/v2/tasks/${id}/events`)
    ).json()) as TaskEvent[];

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-path-run-'));
    sandbox = await startSandbox({
      ports: FREE_SANDBOX_PORTS,
      repoRoot,
    });
    const overrides = sandboxIntegrationsConfig(sandbox);
    const configFile = path.join(workDir, 'sandbox.yaml');
    fs.writeFileSync(configFile, stringify(overrides));
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
    // the template is in the catalog
    await waitUntil(
      'the template in the catalog',
      async () =>
        (
          await api(
            '/catalog/entities/by-name/template/default/go-microservice-template',
          )
        ).ok || undefined,
      { timeoutMs: 120_000, backend },
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('provisions everything and lands the service in the catalog, scored', async () => {
    const submitted = Date.now();
    const id = await runTask('ledger-service');
    expect(await settled(id)).toBe('completed');
    const entity = await waitUntil(
      'ledger-service in the catalog',
      async () => {
        const res = await api(
          '/catalog/entities/by-name/component/default/ledger-service',
        );
        return res.ok ? ((await res.json()) as any) : undefined;
      },
      { timeoutMs: 60_000, backend },
    );
    const seconds = (Date.now() - submitted) / 1000;
    // the figure of the issue: form submit to the entity in the catalog
    // (target <= 30 s; printed for the closing note)
    // eslint-disable-next-line no-console
    console.log(
      `golden path: submit -> entity in catalog ${seconds.toFixed(1)} s`,
    );
    expect(seconds).toBeLessThan(120);

    expect(entity.spec.owner).toBe('group:default/payments-squad');
    expect(entity.metadata.annotations['github.com/project-slug']).toBe(
      'myorg/ledger-service',
    );

    // GitHub: the repository, one commit, a CI run from the dispatch
    expect(sandbox.github.findRepo('myorg', 'ledger-service')).toBeDefined();
    expect(
      sandbox.github.workflowRuns('myorg', 'ledger-service').length,
    ).toBeGreaterThan(0);
    // Argo CD deployed it: the application is synced and its workload runs
    const app = sandbox.argocd
      .applications()
      .find(a => a.metadata.name === 'ledger-service');
    expect(app?.status.sync.status).toBe('Synced');
    expect(
      sandbox.kubernetes
        .objects({ kind: 'Deployment' } as any)
        .map(o => o.metadata.name),
    ).toContain('ledger-service');
    // namespace with quota and limits, Vault mount, PagerDuty, Slack
    expect(
      sandbox.kubernetes
        .objects({ namespace: 'ledger-service' } as any)
        .map(o => o.kind)
        .sort(),
    ).toEqual(expect.arrayContaining(['LimitRange', 'ResourceQuota']));
    expect(Object.keys(sandbox.vault.mounts())).toContain('ledger-service/');
    expect(
      sandbox.pagerduty.services().filter(s => s.name === 'ledger-service'),
    ).toHaveLength(1);
    expect(
      sandbox.slack
        .messages()
        .map(m => m.text)
        .join('\n'),
    ).toContain('ledger-service');

    // and its scorecard
    const scorecard = (await (
      await api('/scorecard/v1/entities/component/default/ledger-service')
    ).json()) as any;
    expect(scorecard.checks.find((c: any) => c.id === 'has-owner').status).toBe(
      'passed',
    );
    expect(
      scorecard.checks.find((c: any) => c.id === 'vulnerability-scanning')
        .status,
    ).toBe('passed');
  });

  it('fails clearly when Argo CD answers 500, and a retry completes without duplicates', async () => {
    sandbox.argocd.failNext(
      'POST',
      /^\/api\/v1\/applications$/,
      500,
      'etcdserver: request timed out',
    );
    const id = await runTask('billing-service');
    expect(await settled(id)).toBe('failed');
    const failure = (await events(id)).find(
      e =>
        e.type === 'log' &&
        e.body.stepId === 'create-argocd-app' &&
        /error/i.test(e.body.message ?? ''),
    );
    expect(failure?.body.message).toContain('etcdserver: request timed out');

    const retry = await api(`/scaffolder/v2/tasks/${id}/retry`, {
      method: 'POST',
      body: '{}',
    });
    expect(retry.status).toBe(201);
    const status = async () =>
      (
        (await (await api(`/scaffolder/v2/tasks/${id}`)).json()) as {
          status: string;
        }
      ).status;
    try {
      await waitUntil(
        'the retried task to complete',
        async () => ((await status()) === 'completed' ? true : undefined),
        { timeoutMs: 120_000, backend },
      );
    } catch (e) {
      const log = (await events(id))
        .filter(ev => ev.type === 'log')
        .slice(-15)
        .map(ev => `${ev.body.stepId ?? ''} ${ev.body.message}`)
        .join('\n');
      throw new Error(`${e}\n--- task log ---\n${log}`);
    }

    const gitDir = sandbox.github.gitRepoPath('myorg', 'billing-service')!;
    const { stdout } = await execFileAsync(
      'git',
      ['rev-list', '--count', 'main'],
      { cwd: gitDir },
    );
    expect(stdout.trim()).toBe('1');
    expect(
      sandbox.kubernetes
        .objects({ kind: 'Namespace' } as any)
        .filter(o => o.metadata.name === 'billing-service'),
    ).toHaveLength(1);
    expect(
      Object.keys(sandbox.vault.mounts()).filter(m => m === 'billing-service/'),
    ).toHaveLength(1);
    expect(
      sandbox.pagerduty.services().filter(s => s.name === 'billing-service'),
    ).toHaveLength(1);
    expect(
      sandbox.argocd
        .applications()
        .filter(a => a.metadata.name === 'billing-service'),
    ).toHaveLength(1);
    await waitUntil(
      'billing-service in the catalog',
      async () =>
        (
          await api(
            '/catalog/entities/by-name/component/default/billing-service',
          )
        ).ok || undefined,
      { timeoutMs: 60_000, backend },
    );
  });
});

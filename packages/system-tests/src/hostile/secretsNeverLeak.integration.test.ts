import { randomBytes, createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  ArgoCdStandIn,
  FREE_SANDBOX_PORTS,
  GrafanaStandIn,
  KubernetesStandIn,
  OciRegistryStandIn,
  PagerDutyStandIn,
  SonarQubeStandIn,
  startSandbox,
  VaultStandIn,
} from 'sandbox';
import type { Sandbox } from 'sandbox';
import { stringify } from 'yaml';
import {
  BackendProcess,
  readyAndSignedIn,
  repoRoot,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';
import { pgConnection } from '../__testUtils__/productionEnv';

/*
 * Issue 11, part B: secrets never leak. Every credential the configuration
 * reads gets a known, unique value (leakcheck-<name>-<random>), and the
 * stand-ins accept exactly those: the GitHub token and OAuth App secret,
 * the Kubernetes service account tokens, the Argo CD token and password,
 * the Vault token, the PagerDuty and Grafana tokens (proxy headers), the
 * Slack webhook (its URL is the secret), the SonarQube key, the OCI
 * registry token of the scorecards, the backend's external access tokens
 * (static and legacy) and the PostgreSQL password, plus a custom task
 * secret and the caller's Backstage token. Then the golden path runs for
 * real once, and three times failing (Argo CD, Kubernetes and Vault answer
 * 500), so error paths log too; the entity-page APIs and the proxies are
 * called, GitHub sign-in is completed once and failed once. Finally every
 * value (and its base64 forms) is searched in the backend's whole output,
 * every task's event log and task as the API returns them, and the API
 * answers: none may appear. A self-check first proves the search finds what
 * is there (the task id, a canary and its base64 form).
 */

jest.setTimeout(600_000);

const secret = (name: string) =>
  `leakcheck-${name}-${randomBytes(8).toString('hex')}`;

/** A value and every form it could take in a log or an answer. */
type Needle = { name: string; value: string };

/**
 * The forms to look for: the value, and the middle of its base64 and
 * base64url encodings at each of the three byte alignments (a secret inside
 * a larger encoded string, e.g. `Basic base64(user:secret)`, shows one of
 * them).
 */
function searchForms(value: string): { form: string; text: string }[] {
  const forms = [{ form: 'plain', text: value }];
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([
      Buffer.alloc(pad, 0x20),
      Buffer.from(value, 'utf8'),
    ]).toString('base64');
    // drop the groups that mix in bytes around the value
    const core = encoded.slice(pad === 0 ? 0 : 4, -4);
    if (core.length >= 16) {
      forms.push({ form: `base64 (offset ${pad})`, text: core });
      const url = core.replace(/\+/g, '-').replace(/\//g, '_');
      if (url !== core) {
        forms.push({ form: `base64url (offset ${pad})`, text: url });
      }
    }
  }
  const encoded = encodeURIComponent(value);
  if (encoded !== value) forms.push({ form: 'url-encoded', text: encoded });
  return forms;
}

type Finding = { secret: string; form: string; where: string; context: string };

/** Every occurrence of every form of every needle in every haystack. */
function findLeaks(
  needles: Needle[],
  haystacks: { where: string; text: string }[],
): Finding[] {
  const findings: Finding[] = [];
  for (const needle of needles) {
    for (const { form, text } of searchForms(needle.value)) {
      for (const haystack of haystacks) {
        let at = haystack.text.indexOf(text);
        while (at !== -1) {
          findings.push({
            secret: needle.name,
            form,
            where: haystack.where,
            context: haystack.text
              .slice(Math.max(0, at - 120), at + text.length + 60)
              .replace(/\s+/g, ' '),
          });
          at = haystack.text.indexOf(text, at + text.length);
        }
      }
    }
  }
  return findings;
}

/** A legacy backend token (HS256 over the base64 secret of the config). */
function legacyToken(base64Secret: string): string {
  const b64url = (o: object) =>
    Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = b64url({ alg: 'HS256', typ: 'JWT' });
  const payload = b64url({
    sub: 'backstage-server',
    exp: Math.floor(Date.now() / 1000) + 600,
  });
  const signature = createHmac('sha256', Buffer.from(base64Secret, 'base64'))
    .update(`${header}.${payload}`)
    .digest('base64url');
  return `${header}.${payload}.${signature}`;
}

const unexpected = (findings: Finding[]) =>
  findings.map(f => `${f.secret} (${f.form}) in ${f.where}: …${f.context}…`);

describe('secrets never leak', () => {
  const secrets = {
    githubToken: secret('github-token'),
    githubOAuthClientSecret: secret('github-oauth-client-secret'),
    kubernetesProductionToken: secret('k8s-production-us-token'),
    kubernetesStagingToken: secret('k8s-staging-token'),
    argocdToken: secret('argocd-token'),
    argocdPassword: secret('argocd-password'),
    vaultToken: secret('vault-token'),
    pagerdutyToken: secret('pagerduty-token'),
    grafanaToken: secret('grafana-token'),
    sonarqubeToken: secret('sonarqube-token'),
    registryToken: secret('registry-token'),
    externalAccessToken: secret('backend-external-access-token'),
    legacyBackendSecret: secret('backend-legacy-secret'),
    postgresPassword: secret('postgres-password'),
    taskSecret: secret('task-secret'),
  };
  const legacySecretBase64 = Buffer.from(secrets.legacyBackendSecret).toString(
    'base64',
  );
  const databasePrefix = `leakcheck_${Date.now().toString(36)}_`;
  const canary = `leakcheck-canary-${randomBytes(8).toString('hex')}`;
  const responses: { where: string; text: string }[] = [];
  const taskIds: string[] = [];
  let slackWebhookUrl: string;
  let workDir: string;
  let sandbox: Sandbox;
  let own: {
    kubernetes: KubernetesStandIn;
    kubernetesStaging: KubernetesStandIn;
    argocd: ArgoCdStandIn;
    vault: VaultStandIn;
    pagerduty: PagerDutyStandIn;
    grafana: GrafanaStandIn;
    sonarqube: SonarQubeStandIn;
    registry: OciRegistryStandIn;
  };
  let backend: BackendProcess;
  let token: string;

  /** every secret value, with the Slack webhook's path and the user token */
  const needles = (): Needle[] => {
    const webhookPath = new URL(slackWebhookUrl).pathname;
    return [
      ...Object.entries(secrets).map(([name, value]) => ({ name, value })),
      { name: 'legacyBackendSecret (base64)', value: legacySecretBase64 },
      { name: 'slackWebhookPath', value: webhookPath },
      {
        name: 'slackWebhookSecretSegment',
        value: webhookPath.split('/').pop()!,
      },
      { name: 'backstageUserToken', value: token },
    ];
  };

  const api = async (
    p: string,
    init: RequestInit & { bearer?: string } = {},
  ) => {
    const res = await fetch(`${backend.baseUrl}/api${p}`, {
      ...init,
      headers: {
        authorization: `Bearer ${init.bearer ?? token}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
    const text = await res.text();
    responses.push({
      where: `answer of ${init.method ?? 'GET'} /api${p}`,
      text,
    });
    return { status: res.status, text };
  };

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-never-leak-'));
    sandbox = await startSandbox({ ports: FREE_SANDBOX_PORTS, repoRoot });
    // GitHub and Slack: the seeded stand-ins, given the new credentials
    sandbox.github.addPersonalToken(secrets.githubToken, 'backstage-bot');
    sandbox.github.registerOAuthApp({
      clientId: 'leakcheck-oauth-client',
      clientSecret: secrets.githubOAuthClientSecret,
      login: 'alice',
    });
    slackWebhookUrl = sandbox.slack.createWebhook('#platform-announcements');
    // the others: stand-ins that accept only the new credentials
    own = {
      kubernetes: await KubernetesStandIn.start({
        token: secrets.kubernetesProductionToken,
      }),
      // a cluster refusing its credentials: the error path
      kubernetesStaging: await KubernetesStandIn.start({
        token: secrets.kubernetesStagingToken,
        unauthorized: true,
      }),
      argocd: await ArgoCdStandIn.start({
        users: { admin: secrets.argocdPassword },
        tokens: [secrets.argocdToken],
      }),
      vault: await VaultStandIn.start({
        tokens: { [secrets.vaultToken]: { paths: ['*'] } },
      }),
      pagerduty: await PagerDutyStandIn.start({
        tokens: [secrets.pagerdutyToken],
      }),
      grafana: await GrafanaStandIn.start({ tokens: [secrets.grafanaToken] }),
      sonarqube: await SonarQubeStandIn.start({
        tokens: [secrets.sonarqubeToken],
      }),
      registry: await OciRegistryStandIn.start({
        tokens: [secrets.registryToken],
      }),
    };
    own.kubernetes.seedWorkload({
      namespace: 'order-service',
      name: 'order-service',
      labels: {
        app: 'order-service',
        'backstage.io/kubernetes-id': 'order-service',
      },
      replicas: 2,
      image:
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/order-service:4f2a9c1',
    });
    own.registry.pushImage('order-service', '4f2a9c1', { signed: true });
    own.sonarqube.seedProject({
      key: 'order-service',
      name: 'Order Service',
      measures: { alert_status: 'OK', bugs: '2', coverage: '81.4' },
    });
    own.vault.putSecret('order-service', 'production/database', {
      username: 'order_service',
    });
    own.pagerduty.seedService({ id: 'PXXXXX', name: 'order-service' });

    const github = {
      apiBaseUrl: sandbox.github.apiBaseUrl,
      token: secrets.githubToken,
    };
    const overrides = {
      backend: {
        database: {
          client: 'pg',
          connection: { ...pgConnection, password: secrets.postgresPassword },
          prefix: databasePrefix,
        },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: {
                token: secrets.externalAccessToken,
                subject: 'leakcheck-static-caller',
              },
            },
            {
              type: 'legacy',
              options: {
                secret: legacySecretBase64,
                subject: 'leakcheck-legacy-caller',
              },
            },
          ],
        },
      },
      integrations: {
        github: [
          { host: 'github.com', ...github },
          { host: sandbox.github.host, ...github },
        ],
      },
      auth: {
        providers: {
          github: {
            development: {
              clientId: 'leakcheck-oauth-client',
              clientSecret: secrets.githubOAuthClientSecret,
              enterpriseInstanceUrl: sandbox.github.url,
            },
          },
        },
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'production-us',
                url: own.kubernetes.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: secrets.kubernetesProductionToken,
                skipTLSVerify: true,
              },
              {
                name: 'staging',
                url: own.kubernetesStaging.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: secrets.kubernetesStagingToken,
                skipTLSVerify: true,
              },
            ],
          },
        ],
      },
      argocd: {
        username: 'admin',
        password: secrets.argocdPassword,
        appLocatorMethods: [
          {
            type: 'config',
            instances: [
              {
                name: 'production',
                url: own.argocd.url,
                token: secrets.argocdToken,
              },
            ],
          },
        ],
      },
      vault: { baseUrl: own.vault.url, token: secrets.vaultToken },
      sonarqube: {
        baseUrl: own.sonarqube.url,
        apiKey: secrets.sonarqubeToken,
      },
      grafana: { domain: own.grafana.url },
      proxy: {
        endpoints: {
          '/pagerduty': {
            target: own.pagerduty.url,
            headers: {
              Authorization: `Token token=${secrets.pagerdutyToken}`,
              Accept: 'application/vnd.pagerduty+json;version=2',
            },
            allowedMethods: ['GET', 'POST'],
          },
          '/slack': {
            target: slackWebhookUrl,
            allowedMethods: ['POST'],
            pathRewrite: { '^/api/proxy/slack/?$': '' },
          },
          '/grafana/api': {
            target: own.grafana.url,
            headers: { Authorization: `Bearer ${secrets.grafanaToken}` },
            allowedMethods: ['GET'],
          },
        },
      },
      scorecard: {
        evidence: {
          cosign: {
            registries: [
              {
                host: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
                baseUrl: own.registry.url,
                token: secrets.registryToken,
              },
            ],
          },
        },
      },
    };
    const configFile = path.join(workDir, 'leakcheck.yaml');
    fs.writeFileSync(configFile, stringify(overrides));
    backend = await startBackendProcess({
      args: ['--config', '../../app-config.yaml', '--config', configFile],
      // debug lines too: a secret must not leak at any level
      env: { LOG_LEVEL: 'debug' },
    });
    token = await readyAndSignedIn(backend);
    await waitUntil(
      'the template and order-service in the catalog',
      async () => {
        const template = await api(
          '/catalog/entities/by-name/template/default/go-microservice-template',
        );
        const order = await api(
          '/catalog/entities/by-name/component/default/order-service',
        );
        return template.status === 200 && order.status === 200
          ? true
          : undefined;
      },
      { timeoutMs: 150_000, backend },
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.close();
    await Promise.all(Object.values(own ?? {}).map(s => s.close()));
    const client = new Client({ ...pgConnection, database: 'postgres' });
    await client.connect();
    const { rows } = await client.query(
      'select datname from pg_database where datname like $1',
      [`${databasePrefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`drop database if exists "${datname}" with (force)`);
    }
    await client.end();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const runTask = async (name: string) => {
    const res = await api('/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: 'template:default/go-microservice-template',
        values: {
          name,
          description: `${canary} ${Buffer.from(`x${canary}y`).toString(
            'base64',
          )}`,
          owner: 'group:default/payments-squad',
          system: 'system:default/payments-system',
          repoUrl: `github.com?owner=myorg&repo=${name}`,
          enableDatabase: true,
        },
        secrets: { leakcheckTaskSecret: secrets.taskSecret },
      }),
    });
    expect(res.status).toBe(201);
    const { id } = JSON.parse(res.text) as { id: string };
    taskIds.push(id);
    return waitUntil(
      `task ${name}`,
      async () => {
        const task = JSON.parse((await api(`/scaffolder/v2/tasks/${id}`)).text);
        return ['completed', 'failed', 'cancelled'].includes(task.status)
          ? (task.status as string)
          : undefined;
      },
      { timeoutMs: 180_000, backend },
    );
  };

  it('runs the golden path once for real, and three times failing', async () => {
    expect(await runTask('leakcheck-service')).toBe('completed');
    expect(own.vault.mounts()['leakcheck-service/']).toBeDefined();
    expect(
      own.pagerduty.services().some(s => s.name === 'leakcheck-service'),
    ).toBe(true);
    expect(own.argocd.application('leakcheck-service')).toBeDefined();
    expect(
      own.kubernetes
        .objects({ kind: 'Namespace' } as any)
        .some(o => o.metadata.name === 'leakcheck-service'),
    ).toBe(true);
    expect(
      sandbox.slack
        .messages()
        .some(m => (m.text ?? '').includes('leakcheck-service')),
    ).toBe(true);

    // error paths: Argo CD, Kubernetes and Vault answer 500 once
    own.argocd.failNext(
      'POST',
      /^\/api\/v1\/applications$/,
      500,
      'etcdserver: request timed out',
    );
    expect(await runTask('leakcheck-argocd-fails')).toBe('failed');
    // server-side apply of the task's Namespace (not a background read)
    own.kubernetes.failNext(
      'PATCH',
      /\/namespaces\/leakcheck-kubernetes-fails$/,
      500,
      'etcdserver: leader changed',
    );
    expect(await runTask('leakcheck-kubernetes-fails')).toBe('failed');
    own.vault.failNext('POST', /^sys\/mounts\//, 500, ['internal error']);
    expect(await runTask('leakcheck-vault-fails')).toBe('failed');
  });

  it('calls the proxies and the entity-page APIs, and signs in with GitHub', async () => {
    // PagerDuty and Grafana through the proxy (headers carry the tokens)
    expect((await api('/proxy/pagerduty/services')).status).toBe(200);
    expect((await api('/proxy/pagerduty/incidents')).status).toBe(200);
    own.pagerduty.failNext('GET', /services/, 500);
    expect((await api('/proxy/pagerduty/services')).status).toBe(500);
    expect(
      (await api('/proxy/grafana/api/api/search?query=order')).status,
    ).toBe(200);
    // Slack: the webhook URL is the secret
    expect(
      (
        await api('/proxy/slack', {
          method: 'POST',
          body: JSON.stringify({ text: 'leakcheck page' }),
        })
      ).status,
    ).toBe(200);
    expect((await api('/proxy/slack')).status).toBeGreaterThanOrEqual(400);
    // entity-page integrations
    const entity = JSON.parse(
      (await api('/catalog/entities/by-name/component/default/order-service'))
        .text,
    );
    expect(
      (
        await api('/kubernetes/services/order-service', {
          method: 'POST',
          body: JSON.stringify({ entity }),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api(
          '/argocd/argoInstance/production/applications/name/leakcheck-service',
        )
      ).status,
    ).toBe(200);
    // order-service is not in this Argo CD: the error path
    await api('/argocd/find/name/order-service');
    expect(
      (await api('/sonarqube/findings?componentKey=order-service')).status,
    ).toBe(200);
    expect(
      (await api('/vault/v1/secrets/production?engine=order-service')).status,
    ).toBe(200);
    expect(
      (
        await api('/scorecard/v1/evaluate', {
          method: 'POST',
          body: JSON.stringify({
            entityRefs: ['component:default/order-service'],
          }),
        })
      ).status,
    ).toBe(200);
    // the registry accepted its token: order-service's image is signed
    const scorecard = JSON.parse(
      (await api('/scorecard/v1/entities/component/default/order-service'))
        .text,
    );
    expect(
      scorecard.checks.find((c: { id: string }) => c.id === 'image-signed')
        ?.status,
    ).toBe('passed');
    // the backend's external access tokens
    expect(
      (
        await api('/catalog/entities/by-query?limit=1', {
          bearer: secrets.externalAccessToken,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api('/catalog/entities/by-query?limit=1', {
          bearer: legacyToken(legacySecretBase64),
        })
      ).status,
    ).toBe(200);
    // a token that is almost the static one: refused, and not echoed
    expect(
      (
        await api('/catalog/entities/by-query?limit=1', {
          bearer: `${secrets.externalAccessToken}x`,
        })
      ).status,
    ).toBe(401);

    // GitHub sign-in (the OAuth App's client secret is sent to GitHub)
    const start = await fetch(
      `${backend.baseUrl}/api/auth/github/start?env=development&scope=read:user`,
      { redirect: 'manual' },
    );
    expect(start.status).toBe(302);
    const cookie = (start.headers.getSetCookie?.() ?? [])
      .map(c => c.split(';')[0])
      .join('; ');
    const authorize = await fetch(start.headers.get('location')!, {
      redirect: 'manual',
    });
    const callback = authorize.headers.get('location')!;
    expect(callback).toContain('code=');
    const done = await fetch(callback, {
      redirect: 'manual',
      headers: { cookie },
    });
    const doneText = await done.text();
    expect(doneText).toContain('authorization_response');
    expect(doneText).not.toContain('"error"');
    // and once with a code GitHub does not know
    const failed = await fetch(
      callback.replace(/code=[^&]+/, 'code=leakcheck-bad-code'),
      { redirect: 'manual', headers: { cookie } },
    );
    expect(await failed.text()).toContain('error');
  });

  it('the search finds what is there (self-check)', async () => {
    const id = taskIds[0];
    const task = await api(`/scaffolder/v2/tasks/${id}`);
    const haystacks = [
      { where: 'backend output', text: backend.output() },
      { where: 'task', text: task.text },
    ];
    const found = findLeaks(
      [
        { name: 'task id', value: id },
        { name: 'canary', value: canary },
      ],
      haystacks,
    );
    expect(found.filter(f => f.secret === 'task id').map(f => f.where)).toEqual(
      expect.arrayContaining(['backend output', 'task']),
    );
    // the canary is in the task's parameters, plain and base64-encoded
    expect(found.filter(f => f.secret === 'canary').map(f => f.form)).toEqual(
      expect.arrayContaining(['plain', 'base64 (offset 1)']),
    );
    // and inside a larger encoded value, at any alignment
    for (const prefix of ['', 'a', 'ab', 'user:']) {
      const basic = `Basic ${Buffer.from(`${prefix}${canary}`).toString(
        'base64',
      )}`;
      expect(
        findLeaks(
          [{ name: 'canary', value: canary }],
          [{ where: 'header', text: basic }],
        ),
      ).not.toEqual([]);
    }
  });

  it('no secret appears in the logs, the task event logs, the tasks or the API answers', async () => {
    const haystacks = [{ where: 'backend output', text: backend.output() }];
    for (const id of taskIds) {
      haystacks.push({
        where: `task ${id}`,
        text: (await api(`/scaffolder/v2/tasks/${id}`)).text,
      });
      haystacks.push({
        where: `task ${id} events`,
        text: (await api(`/scaffolder/v2/tasks/${id}/events`)).text,
      });
    }
    haystacks.push({
      where: 'task list',
      text: (await api('/scaffolder/v2/tasks')).text,
    });
    haystacks.push(...responses);
    const findings = findLeaks(needles(), haystacks);
    const summary = findings.map(
      f => `${f.secret} (${f.form}) in ${f.where}: …${f.context}…`,
    );
    // eslint-disable-next-line no-console
    console.log(
      `secrets checked: ${needles()
        .map(n => n.name)
        .join(', ')}\nsearched: backend output (${
        haystacks[0].text.length
      } chars), ${taskIds.length} tasks and their event logs, the task list, ${
        responses.length
      } API answers\nfindings: ${summary.length ? summary.join('\n') : 'none'}`,
    );
    expect(unexpected(findings)).toEqual([]);
  });
});

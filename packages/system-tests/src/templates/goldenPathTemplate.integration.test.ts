import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  ComponentEntityV1alpha1,
  FieldFormatEntityPolicy,
  componentEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  DryRunResult,
  TemplateParametersError,
  dryRunTemplate,
  writeFiles,
} from 'template-dry-run';
import { freePort } from 'sandbox/freePort';
import { parse, parseAllDocuments } from 'yaml';
import {
  BackendProcess,
  readyAndSignedIn,
  repoRoot,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';

/*
 * The golden-path template (templates/go-microservice-template) through the
 * real backend: every action it and the source document's action table name
 * is registered; dry runs for several parameter sets render every
 * expression, pass each step's input schema, and produce a Go service that
 * builds, passes its own tests and serves the probe paths of its Helm
 * values; bad parameters are refused by the backend itself.
 */

jest.setTimeout(600_000);

const execFileAsync = promisify(execFile);
const templateDir = path.join(repoRoot, 'templates/go-microservice-template');

const SEED_ACTIONS = [
  'fetch:template',
  'fetch:plain',
  'publish:github',
  'publish:gitlab',
  'catalog:register',
  'catalog:write',
  'github:actions:dispatch',
  'argocd:create-resources',
  'kubernetes:apply',
  'http:backstage:request',
  'debug:log',
  'vault:create-namespace',
];

const base = {
  name: 'payment-webhook-handler',
  description: 'Receives payment provider webhooks',
  owner: 'group:default/payments-squad',
  repoUrl: 'github.com?owner=myorg&repo=payment-webhook-handler',
};

const parameterSets: [string, Record<string, unknown>][] = [
  ['no infrastructure, no system', { ...base }],
  [
    'PostgreSQL only, in a system',
    { ...base, system: 'system:default/payments-system', enableDatabase: true },
  ],
  [
    'PostgreSQL, Redis and SQS',
    {
      ...base,
      name: 'order-events',
      repoUrl: 'github.com?owner=myorg&repo=order-events',
      system: 'system:default/order-management-system',
      owner: 'group:default/order-squad',
      enableDatabase: true,
      enableCache: true,
      enableQueue: true,
    },
  ],
];

function file(result: DryRunResult, name: string): string {
  const found = result.files.find(f => f.path === name);
  if (!found) throw new Error(`${name} was not rendered`);
  return found.content.toString('utf8');
}

describe('golden-path template: go-microservice-template', () => {
  const dataDir = createMockDirectory();
  const workDir = createMockDirectory();
  let backend: BackendProcess;
  let token: string;

  beforeAll(async () => {
    backend = await startBackendProcess({
      env: {
        APP_CONFIG_backend_database_connection_directory: dataDir.path,
      },
    });
    token = await readyAndSignedIn(backend);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const api = (p: string, init: RequestInit = {}) =>
    fetch(`${backend.baseUrl}${p}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
    });

  it('registers every action of the source document, and vault:create-namespace', async () => {
    const res = await api('/api/scaffolder/v2/actions');
    expect(res.status).toBe(200);
    const ids = ((await res.json()) as { id: string }[]).map(a => a.id);
    expect(ids).toEqual(expect.arrayContaining(SEED_ACTIONS));
  });

  it('is in the catalog, offered on the Create page', async () => {
    await waitUntil(
      'the template in the catalog',
      async () => {
        // the template, and the guest user the dry runs below run as
        const refs = [
          'template/default/go-microservice-template',
          'user/default/guest',
        ];
        for (const ref of refs) {
          const res = await api(`/api/catalog/entities/by-name/${ref}`);
          if (!res.ok) return undefined;
        }
        return true;
      },
      { timeoutMs: 120_000, backend },
    );
    const res = await api(
      '/api/scaffolder/v2/templates/default/template/go-microservice-template/parameter-schema',
    );
    expect(res.status).toBe(200);
    const schema = (await res.json()) as { steps: { title: string }[] };
    expect(schema.steps.map(s => s.title)).toEqual([
      'Service Details',
      'Repository',
      'Infrastructure',
    ]);
  });

  describe.each(parameterSets)('dry run: %s', (_title, values) => {
    let result: DryRunResult;
    let out: string;

    beforeAll(async () => {
      result = await dryRunTemplate({
        backendUrl: backend.baseUrl,
        token,
        templateDir,
        values,
      });
      out = path.join(workDir.path, _title.replace(/\W+/g, '-'));
      writeFiles(result.files, out);
    });

    it('runs every step, with inputs its action accepts, and renders every expression', () => {
      expect(result.problems).toEqual([]);
      expect(result.steps.map(s => s.action)).toEqual([
        'catalog:fetch',
        'catalog:fetch',
        'fetch:template',
        'publish:github',
        'github:actions:dispatch',
        'argocd:create-resources',
        'kubernetes:apply',
        'vault:create-namespace',
        'http:backstage:request',
        'http:backstage:request',
        'catalog:register',
      ]);
      // each step's input was rendered and checked against its action;
      // check-system is skipped without a system
      expect(result.stepInputs.map(s => s.stepId)).toEqual(
        result.steps
          .map(s => s.id)
          .filter(id => values.system || id !== 'check-system'),
      );
      const byStep = Object.fromEntries(
        result.stepInputs.map(s => [s.stepId, s.input as any]),
      );
      const team = String(values.owner).split('/')[1];
      expect(byStep.publish.topics).toEqual(['go', 'microservice', team]);
      expect(byStep['create-argocd-app']).toMatchObject({
        appName: values.name,
        namespace: values.name,
        projectName: values.name,
        repoUrl: `https://github.com/myorg/${values.name}`,
      });
      expect(
        byStep['create-namespace'].manifest.map((m: any) => m.kind),
      ).toEqual(['Namespace', 'ResourceQuota', 'LimitRange']);
      expect(byStep['create-vault-namespace']).toEqual({
        namespaceName: values.name,
        teamName: team,
      });
      expect(byStep['notify-slack'].body.text).toBe(
        `🚀 New service *${values.name}* created by guest`,
      );
      expect(result.output).toMatchObject({
        links: expect.arrayContaining([
          {
            title: 'CI Pipeline',
            url: `https://github.com/myorg/${values.name}/actions`,
          },
        ]),
      });
    });

    it('renders a catalog-info.yaml that the catalog accepts', async () => {
      const entity = parse(
        file(result, 'catalog-info.yaml'),
      ) as ComponentEntityV1alpha1;
      expect(await componentEntityV1alpha1Validator.check(entity)).toBe(true);
      await expect(
        new FieldFormatEntityPolicy().enforce(entity),
      ).resolves.toBeDefined();
      expect(entity.metadata.name).toBe(values.name);
      expect(entity.spec.owner).toBe(values.owner);
      expect(entity.spec.system).toBe(
        values.system ? String(values.system).split('/')[1] : undefined,
      );
      expect(entity.metadata.annotations).toMatchObject({
        'github.com/project-slug': `myorg/${values.name}`,
        'backstage.io/kubernetes-id': values.name,
        'backstage.io/techdocs-ref': 'dir:.',
      });
    });

    it('renders YAML that parses, and wires only the chosen infrastructure', () => {
      const yamlFiles = result.files.filter(
        f => /\.ya?ml$/.test(f.path) && !f.path.startsWith('helm/templates/'),
      );
      expect(yamlFiles.length).toBeGreaterThanOrEqual(6);
      for (const f of yamlFiles) {
        const errors = parseAllDocuments(f.content.toString('utf8')).flatMap(
          d => d.errors.map(e => `${f.path}: ${e.message}`),
        );
        expect(errors).toEqual([]);
      }
      const code = file(result, 'cmd/server/main.go');
      const values_ = file(result, 'helm/values.yaml');
      expect(code.includes('DATABASE_HOST')).toBe(!!values.enableDatabase);
      expect(values_.includes('DATABASE_HOST')).toBe(!!values.enableDatabase);
      expect(code.includes('REDIS_ADDR')).toBe(!!values.enableCache);
      expect(code.includes('SQS_QUEUE_URL')).toBe(!!values.enableQueue);
    });

    it('renders a Go service that passes go vet and go test', async () => {
      const env = {
        ...process.env,
        GOFLAGS: '-mod=mod',
        GOPROXY: 'off',
        GOCACHE: path.join(workDir.path, 'gocache'),
        GOPATH: path.join(workDir.path, 'gopath'),
      };
      await execFileAsync('go', ['vet', './...'], { cwd: out, env });
      const { stdout } = await execFileAsync('go', ['test', './...'], {
        cwd: out,
        env,
      });
      expect(stdout).toMatch(/^ok\s/m);
      expect(stdout).not.toMatch(/FAIL/);
    });

    it('serves the probe paths of its Helm values', async () => {
      const helmValues = parse(file(result, 'helm/values.yaml'));
      const live = helmValues.livenessProbe.httpGet;
      const ready = helmValues.readinessProbe.httpGet;
      expect([live.path, ready.path]).toEqual([
        '/health/live',
        '/health/ready',
      ]);
      expect(live.port).toBe(8080);

      const binary = path.join(out, 'server-bin');
      await execFileAsync('go', ['build', '-o', binary, './cmd/server'], {
        cwd: out,
        env: {
          ...process.env,
          GOFLAGS: '-mod=mod',
          GOPROXY: 'off',
          GOCACHE: path.join(workDir.path, 'gocache'),
          GOPATH: path.join(workDir.path, 'gopath'),
        },
      });
      const port = await freePort();
      // The database it needs is this machine's PostgreSQL: ready when it
      // answers. Redis is at 6379 on these machines; SQS only needs a URL.
      const server = spawn(binary, [], {
        env: {
          PORT: String(port),
          DATABASE_HOST: '127.0.0.1',
          DATABASE_PORT: '5432',
          DATABASE_NAME: 'postgres',
          DATABASE_USER: 'postgres',
          DATABASE_PASSWORD: '',
          REDIS_ADDR: '127.0.0.1:6379',
          SQS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789/q',
        },
        stdio: 'ignore',
      });
      try {
        const url = `http://127.0.0.1:${port}`;
        await waitUntil(
          'the Go service',
          async () =>
            (await fetch(`${url}${live.path}`).catch(() => undefined))?.ok ||
            undefined,
          { timeoutMs: 30_000 },
        );
        expect((await fetch(`${url}${ready.path}`)).status).toBe(200);
      } finally {
        server.kill('SIGTERM');
        await new Promise(resolve => server.once('exit', resolve));
      }
      expect(server.exitCode).toBe(0);
    });
  });

  describe("the source document's original YAML is caught by a dry run", () => {
    const variant = (edit: (template: string) => string) => {
      const dir = path.join(workDir.path, `variant-${Math.random()}`);
      fs.cpSync(templateDir, dir, { recursive: true });
      const templateFile = path.join(dir, 'template.yaml');
      const original = fs.readFileSync(templateFile, 'utf8');
      const edited = edit(original);
      expect(edited).not.toBe(original);
      fs.writeFileSync(templateFile, edited);
      return dir;
    };

    it('publish:github with allowedHosts: refused by the action schema', async () => {
      const result = await dryRunTemplate({
        backendUrl: backend.baseUrl,
        token,
        templateDir: variant(t =>
          t.replace(
            'action: publish:github\n      input:\n',
            'action: publish:github\n      input:\n        allowedHosts: [github.com]\n',
          ),
        ),
        values: base,
      });
      expect(result.problems).toEqual([
        expect.stringMatching(
          /^step publish \(publish:github\): input .*additional property "allowedHosts"/,
        ),
      ]);
    });

    it('an optional system passed through parseEntityRef: left unrendered in the files', async () => {
      const result = await dryRunTemplate({
        backendUrl: backend.baseUrl,
        token,
        templateDir: variant(t =>
          t.replace(
            "${{ (parameters.system | parseEntityRef | pick('name')) if parameters.system else '' }}",
            "${{ parameters.system | parseEntityRef | pick('name') }}",
          ),
        ),
        values: base,
      });
      expect(result.problems).toContain(
        "catalog-info.yaml: unrendered expression ${{ parameters.system | parseEntityRef | pick('name') }}",
      );
    });
  });

  describe('bad parameters are refused by the backend', () => {
    const refusals: [string, Record<string, unknown>, RegExp][] = [
      ['a name with /', { ...base, name: 'pay/ments' }, /name.*pattern/],
      ['a name with ..', { ...base, name: '..' }, /name.*pattern/],
      [
        'a name of 51 characters',
        { ...base, name: `a${'b'.repeat(50)}` },
        /name does not meet maximum length of 50/,
      ],
      [
        'no owner',
        { name: base.name, description: 'x', repoUrl: base.repoUrl },
        /requires property "owner"/,
      ],
    ];

    it.each(refusals)(
      'when creating a task: %s',
      async (_title, values, reason) => {
        const res = await api('/api/scaffolder/v2/tasks', {
          method: 'POST',
          body: JSON.stringify({
            templateRef: 'template:default/go-microservice-template',
            values,
          }),
        });
        expect(res.status).toBe(400);
        const body = (await res.json()) as { errors: { stack: string }[] };
        expect(body.errors.map(e => e.stack).join('\n')).toMatch(reason);
      },
    );

    it.each(refusals)(
      'when dry-running: %s',
      async (_title, values, reason) => {
        const error = await dryRunTemplate({
          backendUrl: backend.baseUrl,
          token,
          templateDir,
          values,
        }).catch(e => e);
        expect(error).toBeInstanceOf(TemplateParametersError);
        expect(error.reasons.join('\n')).toMatch(reason);
      },
    );
  });
});

import Ajv2020 from 'ajv/dist/2020';
import { targetPaths } from '@backstage/cli-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigReader } from '@backstage/config';
import { readBackendRole } from 'backend/deployment';
import { requiredEnvVarsInYaml } from 'backend/preflight';
import {
  backendNodeOptions,
  readHelmValues,
} from '../__testUtils__/helmValues';

/*
 * charts/: every values file validates against the Backstage Helm chart's
 * own schema (2.8.2, vendored in charts/schema), and the example Secret
 * holds every variable the production config requires.
 */

const root = targetPaths.rootDir;
const schemaFile =
  process.env.BACKSTAGE_CHART_SCHEMA ??
  path.join(root, 'charts/schema/backstage-chart-2.8.2.values.schema.json');
const valuesFiles = fs
  .readdirSync(path.join(root, 'charts'))
  .filter(f => /values.*\.ya?ml$/.test(f))
  .map(f => path.join(root, 'charts', f));

/** A Kubernetes quantity (512Mi, 1Gi, 1G, 500M) in MiB. */
const mebibytes = (quantity: string) => {
  const [, n, unit] = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?$/.exec(quantity)!;
  const factor: Record<string, number> = {
    Ki: 1 / 1024,
    Mi: 1,
    Gi: 1024,
    K: 1000 / 2 ** 20,
    M: 10 ** 6 / 2 ** 20,
    G: 10 ** 9 / 2 ** 20,
  };
  return Number(n) * (unit ? factor[unit] : 1 / 2 ** 20);
};

describe('Helm values', () => {
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  // The chart's schema embeds the PostgreSQL subchart's, which uses
  // draft-04 style keywords ("form"); ajv would refuse them in strict mode.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateSchema: false,
  });
  const validate = ajv.compile(schema);

  it('there are values files to check', () => {
    expect(valuesFiles.map(f => path.basename(f))).toContain(
      'backstage-values.yaml',
    );
  });

  it.each(valuesFiles.map(f => [path.basename(f), f]))(
    '%s validates against the chart schema',
    (_name, file) => {
      const values = parse(fs.readFileSync(file, 'utf8'));
      validate(values);
      expect(validate.errors ?? []).toEqual([]);
    },
  );

  it('the guide values, as written, do not validate (the keys we fixed)', () => {
    const seed = {
      backstage: { extraEnvVarsSecret: 'backstage-secrets' },
      ingress: {
        enabled: true,
        ingressClassName: 'nginx',
        host: 'portal.internal.example.com',
      },
    };
    validate(seed);
    const paths = (validate.errors ?? []).map(e =>
      `${e.instancePath} ${e.params.additionalProperty ?? ''}`.trim(),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        '/backstage extraEnvVarsSecret',
        '/ingress ingressClassName',
      ]),
    );
  });
});

describe("the backend's memory", () => {
  const values = readHelmValues();
  it("sizes Node's heap at 70 % of the container's memory limit, keeping the image's flag", () => {
    const limit = mebibytes(values.backstage.resources.limits.memory);
    const nodeOptions = backendNodeOptions(values) ?? '';
    const heap = Number(/--max-old-space-size=(\d+)/.exec(nodeOptions)?.[1]);
    expect(heap).toBe(Math.floor(limit * 0.7));
    // NODE_OPTIONS here replaces the Dockerfile's, which the scaffolder needs
    const dockerfile = fs.readFileSync(
      path.join(root, 'packages/backend/Dockerfile'),
      'utf8',
    );
    expect(dockerfile).toContain('ENV NODE_OPTIONS="--no-node-snapshot"');
    expect(nodeOptions.split(' ')).toContain('--no-node-snapshot');
  });
});

describe('the adoption plugin in a Deployment of its own (extraDeploy)', () => {
  const values = readHelmValues();
  const named = (kind: string) =>
    values.extraDeploy.find(
      (o: { kind: string; metadata: { name: string } }) =>
        o.kind === kind && o.metadata.name === 'backstage-adoption',
    );
  const container = named('Deployment').spec.template.spec.containers[0];
  const env = (name: string): string =>
    container.env.find((e: { name: string }) => e.name === name).value;
  /** what Helm's tpl makes of the {{ "..." }} the chart would render */
  const rendered = (text: string) => text.replace(/\{\{ "(.*?)" \}\}/g, '$1');
  const service = named('Service');
  const serviceUrl = `http://${service.metadata.name}:${service.spec.ports[0].port}`;

  it("runs the portal's image and config, hosting the adoption plugin alone", () => {
    const image = values.backstage.image;
    expect(container.image).toBe(
      `${image.registry}/${image.repository}:${image.tag}`,
    );
    expect(container.args.slice(0, -2)).toEqual(values.backstage.args);
    // the chart's appConfig, from the ConfigMap the chart makes of it
    expect(container.args.slice(-1)[0]).toBe(
      container.volumeMounts[0].mountPath.replace(/^\/app\//, ''),
    );
    expect(container.envFrom).toEqual([
      { secretRef: { name: values.backstage.extraEnvVarsSecrets[0] } },
    ]);
    const config = new ConfigReader({
      backend: { role: env('APP_CONFIG_backend_role') },
      discovery: {
        endpoints: JSON.parse(rendered(env('APP_CONFIG_discovery_endpoints'))),
      },
    });
    expect(readBackendRole(config)).toBe('adoption');
    const targets = config
      .getConfigArray('discovery.endpoints')
      .map(e => [e.getStringArray('plugins'), e.getString('target.internal')]);
    // every other plugin on the chart's Service (named as the release)
    expect(targets).toEqual([
      [
        ['*'],
        `http://backstage:${
          values.service?.ports?.backend ?? 7007
        }/api/{{pluginId}}`,
      ],
      [['adoption'], `${serviceUrl}/api/adoption`],
    ]);
  });

  it('the portal hosts every other plugin and reaches it at its Service', () => {
    const config = new ConfigReader(values.backstage.appConfig);
    expect(readBackendRole(config)).toBe('portal');
    expect(values.backstage.appConfig.discovery.endpoints).toEqual([
      {
        target: { internal: `${serviceUrl}/api/adoption` },
        plugins: ['adoption'],
      },
    ]);
  });

  it("sizes its heap at 70 % of its memory limit, as the portal's", () => {
    const limit = mebibytes(container.resources.limits.memory);
    const heap = Number(
      /--max-old-space-size=(\d+)/.exec(env('NODE_OPTIONS'))?.[1],
    );
    expect(heap).toBe(Math.floor(limit * 0.7));
    expect(env('NODE_OPTIONS').split(' ')).toContain('--no-node-snapshot');
  });

  it("takes the browsers' /api/adoption on the portal's host", () => {
    const ingress = named('Ingress');
    expect(ingress.spec.ingressClassName).toBe(values.ingress.className);
    expect(ingress.spec.tls[0].secretName).toBe(values.ingress.tls.secretName);
    const rule = ingress.spec.rules[0];
    expect(rule.host).toBe(values.ingress.host);
    expect(rule.http.paths).toEqual([
      {
        path: '/api/adoption',
        pathType: 'Prefix',
        backend: {
          service: { name: service.metadata.name, port: { name: 'backend' } },
        },
      },
    ]);
    const podLabels = named('Deployment').spec.template.metadata.labels;
    expect(podLabels).toMatchObject(service.spec.selector);
  });
});

describe('the Lighthouse audit service beside the chart (extraDeploy)', () => {
  const values = parse(
    fs.readFileSync(path.join(root, 'charts/backstage-values.yaml'), 'utf8'),
  );
  const extra = (kind: string) =>
    values.extraDeploy.find((o: { kind: string }) => o.kind === kind);
  const production = parse(
    fs.readFileSync(path.join(root, 'app-config.production.yaml'), 'utf8'),
  );

  it('runs the audit service image with an allow-list and its own database', () => {
    const deployment = extra('Deployment');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toMatch(
      new RegExp(
        `^${values.backstage.image.registry}/lighthouse-audit-service:`,
      ),
    );
    const env = Object.fromEntries(
      container.env.map((e: { name: string; value: string }) => [
        e.name,
        e.value,
      ]),
    );
    expect(env.NODE_ENV).toBe('production');
    expect(env.LAS_ALLOWED_HOSTS.split(',').length).toBeGreaterThan(0);
    expect(env.PGDATABASE).toBe('lighthouse_audit_service');
    expect(container.envFrom).toEqual([
      { secretRef: { name: 'lighthouse-audit-service' } },
    ]);
    expect(container.readinessProbe.httpGet.path).toBe('/_ping');
    // the selector selects the Deployment's own pods, which the Service and
    // the NetworkPolicy select too
    const podLabels = deployment.spec.template.metadata.labels;
    expect(podLabels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(podLabels).toMatchObject(extra('Service').spec.selector);
    expect(podLabels).toMatchObject(
      extra('NetworkPolicy').spec.podSelector.matchLabels,
    );
  });

  it('the backend reaches it where its Service listens', () => {
    const service = extra('Service');
    const url = `http://${service.metadata.name}:${service.spec.ports[0].port}`;
    expect(production.lighthouse.baseUrl).toBe(
      `\${LIGHTHOUSE_AUDIT_SERVICE_URL:-${url}}`,
    );
    expect(production.proxy.endpoints['/lighthouse'].target).toBe(
      production.lighthouse.baseUrl,
    );
  });

  it('only the portal reaches it, and it never reaches cloud metadata', () => {
    const policy = extra('NetworkPolicy');
    expect(policy.spec.ingress[0].from[0].podSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'backstage',
    });
    expect(policy.spec.egress[0].to[0].ipBlock.except).toContain(
      '169.254.0.0/16',
    );
  });

  it('its Secret is in the example Secrets', () => {
    const secrets = parseAllDocuments(
      fs.readFileSync(
        path.join(root, 'charts/secrets/backstage-secrets.example.yaml'),
        'utf8',
      ),
    ).map(d => d.toJS());
    const secret = secrets.find(
      d => d?.metadata?.name === 'lighthouse-audit-service',
    );
    expect(Object.keys(secret.stringData)).toEqual([
      'PGHOST',
      'PGUSER',
      'PGPASSWORD',
    ]);
  });
});

describe('backstage-secrets', () => {
  const secretKeys = (file: string) =>
    parseAllDocuments(fs.readFileSync(path.join(root, file), 'utf8'))
      .map(d => d.toJS())
      .filter(d => d?.kind === 'Secret')
      .flatMap(d => Object.keys(d.stringData ?? {}));

  it('the example Secret has every variable the production config requires', () => {
    const required = [
      ...requiredEnvVarsInYaml(
        fs.readFileSync(path.join(root, 'app-config.production.yaml'), 'utf8'),
      ),
      ...requiredEnvVarsInYaml(
        fs.readFileSync(
          path.join(root, 'charts/backstage-values.yaml'),
          'utf8',
        ),
      ),
    ];
    const keys = secretKeys('charts/secrets/backstage-secrets.example.yaml');
    expect(required.filter(v => !keys.includes(v))).toEqual([]);
  });

  it('the replicas share the Redis of REDIS_URL, which that Secret passes', () => {
    const production = parse(
      fs.readFileSync(path.join(root, 'app-config.production.yaml'), 'utf8'),
    );
    expect(production.backend.cache).toEqual({
      store: 'redis',
      connection: '${REDIS_URL}',
    });
    const values = parse(
      fs.readFileSync(path.join(root, 'charts/backstage-values.yaml'), 'utf8'),
    );
    // the chart's appConfig is the last --config: it must not replace it
    expect(values.backstage.appConfig.backend.cache).toBeUndefined();
    expect(
      secretKeys('charts/secrets/backstage-secrets.example.yaml'),
    ).toContain('REDIS_URL');
  });

  it('the Helm values take their environment from that Secret', () => {
    const values = parse(
      fs.readFileSync(path.join(root, 'charts/backstage-values.yaml'), 'utf8'),
    );
    expect(values.backstage.extraEnvVarsSecrets).toEqual(['backstage-secrets']);
    const external = parse(
      fs.readFileSync(
        path.join(root, 'charts/secrets/external-secret.yaml'),
        'utf8',
      ),
    );
    expect(external.spec.target.name).toBe('backstage-secrets');
  });
});

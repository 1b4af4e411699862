import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type {
  CheckContext,
  RepositoryFile,
  ScorecardCheckType,
} from '@internal/backstage-plugin-scorecard-node';
import { KubernetesStandIn, OciRegistryStandIn } from 'sandbox';
import { CosignRegistryEvidenceSource } from '../evidence/CosignRegistryEvidenceSource';
import { KubernetesClusters } from '../evidence/KubernetesClusters';
import { annotationCheckType } from './annotationCheck';
import { entityFieldCheckType } from './entityFieldCheck';
import { helmResourcesCheckType } from './helmResourcesCheck';
import { imageSignatureCheckType } from './imageSignatureCheck';
import { createKubernetesPdbCheckType } from './kubernetesPdbCheck';
import { prometheusSloRuleCheckType } from './prometheusSloRuleCheck';
import { workflowStepCheckType } from './workflowStepCheck';

const entity = (
  annotations: Record<string, string> = {},
  spec: Record<string, unknown> = { owner: 'group:order-squad' },
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'order-service', annotations },
  spec: { type: 'service', lifecycle: 'production', ...spec },
});

const context = (
  files: RepositoryFile[] | Error = [],
  sources: CheckContext['evidenceSource'] = id => {
    throw new Error(`no evidence source "${id}" is installed`);
  },
): CheckContext => ({
  repositoryYamlFiles: async () => {
    if (files instanceof Error) throw files;
    return files;
  },
  evidenceSource: sources,
  signal: new AbortController().signal,
});

async function run<T>(
  type: ScorecardCheckType<T>,
  params: object | undefined,
  e: Entity,
  ctx: CheckContext = context(),
) {
  const parsed = type.parseParams(
    params ? new ConfigReader(params as any) : undefined,
  );
  return type.evaluate(e, parsed, ctx);
}

describe('entity-field', () => {
  const params = { field: 'spec.owner', refKind: 'group' };
  it('passes for a group owner, bare or qualified', async () => {
    expect(await run(entityFieldCheckType, params, entity())).toEqual({
      status: 'passed',
      detail: 'spec.owner is group:order-squad',
    });
    expect(
      (await run(entityFieldCheckType, params, entity({}, { owner: 'squad' })))
        .status,
    ).toBe('passed');
  });
  it('fails when missing, empty, or not a group', async () => {
    expect(
      await run(entityFieldCheckType, params, entity({}, { owner: '' })),
    ).toEqual({ status: 'failed', detail: 'spec.owner is not set' });
    expect(
      await run(
        entityFieldCheckType,
        params,
        entity({}, { owner: 'user:alice' }),
      ),
    ).toEqual({
      status: 'failed',
      detail: 'spec.owner is "user:alice", a user, not a group',
    });
  });
  it('refuses a missing field parameter or a broken pattern', () => {
    expect(() => entityFieldCheckType.parseParams(undefined)).toThrow(
      'params.field is required',
    );
    expect(() =>
      entityFieldCheckType.parseParams(
        new ConfigReader({ field: 'spec.owner', pattern: '([' }),
      ),
    ).toThrow(/params.pattern is not a valid regular expression/);
  });
});

describe('annotation', () => {
  it('passes when present, fails when missing, empty or not matching', async () => {
    const p = { annotation: 'pagerduty.com/service-id' };
    expect(
      await run(
        annotationCheckType,
        p,
        entity({ 'pagerduty.com/service-id': 'PXXXXX' }),
      ),
    ).toEqual({ status: 'passed', detail: 'pagerduty.com/service-id: PXXXXX' });
    expect(await run(annotationCheckType, p, entity())).toEqual({
      status: 'failed',
      detail: 'no pagerduty.com/service-id annotation',
    });
    expect(
      (
        await run(
          annotationCheckType,
          p,
          entity({ 'pagerduty.com/service-id': ' ' }),
        )
      ).status,
    ).toBe('failed');
    const runbook = { annotation: 'runbook.io/url', pattern: '^https?://' };
    expect(
      await run(
        annotationCheckType,
        runbook,
        entity({ 'runbook.io/url': 'wiki page' }),
      ),
    ).toEqual({
      status: 'failed',
      detail: String.raw`runbook.io/url is "wiki page", which does not match ^https?:\/\/`,
    });
    const slo = { annotation: 'slo.io/slo-defined', equals: 'true' };
    expect(
      (
        await run(
          annotationCheckType,
          slo,
          entity({ 'slo.io/slo-defined': 'false' }),
        )
      ).detail,
    ).toBe('slo.io/slo-defined is "false", expected "true"');
  });
});

const sloRule = (labels: string) => `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: order-slo}
spec:
  groups:
    - name: g
      rules:
        - record: x
          expr: up
          labels: ${labels}
`;

describe('prometheus-slo-rule', () => {
  it('passes for a PrometheusRule with an SLO label, in a multi-document file', async () => {
    const files = [
      { path: 'README.yaml', content: 'a: [' }, // does not parse: ignored
      {
        path: 'deploy/all.yaml',
        content: `kind: Service\n---\n${sloRule(
          '{sloth_id: order-availability}',
        )}`,
      },
    ];
    expect(
      await run(
        prometheusSloRuleCheckType,
        undefined,
        entity(),
        context(files),
      ),
    ).toEqual({
      status: 'passed',
      detail:
        'PrometheusRule order-slo (deploy/all.yaml) has 1 rule(s) with SLO labels',
    });
  });
  it('fails for rules without SLO labels, and for none at all', async () => {
    expect(
      (
        await run(
          prometheusSloRuleCheckType,
          undefined,
          entity(),
          context([{ path: 'r.yaml', content: sloRule('{severity: page}') }]),
        )
      ).detail,
    ).toBe(
      'PrometheusRule order-slo (r.yaml) has no rule with a label matching ^slo',
    );
    expect(
      await run(prometheusSloRuleCheckType, undefined, entity(), context([])),
    ).toEqual({
      status: 'failed',
      detail: 'no PrometheusRule in the repository (0 YAML files read)',
    });
  });
  it('lets a repository that cannot be read surface as an error (unknown)', async () => {
    await expect(
      run(
        prometheusSloRuleCheckType,
        undefined,
        entity(),
        context(new Error('repository x could not be read (HTTP 404)')),
      ),
    ).rejects.toThrow('could not be read');
  });
});

describe('workflow-step', () => {
  const workflow = (step: string) => `name: CI
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      ${step}
`;
  it('finds the Trivy action or a trivy command', async () => {
    expect(
      await run(
        workflowStepCheckType,
        undefined,
        entity(),
        context([
          {
            path: '.github/workflows/ci.yml',
            content: workflow('- uses: aquasecurity/trivy-action@0.35.0'),
          },
        ]),
      ),
    ).toEqual({
      status: 'passed',
      detail: 'Trivy step in .github/workflows/ci.yml (job build)',
    });
    expect(
      (
        await run(
          workflowStepCheckType,
          undefined,
          entity(),
          context([
            {
              path: '.github/workflows/ci.yml',
              content: workflow('- run: trivy image --exit-code 1 app'),
            },
          ]),
        )
      ).status,
    ).toBe('passed');
  });
  it('fails without the step, and without workflows (files elsewhere do not count)', async () => {
    expect(
      (
        await run(
          workflowStepCheckType,
          undefined,
          entity(),
          context([
            {
              path: '.github/workflows/ci.yml',
              content: workflow('- run: make'),
            },
            {
              path: 'docs/trivy.yml',
              content: workflow('- uses: aquasecurity/trivy-action@1'),
            },
          ]),
        )
      ).detail,
    ).toBe('no Trivy step in .github/workflows/ci.yml');
    expect(
      (await run(workflowStepCheckType, undefined, entity(), context([])))
        .detail,
    ).toBe('no GitHub Actions workflow in .github/workflows/');
  });
});

describe('helm-resources', () => {
  it('passes when requests and the memory limit are set, at any depth', async () => {
    const values = `app:\n  resources:\n    requests: {cpu: 100m, memory: 128Mi}\n    limits: {memory: 256Mi}\n`;
    expect(
      await run(
        helmResourcesCheckType,
        undefined,
        entity(),
        context([{ path: 'charts/order/values.yaml', content: values }]),
      ),
    ).toEqual({
      status: 'passed',
      detail:
        'charts/order/values.yaml sets resources requests.cpu, requests.memory, limits.memory',
    });
  });
  it('names what is missing, or that there are no values', async () => {
    expect(
      (
        await run(
          helmResourcesCheckType,
          undefined,
          entity(),
          context([
            {
              path: 'helm/values.yaml',
              content: 'resources:\n  requests: {cpu: 1}\n',
            },
          ]),
        )
      ).detail,
    ).toBe(
      'helm/values.yaml does not set resources requests.memory, limits.memory',
    );
    expect(
      (await run(helmResourcesCheckType, undefined, entity(), context([])))
        .detail,
    ).toBe('no Helm values file (values.yaml) in the repository');
  });
});

describe('kubernetes-pdb (Kubernetes API stand-ins)', () => {
  let prod: KubernetesStandIn;
  let staging: KubernetesStandIn;
  beforeAll(async () => {
    prod = await KubernetesStandIn.start();
    staging = await KubernetesStandIn.start({ unauthorized: true });
  });
  afterAll(async () => {
    await prod.close();
    await staging.close();
  });

  const clusters = (urls: string[]) =>
    KubernetesClusters.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: urls.map((url, i) => ({
                name: i === 0 ? 'production-us' : 'staging',
                url,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'sandbox-k8s-token',
                skipTLSVerify: true,
              })),
            },
          ],
        },
      }),
    );
  const annotated = entity({
    'backstage.io/kubernetes-id': 'order-service',
    'backstage.io/kubernetes-namespace': 'order-service',
  });

  it('fails when no cluster has one, unknown when a cluster cannot be read', async () => {
    const onlyProd = createKubernetesPdbCheckType({
      clusters: clusters([prod.url]),
    });
    expect(await run(onlyProd, undefined, annotated)).toEqual({
      status: 'failed',
      detail:
        'no PodDisruptionBudget (namespace order-service) on production-us',
    });
    const both = createKubernetesPdbCheckType({
      clusters: clusters([prod.url, staging.url]),
    });
    expect(await run(both, undefined, annotated)).toEqual({
      status: 'unknown',
      detail:
        'cluster staging could not be read (HTTP 401: Unauthorized); none on production-us',
    });
  });

  it('passes when a PDB exists, even if another cluster is down; by label without a namespace', async () => {
    prod.seed({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: {
        name: 'order-service',
        namespace: 'order-service',
        labels: { 'backstage.io/kubernetes-id': 'order-service' },
      },
      spec: { minAvailable: 2 },
    } as any);
    const both = createKubernetesPdbCheckType({
      clusters: clusters([prod.url, staging.url]),
    });
    expect(await run(both, undefined, annotated)).toEqual({
      status: 'passed',
      detail:
        'PodDisruptionBudget order-service (namespace order-service) on production-us',
    });
    const byLabel = entity({ 'backstage.io/kubernetes-id': 'order-service' });
    expect((await run(both, undefined, byLabel)).status).toBe('passed');
    expect(await run(both, undefined, entity())).toEqual({
      status: 'failed',
      detail:
        'no backstage.io/kubernetes-id or backstage.io/kubernetes-namespace annotation: no workload to look at',
    });
  });

  it('reports a server error of a cluster as unknown', async () => {
    prod.failNext('GET', /poddisruptionbudgets/, 500);
    const onlyProd = createKubernetesPdbCheckType({
      clusters: clusters([prod.url]),
    });
    const outcome = await run(onlyProd, undefined, annotated);
    expect(outcome.status).toBe('unknown');
    expect(outcome.detail).toMatch(
      /^cluster production-us could not be read \(HTTP 500/,
    );
  });
});

describe('image-signature with the cosign-registry source (OCI registry stand-in)', () => {
  let registry: OciRegistryStandIn;
  let source: CosignRegistryEvidenceSource;
  beforeAll(async () => {
    registry = await OciRegistryStandIn.start({ tokens: ['t0ken'] });
    registry.pushImage('order-service', '4f2a9c1', { signed: true });
    registry.pushImage('payment-service', '1.4.2');
    source = CosignRegistryEvidenceSource.fromConfig(
      new ConfigReader({
        scorecard: {
          evidence: {
            cosign: {
              registries: [
                {
                  host: 'registry.example.com',
                  baseUrl: registry.url,
                  token: 't0ken',
                },
                {
                  host: 'other.example.com',
                  baseUrl: registry.url,
                  token: 'wrong',
                },
              ],
            },
          },
        },
      }),
    );
  });
  afterAll(() => registry.close());

  const check = (image: string) =>
    run(
      imageSignatureCheckType,
      undefined,
      entity({ 'myorg.com/container-image': image }),
      context([], () => source),
    );

  it('passes for a signed image and fails for an unsigned or missing one', async () => {
    const signed = await check('registry.example.com/order-service:4f2a9c1');
    expect(signed.status).toBe('passed');
    expect(signed.detail).toMatch(
      /^Cosign signature sha256-[a-f0-9]{64}\.sig for registry\.example\.com\/order-service:4f2a9c1$/,
    );
    expect(
      (await check('registry.example.com/payment-service:1.4.2')).detail,
    ).toMatch(
      /^no Cosign signature for registry\.example\.com\/payment-service:1\.4\.2/,
    );
    expect(await check('registry.example.com/payment-service:9.9.9')).toEqual({
      status: 'failed',
      detail:
        'image registry.example.com/payment-service:9.9.9 is not in registry.example.com',
    });
  });

  it('is unknown when the registry refuses, is not configured, or fails', async () => {
    expect(await check('other.example.com/order-service:4f2a9c1')).toEqual({
      status: 'unknown',
      detail:
        'registry other.example.com answered HTTP 401 for other.example.com/order-service:4f2a9c1',
    });
    expect((await check('ghcr.io/x/y:1')).detail).toBe(
      'no registry ghcr.io in scorecard.evidence.cosign.registries',
    );
    expect((await check('NOT AN IMAGE')).status).toBe('unknown');
    registry.failNext('HEAD', /sha256-.*\.sig$/, 503);
    expect(
      (await check('registry.example.com/order-service:4f2a9c1')).detail,
    ).toMatch(/answered HTTP 503 for the signature/);
    expect(
      await run(
        imageSignatureCheckType,
        undefined,
        entity(),
        context([], () => source),
      ),
    ).toEqual({
      status: 'unknown',
      detail:
        'no myorg.com/container-image annotation and no Kubernetes workload (backstage.io/kubernetes-id): the image to verify is not known',
    });
  });

  it('without the annotation, verifies what the Deployments run', async () => {
    const k8s = await KubernetesStandIn.start();
    try {
      k8s.seedWorkload({
        namespace: 'order-service',
        name: 'order-service',
        labels: { 'backstage.io/kubernetes-id': 'order-service' },
        replicas: 1,
        image: 'registry.example.com/order-service:4f2a9c1',
      });
      const config = new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'production-us',
                  url: k8s.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 'sandbox-k8s-token',
                },
              ],
            },
          ],
        },
        scorecard: {
          evidence: {
            cosign: {
              registries: [
                {
                  host: 'registry.example.com',
                  baseUrl: registry.url,
                  token: 't0ken',
                },
              ],
            },
          },
        },
      });
      const fromWorkload = CosignRegistryEvidenceSource.fromConfig(
        config,
        KubernetesClusters.fromConfig(config),
      );
      const running = entity({ 'backstage.io/kubernetes-id': 'order-service' });
      const outcome = await run(
        imageSignatureCheckType,
        undefined,
        running,
        context([], () => fromWorkload),
      );
      expect(outcome.status).toBe('passed');
      expect(outcome.detail).toContain(
        'registry.example.com/order-service:4f2a9c1',
      );
      const absent = entity({ 'backstage.io/kubernetes-id': 'billing' });
      expect(
        await run(
          imageSignatureCheckType,
          undefined,
          absent,
          context([], () => fromWorkload),
        ),
      ).toEqual({
        status: 'unknown',
        detail:
          'no Deployment labelled backstage.io/kubernetes-id=billing on any cluster, and no myorg.com/container-image annotation',
      });
    } finally {
      await k8s.close();
    }
  });
});

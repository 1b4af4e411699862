import { ConfigReader } from '@backstage/config';
import { KubernetesStandIn } from 'sandbox';
import { KubernetesClusters } from '../evidence/KubernetesClusters';
import { entity, run } from './__testUtils__/runCheck';
import { createKubernetesPdbCheckType } from './kubernetesPdbCheck';

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

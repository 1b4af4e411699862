import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { createStandInTls, KubernetesStandIn, StandInTls } from 'sandbox';
import { KubernetesClusters } from './KubernetesClusters';

/*
 * The clusters of the Kubernetes plugin's configuration, listed over HTTPS
 * (the sandbox's Kubernetes API stand-ins) with each cluster's caData, as
 * the Kubernetes tab reaches them.
 */

describe('KubernetesClusters', () => {
  let tls: StandInTls;
  let prod: KubernetesStandIn;
  let staging: KubernetesStandIn;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    tls = createStandInTls();
    prod = await KubernetesStandIn.start({ tls });
    staging = await KubernetesStandIn.start({ unauthorized: true, tls });
    prod.seedWorkload({ namespace: 'order-service', name: 'order-service' });
  });
  afterAll(async () => {
    await prod.close();
    await staging.close();
  });

  const configOf = (clusters: JsonObject[]) =>
    new ConfigReader({
      kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters }] },
    });
  const cluster = (name: string, url: string, extra: JsonObject = {}) => ({
    name,
    url,
    authProvider: 'serviceAccount',
    serviceAccountToken: 'sandbox-k8s-token',
    ...extra,
  });
  const caData = () => Buffer.from(tls.ca).toString('base64');
  const deployments = (clusters: KubernetesClusters) =>
    clusters.list('/apis/apps/v1/deployments', {}, signal);

  it("lists over HTTPS trusting each cluster's caData", async () => {
    const results = await deployments(
      KubernetesClusters.fromConfig(
        configOf([
          cluster('production-us', prod.url, { caData: caData() }),
          cluster('staging', staging.url, { caData: caData() }),
        ]),
      ),
    );
    expect(results).toEqual([
      {
        cluster: 'production-us',
        items: [
          expect.objectContaining({
            metadata: expect.objectContaining({ name: 'order-service' }),
          }),
        ],
      },
      { cluster: 'staging', error: 'HTTP 401: Unauthorized' },
    ]);
  });

  it('refuses a cluster whose certificate it cannot verify, unless skipTLSVerify', async () => {
    const requests = prod.requests.length;
    const [refused] = await deployments(
      KubernetesClusters.fromConfig(
        configOf([cluster('production-us', prod.url)]),
      ),
    );
    expect(refused).toEqual({
      cluster: 'production-us',
      error: expect.stringContaining('unable to verify the first certificate'),
    });
    expect(prod.requests).toHaveLength(requests);

    const [skipped] = await deployments(
      KubernetesClusters.fromConfig(
        configOf([cluster('production-us', prod.url, { skipTLSVerify: true })]),
      ),
    );
    expect(skipped).toMatchObject({ items: [expect.anything()] });
  });

  it('reads only service-account clusters', async () => {
    expect(
      await deployments(
        KubernetesClusters.fromConfig(
          configOf([
            cluster('gke', prod.url, {
              authProvider: 'google',
              caData: caData(),
            }),
          ]),
        ),
      ),
    ).toEqual([
      {
        cluster: 'gke',
        error:
          'auth provider google is not supported by scorecards (serviceAccount only)',
      },
    ]);
  });
});

import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { readKubernetesClusters } from './readKubernetesClusters';

const PEM =
  '-----BEGIN CERTIFICATE-----\nMIIBsandbox\n-----END CERTIFICATE-----\n';

const kubernetes = (clusterLocatorMethods: JsonObject[]) =>
  new ConfigReader({ kubernetes: { clusterLocatorMethods } });

describe('readKubernetesClusters', () => {
  it('reads every cluster of the config locators, in order', () => {
    const clusters = readKubernetesClusters(
      kubernetes([
        {
          type: 'config',
          clusters: [
            {
              name: 'production-us',
              url: 'https://prod-us.k8s.internal/',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'prod-token',
              caData: Buffer.from(PEM).toString('base64'),
            },
          ],
        },
        // found at run time, not here
        { type: 'catalog' },
        { type: 'localKubectlProxy' },
        {
          type: 'config',
          clusters: [
            {
              name: 'dev',
              url: 'http://127.0.0.1:8001',
              authProvider: 'google',
              skipTLSVerify: true,
            },
          ],
        },
      ]),
    );
    expect(clusters).toEqual([
      {
        name: 'production-us',
        url: 'https://prod-us.k8s.internal',
        authProvider: 'serviceAccount',
        serviceAccountToken: 'prod-token',
        ca: PEM,
        skipTLSVerify: false,
      },
      {
        name: 'dev',
        url: 'http://127.0.0.1:8001',
        authProvider: 'google',
        serviceAccountToken: undefined,
        ca: undefined,
        skipTLSVerify: true,
      },
    ]);
  });

  it('reads no cluster without Kubernetes configuration', () => {
    expect(readKubernetesClusters(new ConfigReader({}))).toEqual([]);
    expect(readKubernetesClusters(kubernetes([{ type: 'config' }]))).toEqual(
      [],
    );
  });

  it('refuses a cluster without the keys the Kubernetes plugin requires', () => {
    for (const [key, cluster] of [
      ['name', { url: 'https://a', authProvider: 'serviceAccount' }],
      ['url', { name: 'a', authProvider: 'serviceAccount' }],
      ['authProvider', { name: 'a', url: 'https://a' }],
    ] as const) {
      expect(() =>
        readKubernetesClusters(
          kubernetes([{ type: 'config', clusters: [cluster] }]),
        ),
      ).toThrow(
        `Missing required config value at 'kubernetes.clusterLocatorMethods[0].clusters[0].${key}'`,
      );
    }
  });
});

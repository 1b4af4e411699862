import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { createStandInTls, StandInTls } from '../tls';
import { KubernetesStandIn } from './KubernetesStandIn';

/*
 * @kubernetes/client-node against the Kubernetes API stand-in over HTTPS,
 * pointed at it the way a developer points a client at a real cluster: a
 * kubeconfig with the API server's address, a service-account token and
 * the cluster's CA (certificate-authority-data, what a cluster's caData in
 * app-config holds). Without that CA, or with another, the client refuses
 * the server's certificate before sending anything.
 */

const TOKEN = 'cluster-client-token';

/** a kubeconfig as kubectl reads it */
function kubeconfig(server: string, ca?: string): KubeConfig {
  const caLine = ca
    ? `      certificate-authority-data: ${Buffer.from(ca).toString(
        'base64',
      )}\n`
    : '';
  const kc = new KubeConfig();
  kc.loadFromString(`apiVersion: v1
kind: Config
clusters:
  - name: production-us
    cluster:
      server: ${server}
${caLine}users:
  - name: backstage
    user:
      token: ${TOKEN}
contexts:
  - name: production-us
    context:
      cluster: production-us
      user: backstage
current-context: production-us
`);
  return kc;
}

describe('@kubernetes/client-node against the stand-in over HTTPS', () => {
  let tls: StandInTls;
  let cluster: KubernetesStandIn;
  let refusing: KubernetesStandIn;

  beforeAll(async () => {
    tls = createStandInTls();
    cluster = await KubernetesStandIn.start({ token: TOKEN, tls });
    refusing = await KubernetesStandIn.start({ unauthorized: true, tls });
  });
  afterAll(async () => {
    await cluster.close();
    await refusing.close();
  });

  it('with the CA lists namespaces and server-side applies', async () => {
    expect(cluster.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const kc = kubeconfig(cluster.url, tls.ca);
    const core = kc.makeApiClient(CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).toEqual(
      expect.arrayContaining(['default', 'kube-system']),
    );

    const objects = KubernetesObjectApi.makeApiClient(kc);
    for (const manifest of [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'payments' },
        data: { region: 'us-east-1' },
      },
    ]) {
      await objects.patch(
        manifest,
        undefined,
        undefined,
        'backstage',
        true,
        PatchStrategy.ServerSideApply,
      );
    }
    const configMap = await core.readNamespacedConfigMap({
      name: 'settings',
      namespace: 'payments',
    });
    expect(configMap.data).toEqual({ region: 'us-east-1' });
    // the stand-in's own kubeConfig() carries the CA the same way
    const own = new KubeConfig();
    own.loadFromOptions(cluster.kubeConfig());
    expect(own.getCurrentCluster()?.caData).toBe(
      Buffer.from(tls.ca).toString('base64'),
    );
    expect(
      (await own.makeApiClient(CoreV1Api).listNamespace()).items.length,
    ).toBe(namespaces.items.length + 1);
  });

  it('with the CA, a cluster refusing the token answers 401', async () => {
    const core = kubeconfig(refusing.url, tls.ca).makeApiClient(CoreV1Api);
    const error = await core.listNamespace().catch(e => e);
    expect(error).toBeInstanceOf(ApiException);
    expect(error.code).toBe(401);
  });

  it('without the CA, or with another, refuses the certificate and sends nothing', async () => {
    const requests = cluster.requests.length;
    for (const ca of [undefined, createStandInTls().ca]) {
      const core = kubeconfig(cluster.url, ca).makeApiClient(CoreV1Api);
      await expect(core.listNamespace()).rejects.toThrow(
        /unable to verify the first certificate/,
      );
    }
    expect(cluster.requests).toHaveLength(requests);
  });
});

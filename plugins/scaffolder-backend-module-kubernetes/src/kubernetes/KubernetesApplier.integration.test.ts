import type { KubernetesClusterConfig } from '@internal/backstage-kubernetes-clusters-node';
import { createStandInTls, KubernetesStandIn } from 'sandbox';
import { ClientNodeKubernetesApplier } from './KubernetesApplier';
import { Manifest } from './manifests';

/*
 * The applier with the official @kubernetes/client-node, over HTTPS with the
 * cluster's CA (configuration's caData), against the sandbox's Kubernetes API
 * stand-in: server-side apply creates and converges, and every failure names
 * the cluster, the object and the API server's reason.
 */

const namespace: Manifest = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'payments', labels: { team: 'payments-squad' } },
};
const quota: Manifest = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'payments-quota', namespace: 'payments' },
  spec: { hard: { pods: '20' } },
};

describe('ClientNodeKubernetesApplier', () => {
  let api: KubernetesStandIn;
  let refusing: KubernetesStandIn;
  let cluster: KubernetesClusterConfig;
  const applier = new ClientNodeKubernetesApplier();
  const options = { fieldManager: 'backstage' };

  beforeAll(async () => {
    const tls = createStandInTls();
    api = await KubernetesStandIn.start({ token: 'right-token', tls });
    refusing = await KubernetesStandIn.start({ unauthorized: true, tls });
    cluster = {
      name: 'production-us',
      url: api.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: 'right-token',
      ca: tls.ca,
      skipTLSVerify: false,
    };
  });

  afterAll(async () => {
    await api.close();
    await refusing.close();
  });

  it('creates objects with server-side apply, and a second apply converges', async () => {
    const first = await applier.apply(cluster, namespace, options);
    await applier.apply(cluster, quota, options);
    expect(first).toMatchObject({ kind: 'Namespace', name: 'payments' });
    expect(first.uid).toMatch(/^[0-9a-f-]{36}$/);

    const again = await applier.apply(
      cluster,
      { ...quota, spec: { hard: { pods: '30' } } },
      options,
    );
    const stored = api.objects({
      kind: 'ResourceQuota',
      namespace: 'payments',
    });
    expect(stored).toHaveLength(1);
    expect(stored[0].metadata.uid).toBe(again.uid);
    expect(stored[0].spec).toEqual({ hard: { pods: '30' } });
    expect(
      api.requests
        .filter(r => r.method === 'PATCH')
        .map(r => [r.contentType, r.query.fieldManager]),
    ).toEqual([
      ['application/apply-patch+yaml', 'backstage'],
      ['application/apply-patch+yaml', 'backstage'],
      ['application/apply-patch+yaml', 'backstage'],
    ]);
  });

  it('names the cluster when it refuses the token', async () => {
    await expect(
      applier.apply(
        {
          ...cluster,
          name: 'staging',
          url: refusing.url,
          serviceAccountToken: 'x',
        },
        namespace,
        options,
      ),
    ).rejects.toThrow(
      `Kubernetes cluster "staging" (${refusing.url}) refused the service-account token (401 Unauthorized); check its serviceAccountToken`,
    );
  });

  it("passes on the API server's validation message", async () => {
    await expect(
      applier.apply(
        cluster,
        {
          ...quota,
          metadata: { name: 'quota', namespace: 'no-such-namespace' },
        },
        options,
      ),
    ).rejects.toThrow(
      /ResourceQuota no-such-namespace\/quota \(404\): namespaces "no-such-namespace" not found/,
    );
  });

  it('says when the cluster does not serve a kind', async () => {
    await expect(
      applier.apply(
        cluster,
        {
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'w', namespace: 'payments' },
        },
        options,
      ),
    ).rejects.toThrow(/does not serve example.com\/v1 Widget/);
  });

  it('reports an API server error with its status', async () => {
    api.failNext(
      'PATCH',
      /resourcequotas/,
      500,
      'etcdserver: request timed out',
    );
    await expect(applier.apply(cluster, quota, options)).rejects.toThrow(
      /answered 500 applying ResourceQuota payments\/payments-quota: etcdserver: request timed out/,
    );
  });

  it('reports an unreachable cluster', async () => {
    await expect(
      applier.apply(
        {
          name: 'gone',
          url: 'http://127.0.0.1:1',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'x',
          skipTLSVerify: true,
        },
        namespace,
        options,
      ),
    ).rejects.toThrow(
      /Could not reach Kubernetes cluster "gone" \(http:\/\/127.0.0.1:1\) to apply Namespace payments/,
    );
  });

  it('does not apply to a cluster whose certificate it cannot verify', async () => {
    // the cluster's CA left out: the system's CAs do not know the sandbox's
    const { ca: _, ...withoutCa } = cluster;
    const requests = api.requests.length;
    await expect(
      applier.apply({ ...withoutCa, name: 'no-ca' }, namespace, options),
    ).rejects.toThrow(
      /Could not reach Kubernetes cluster "no-ca" \(https:\/\/127\.0\.0\.1:\d+\) to apply Namespace payments; caused by .*unable to verify the first certificate/,
    );
    // refused in the TLS handshake: no request reached the API server
    expect(api.requests).toHaveLength(requests);
  });
});

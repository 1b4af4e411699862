/**
 * The Kubernetes backend runs in this test's process: resolve packages with
 * Node's export conditions, not jsdom's `browser` ones (whose build of
 * @azure/identity, which the backend loads, throws on construction).
 *
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { mockApis } from '@backstage/frontend-test-utils';
import kubernetesBackend from '@backstage/plugin-kubernetes-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import clusterTimeoutModule from '@internal/backstage-plugin-kubernetes-backend-module-cluster-timeout';
import { screen } from '@testing-library/react';
import { KubernetesStandIn } from 'sandbox';
import {
  orderService,
  renderEntityExtension,
  startBackend,
} from './__testUtils__/portal';

/*
 * The Kubernetes tab on order-service: the Kubernetes backend configured as
 * app-config.yaml configures it (multiTenant, config clusters with
 * service-account tokens, the Argo Rollouts custom resource) with our
 * cluster timeout, against Kubernetes API stand-ins: production-us runs the
 * service, staging refuses the portal's credentials (as in development),
 * eu-west answers, too late when a test says so.
 */

jest.setTimeout(60_000);

describe('Kubernetes tab', () => {
  let production: KubernetesStandIn;
  let staging: KubernetesStandIn;
  let euWest: KubernetesStandIn;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  const entity = orderService();
  const byLabel = {
    ...orderService(),
    metadata: {
      ...orderService().metadata,
      name: 'order-service-by-label',
      annotations: {
        'backstage.io/kubernetes-label-selector': 'app=order-service',
      },
    },
  };

  beforeAll(async () => {
    production = await KubernetesStandIn.start({ token: 'prod-token' });
    staging = await KubernetesStandIn.start({ unauthorized: true });
    euWest = await KubernetesStandIn.start({ token: 'eu-token' });
    production.seedWorkload({
      namespace: 'order-service',
      name: 'order-service',
      labels: {
        app: 'order-service',
        'backstage.io/kubernetes-id': 'order-service',
      },
      replicas: 3,
    });
    // outside backstage.io/kubernetes-namespace: not order-service's tab
    production.seedWorkload({
      namespace: 'order-service-canary',
      name: 'order-service-canary',
      labels: {
        app: 'order-service',
        'backstage.io/kubernetes-id': 'order-service',
      },
      replicas: 1,
    });
    euWest.seedWorkload({
      namespace: 'order-service',
      name: 'order-service',
      labels: { 'backstage.io/kubernetes-id': 'order-service' },
    });
    const cluster = (name: string, url: string, token: string) => ({
      name,
      url,
      authProvider: 'serviceAccount',
      serviceAccountToken: token,
    });
    backend = await startBackend({
      features: [kubernetesBackend, clusterTimeoutModule],
      entities: [entity, byLabel],
      config: {
        kubernetes: {
          clusterTimeout: { seconds: 2 },
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                cluster('production-us', production.url, 'prod-token'),
                cluster('staging', staging.url, 'staging-token'),
                cluster('eu-west', euWest.url, 'eu-token'),
              ],
            },
          ],
          customResources: [
            {
              group: 'argoproj.io',
              apiVersion: 'v1alpha1',
              plural: 'rollouts',
            },
          ],
        },
      },
    });
  });

  afterEach(() => euWest.setLatency(0));

  afterAll(async () => {
    await backend?.stop();
    await production?.close();
    await staging?.close();
    await euWest?.close();
  });

  const render = (e = entity) =>
    renderEntityExtension(
      kubernetesPlugin.getExtension('entity-content:kubernetes/kubernetes'),
      {
        entity: e,
        backendUrl: backend.url,
        features: [kubernetesPlugin],
        apis: [mockApis.permission()],
      },
    );

  const errorPanel = /There was a problem retrieving Kubernetes objects/;
  const unauthorized = (resource: string) =>
    `Error fetching Kubernetes resource: '/api/v1/namespaces/order-service/${resource}', error: UNAUTHORIZED_ERROR, status code: 401`;

  it("shows the pods of kubernetes-id in kubernetes-namespace, and staging's 401 as staging's error", async () => {
    render();
    // the first render loads the Kubernetes plugin's UI: slow on a busy
    // machine (4 s alone, over 10 s beside other test workers)
    expect(
      await screen.findByText('production-us', {}, { timeout: 30_000 }),
    ).toBeInTheDocument();
    // production-us: the 3 pods in order-service, not the canary namespace's
    expect(await screen.findByText('3 pods')).toBeInTheDocument();
    expect(screen.getByText('eu-west')).toBeInTheDocument();
    expect(screen.getByText('1 pod')).toBeInTheDocument();
    expect(screen.queryByText(/order-service-canary/)).toBeNull();
    // staging: an error under its name, never "no resources"
    expect(screen.getByText(errorPanel)).toBeInTheDocument();
    expect(screen.getByText('Cluster: staging')).toBeInTheDocument();
    expect(screen.getByText(unauthorized('pods'))).toBeInTheDocument();
    expect(screen.queryByText('No Kubernetes resources')).toBeNull();
  });

  it('shows the pods of kubernetes-label-selector instead', async () => {
    render(byLabel);
    expect(await screen.findByText('production-us')).toBeInTheDocument();
    // both namespaces on production-us; eu-west's pod lacks the label
    expect(await screen.findByText('4 pods')).toBeInTheDocument();
    expect(screen.queryByText('eu-west')).toBeNull();
    expect(
      screen.getByText(
        "Error fetching Kubernetes resource: '/api/v1/pods', error: UNAUTHORIZED_ERROR, status code: 401",
      ),
    ).toBeInTheDocument();
  });

  it('shows a cluster that does not answer in time as its error, next to the others', async () => {
    euWest.setLatency(10_000);
    render();
    expect(
      await screen.findByText(
        'Error communicating with Kubernetes: FETCH_ERROR, message: cluster eu-west did not answer within 2 s',
        {},
        { timeout: 8_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Cluster: eu-west')).toBeInTheDocument();
    expect(screen.getByText('Cluster: staging')).toBeInTheDocument();
    expect(await screen.findByText('3 pods')).toBeInTheDocument();
  });

  it('shows every failing cluster as an error, not as "no resources", when none answers', async () => {
    production.failNext('GET', /./, 503, 'the server is shutting down', 100);
    euWest.failNext('GET', /./, 503, 'the server is shutting down', 100);
    render();
    expect(await screen.findByText(errorPanel)).toBeInTheDocument();
    for (const cluster of ['production-us', 'staging', 'eu-west']) {
      expect(screen.getByText(`Cluster: ${cluster}`)).toBeInTheDocument();
    }
    expect(screen.queryByText('No Kubernetes resources')).toBeNull();
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import {
  ClusterDetails,
  FetchResponseWrapper,
  KubernetesFetcher,
  ObjectFetchParams,
} from '@backstage/plugin-kubernetes-node';
import { TimeoutKubernetesFetcher } from './TimeoutKubernetesFetcher';

/*
 * The wrapper on its own. The Kubernetes tab with the real backend, this
 * module and the Kubernetes API stand-ins (a slow cluster, a 401 one) is
 * tested in packages/app (src/modules/integrations/kubernetes.test.tsx):
 * the backend loads @kubernetes/client-node with a dynamic import, which
 * Jest runs only in the frontend packages' transform.
 */

const cluster = (name: string): ClusterDetails => ({
  name,
  url: `https://${name}.k8s.internal`,
  authMetadata: {},
});

const params = (name: string) =>
  ({
    clusterDetails: cluster(name),
    credential: { type: 'anonymous' },
    objectTypesToFetch: new Set(),
    serviceId: 'order-service',
    customResources: [],
  } as unknown as ObjectFetchParams);

const pods: FetchResponseWrapper = {
  errors: [],
  responses: [{ type: 'pods', resources: [] }],
};

describe('TimeoutKubernetesFetcher', () => {
  const answerAfter = (ms: number): KubernetesFetcher => ({
    fetchObjectsForService: () =>
      new Promise(resolve => setTimeout(() => resolve(pods), ms)),
    fetchPodMetricsByNamespaces: () =>
      new Promise(resolve => setTimeout(() => resolve(pods), ms)),
  });

  it("passes a cluster's answer within the time limit through", async () => {
    const fetcher = new TimeoutKubernetesFetcher({
      fetcher: answerAfter(10),
      timeoutMs: 1000,
      logger: mockServices.logger.mock(),
    });
    await expect(fetcher.fetchObjectsForService(params('prod'))).resolves.toBe(
      pods,
    );
  });

  it('turns a late answer into a FETCH_ERROR naming the cluster', async () => {
    const logger = mockServices.logger.mock();
    const fetcher = new TimeoutKubernetesFetcher({
      fetcher: answerAfter(2000),
      timeoutMs: 50,
      logger,
    });
    const started = Date.now();
    await expect(
      fetcher.fetchObjectsForService(params('staging')),
    ).resolves.toEqual({
      errors: [
        {
          errorType: 'FETCH_ERROR',
          message: 'cluster staging did not answer within 0.05 s',
        },
      ],
      responses: [],
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(logger.warn).toHaveBeenCalledWith(
      'cluster staging did not answer within 0.05 s',
    );
    await expect(
      fetcher.fetchPodMetricsByNamespaces(
        cluster('staging'),
        { type: 'anonymous' },
        new Set(['order-service']),
      ),
    ).resolves.toMatchObject({ errors: [{ errorType: 'FETCH_ERROR' }] });
  });

  it('passes failures of the wrapped fetcher through', async () => {
    const fetcher = new TimeoutKubernetesFetcher({
      fetcher: {
        ...answerAfter(0),
        fetchObjectsForService: () => Promise.reject(new Error('boom')),
      },
      timeoutMs: 1000,
      logger: mockServices.logger.mock(),
    });
    await expect(
      fetcher.fetchObjectsForService(params('prod')),
    ).rejects.toThrow('boom');
  });
});

import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterDetails,
  FetchResponseWrapper,
  KubernetesCredential,
  KubernetesFetcher,
  ObjectFetchParams,
} from '@backstage/plugin-kubernetes-node';

/**
 * A {@link KubernetesFetcher} that gives each cluster `timeoutMs` to answer.
 * A late cluster's answer becomes a `FETCH_ERROR` for that cluster, which
 * the Kubernetes tab shows in its error panel under the cluster's name
 * (never as "no resources"); the request to the cluster is left to finish
 * or fail on its own.
 */
export class TimeoutKubernetesFetcher implements KubernetesFetcher {
  private readonly fetcher: KubernetesFetcher;
  private readonly timeoutMs: number;
  private readonly logger: LoggerService;

  constructor(options: {
    fetcher: KubernetesFetcher;
    timeoutMs: number;
    logger: LoggerService;
  }) {
    this.fetcher = options.fetcher;
    this.timeoutMs = options.timeoutMs;
    this.logger = options.logger;
  }

  fetchObjectsForService(
    params: ObjectFetchParams,
  ): Promise<FetchResponseWrapper> {
    return this.withTimeout(
      params.clusterDetails,
      this.fetcher.fetchObjectsForService(params),
    );
  }

  fetchPodMetricsByNamespaces(
    clusterDetails: ClusterDetails,
    credential: KubernetesCredential,
    namespaces: Set<string>,
    labelSelector?: string,
  ): Promise<FetchResponseWrapper> {
    return this.withTimeout(
      clusterDetails,
      this.fetcher.fetchPodMetricsByNamespaces(
        clusterDetails,
        credential,
        namespaces,
        labelSelector,
      ),
    );
  }

  private withTimeout(
    cluster: ClusterDetails,
    result: Promise<FetchResponseWrapper>,
  ): Promise<FetchResponseWrapper> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<FetchResponseWrapper>(resolve => {
      timer = setTimeout(() => {
        const message = `cluster ${cluster.name} did not answer within ${
          this.timeoutMs / 1000
        } s`;
        this.logger.warn(message);
        resolve({
          errors: [{ errorType: 'FETCH_ERROR', message }],
          responses: [],
        });
      }, this.timeoutMs);
    });
    return Promise.race([result, timeout]).finally(() => clearTimeout(timer));
  }
}

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { kubernetesFetcherExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { durationToMilliseconds } from '@backstage/types';
import { TimeoutKubernetesFetcher } from './TimeoutKubernetesFetcher';

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Wraps the Kubernetes plugin's default fetcher so that a cluster which does
 * not answer within `kubernetes.clusterTimeout` shows as an error for that
 * cluster, while the other clusters' resources are shown. Upstream waits for
 * the slowest cluster without a limit, so one unreachable cluster keeps the
 * whole tab loading.
 */
export const kubernetesModuleClusterTimeout = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'cluster-timeout',
  register({ registerInit }) {
    registerInit({
      deps: {
        fetcher: kubernetesFetcherExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ fetcher, config, logger }) {
        const timeoutMs = config.has('kubernetes.clusterTimeout')
          ? durationToMilliseconds(
              readDurationFromConfig(config, {
                key: 'kubernetes.clusterTimeout',
              }),
            )
          : DEFAULT_TIMEOUT_MS;
        fetcher.addFetcher(
          async ({ getDefault }) =>
            new TimeoutKubernetesFetcher({
              fetcher: await getDefault(),
              timeoutMs,
              logger,
            }),
        );
      },
    });
  },
});

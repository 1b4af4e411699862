import { InputError } from '@backstage/errors';
import type { KubernetesClusterConfig } from '@internal/backstage-kubernetes-clusters-node';

/**
 * Finds the cluster a step names, by `clusterName` or by `clusterUrl`, among
 * the clusters the Kubernetes plugin already knows
 * (`readKubernetesClusters`), so the action applies only to clusters a
 * platform engineer configured, with the same service-account credentials,
 * and a template can never send manifests (or the token) to a URL of its own
 * choosing.
 */
export function selectCluster(
  clusters: KubernetesClusterConfig[],
  input: { clusterName?: string; clusterUrl?: string },
): KubernetesClusterConfig {
  const known = clusters.length
    ? clusters.map(c => `${c.name} (${c.url})`).join(', ')
    : 'none: add one under kubernetes.clusterLocatorMethods[type=config].clusters';
  if (!input.clusterName && !input.clusterUrl) {
    throw new InputError(
      `kubernetes:apply needs clusterName or clusterUrl; configured clusters: ${known}`,
    );
  }
  const url = input.clusterUrl?.replace(/\/+$/, '');
  const cluster = clusters.find(c =>
    input.clusterName ? c.name === input.clusterName : c.url === url,
  );
  if (!cluster) {
    const wanted = input.clusterName
      ? `named "${input.clusterName}"`
      : `at ${input.clusterUrl}`;
    throw new InputError(
      `No Kubernetes cluster ${wanted} is configured; configured clusters: ${known}`,
    );
  }
  if (input.clusterName && url && cluster.url !== url) {
    throw new InputError(
      `Kubernetes cluster "${cluster.name}" is at ${cluster.url}, not ${input.clusterUrl}; give one of clusterName or clusterUrl`,
    );
  }
  return cluster;
}

import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** A cluster from the Kubernetes plugin's `config` cluster locator. */
export type KubernetesCluster = {
  name: string;
  url: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify?: boolean;
};

/**
 * Reads the clusters the Kubernetes plugin already knows
 * (`kubernetes.clusterLocatorMethods[type=config].clusters`), so the action
 * applies only to clusters a platform engineer configured, with the same
 * service-account credentials, and a template can never send manifests (or
 * the token) to a URL of its own choosing.
 */
export function readKubernetesClusters(config: Config): KubernetesCluster[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods
    .filter(method => method.getString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('clusters') ?? [])
    .map(cluster => ({
      name: cluster.getString('name'),
      url: cluster.getString('url').replace(/\/+$/, ''),
      serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
      caData: cluster.getOptionalString('caData'),
      skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify'),
    }));
}

/** Finds the cluster a step names, by `clusterName` or by `clusterUrl`. */
export function selectCluster(
  clusters: KubernetesCluster[],
  input: { clusterName?: string; clusterUrl?: string },
): KubernetesCluster {
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

import type { Config } from '@backstage/config';

/**
 * A cluster of the Kubernetes plugin's `config` cluster locator, as a
 * client needs it to call the cluster's API server.
 */
export type KubernetesClusterConfig = {
  /** the cluster's name, as the Kubernetes tab shows it */
  name: string;
  /** the API server's URL, without a trailing slash */
  url: string;
  /** how the Kubernetes plugin authenticates: serviceAccount, google, ... */
  authProvider: string;
  /** the bearer token of authProvider serviceAccount */
  serviceAccountToken?: string;
  /**
   * the certificate authority to trust, PEM: `caData` decoded (configuration
   * holds it in base64, as a kubeconfig's certificate-authority-data)
   */
  ca?: string;
  /** accept any certificate (`skipTLSVerify`); default false */
  skipTLSVerify: boolean;
};

/**
 * The clusters of `kubernetes.clusterLocatorMethods` of type `config`, in
 * order, read the way the Kubernetes plugin reads them, so that a backend
 * module calling clusters itself calls the ones the Kubernetes tab shows,
 * with the same credentials and CA. Locators of other types (catalog,
 * gke, ...) are not read: their clusters are found at run time.
 */
export function readKubernetesClusters(
  config: Config,
): KubernetesClusterConfig[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods
    .filter(method => method.getString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('clusters') ?? [])
    .map(cluster => {
      const caData = cluster.getOptionalString('caData');
      return {
        name: cluster.getString('name'),
        url: cluster.getString('url').replace(/\/+$/, ''),
        authProvider: cluster.getString('authProvider'),
        serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
        ca: caData ? Buffer.from(caData, 'base64').toString('utf8') : undefined,
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
      };
    });
}

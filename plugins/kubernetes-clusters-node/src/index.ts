/**
 * The Kubernetes clusters of the Kubernetes plugin's config cluster locator,
 * for the backend modules that call those clusters themselves.
 *
 * @packageDocumentation
 */
export { readKubernetesClusters } from './readKubernetesClusters';
export type { KubernetesClusterConfig } from './readKubernetesClusters';

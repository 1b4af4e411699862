/**
 * Kubernetes backend module: per-cluster timeouts for the Kubernetes tab.
 *
 * @packageDocumentation
 */
export { kubernetesModuleClusterTimeout as default } from './module';
export { TimeoutKubernetesFetcher } from './TimeoutKubernetesFetcher';

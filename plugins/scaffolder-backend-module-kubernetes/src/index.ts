/**
 * Scaffolder module: the `kubernetes:apply` action.
 *
 * @packageDocumentation
 */
export { scaffolderModuleKubernetes as default } from './module';
export { createKubernetesApplyAction } from './actions/apply';
export type {
  AppliedObject,
  KubernetesApplier,
} from './kubernetes/KubernetesApplier';
export { ClientNodeKubernetesApplier } from './kubernetes/KubernetesApplier';

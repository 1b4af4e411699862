/** The objects the Kubernetes stand-in serves, as its public API shows them. */

export type KubernetesOwnerReference = {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
};

export type KubernetesObjectMetadata = {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: KubernetesOwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
};

/** An object as the API server stores and serves it. */
export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: KubernetesObjectMetadata;
  [key: string]: unknown;
};

export type KubernetesObjectFilter = {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
};

/** A request the stand-in received. */
export type KubernetesRecordedRequest = {
  method: string;
  /** The decoded path, e.g. `/apis/apps/v1/namespaces/shop/deployments`. */
  path: string;
  query: Record<string, string>;
  contentType?: string;
};

export type KubernetesWorkloadSeed = {
  namespace: string;
  name: string;
  /** Labels of the Deployment, its pod template and the Service's selector; default `{ app: name }`. */
  labels?: Record<string, string>;
  /** Default 1. */
  replicas?: number;
  /** Default `nginx:1.27`. */
  image?: string;
  /** The container's port, the Service's targetPort; default 8080. */
  containerPort?: number;
};

export type KubernetesSeededWorkload = {
  deployment: KubernetesObject;
  replicaSet: KubernetesObject;
  pods: KubernetesObject[];
  service: KubernetesObject;
};

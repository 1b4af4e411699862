import type { KubernetesClusterConfig } from '@internal/backstage-kubernetes-clusters-node';
import { KubernetesApplier } from '../../kubernetes/KubernetesApplier';
import { Manifest } from '../../kubernetes/manifests';

/** The configured clusters the action may choose from. */
export const clusters: KubernetesClusterConfig[] = [
  {
    name: 'production-us',
    url: 'https://prod-us.k8s.internal',
    authProvider: 'serviceAccount',
    serviceAccountToken: 't',
    skipTLSVerify: false,
  },
  {
    name: 'staging',
    url: 'https://staging.k8s.internal',
    authProvider: 'serviceAccount',
    skipTLSVerify: false,
  },
];

/**
 * Records what it is asked to apply (`cluster kind namespace/name`, and the
 * manifests themselves); can fail on a kind.
 */
export function recordingApplier(failOnce?: { kind: string; error: Error }) {
  let failOn = failOnce;
  const applied: string[] = [];
  const manifests: Manifest[] = [];
  const applier: KubernetesApplier = {
    async apply(cluster, manifest: Manifest) {
      if (failOn && manifest.kind === failOn.kind) {
        const error = failOn.error;
        failOn = undefined; // fails once, like a flaky API server
        throw error;
      }
      applied.push(
        `${cluster.name} ${manifest.kind} ${
          manifest.metadata.namespace ?? '-'
        }/${manifest.metadata.name}`,
      );
      manifests.push(manifest);
      return {
        apiVersion: manifest.apiVersion,
        kind: manifest.kind,
        namespace: manifest.metadata.namespace,
        name: manifest.metadata.name,
        uid: `uid-${manifest.metadata.name}`,
      };
    },
  };
  return { applier, applied, manifests };
}

import { createScorecardCheckType } from '@internal/backstage-plugin-scorecard-node';
import type { KubernetesClusters } from '../evidence/KubernetesClusters';

const ID = 'backstage.io/kubernetes-id';
const NAMESPACE = 'backstage.io/kubernetes-namespace';
const LABEL_SELECTOR = 'backstage.io/kubernetes-label-selector';

/**
 * `kubernetes-pdb`: a PodDisruptionBudget exists for the service, looked up
 * on every cluster of the Kubernetes plugin's configuration: in the
 * `backstage.io/kubernetes-namespace` namespace, or cluster-wide by the
 * entity's label selector (`backstage.io/kubernetes-label-selector`, else
 * `backstage.io/kubernetes-id=<id>`). A cluster that cannot be asked makes
 * the result unknown unless another cluster has one.
 */
export function createKubernetesPdbCheckType(options: {
  clusters: KubernetesClusters;
}) {
  return createScorecardCheckType({
    id: 'kubernetes-pdb',
    parseParams: () => ({}),
    async evaluate(entity, _params, context) {
      const annotations = entity.metadata.annotations ?? {};
      const namespace = annotations[NAMESPACE];
      const selector =
        annotations[LABEL_SELECTOR] ??
        (annotations[ID] ? `${ID}=${annotations[ID]}` : undefined);
      if (!namespace && !selector) {
        return {
          status: 'failed',
          detail: `no ${ID} or ${NAMESPACE} annotation: no workload to look at`,
        };
      }
      if (options.clusters.clusters.length === 0) {
        return {
          status: 'unknown',
          detail:
            'no Kubernetes cluster is configured (kubernetes.clusterLocatorMethods)',
        };
      }
      const path = namespace
        ? `/apis/policy/v1/namespaces/${encodeURIComponent(
            namespace,
          )}/poddisruptionbudgets`
        : '/apis/policy/v1/poddisruptionbudgets';
      const results = await options.clusters.list(
        path,
        namespace || !selector ? {} : { labelSelector: selector },
        context.signal,
      );
      const where = namespace ? `namespace ${namespace}` : `label ${selector}`;
      for (const result of results) {
        if ('items' in result && result.items.length > 0) {
          const names = result.items.map(i => i.metadata?.name).join(', ');
          return {
            status: 'passed',
            detail: `PodDisruptionBudget ${names} (${where}) on ${result.cluster}`,
          };
        }
      }
      const failures = results.filter(
        (r): r is { cluster: string; error: string } => 'error' in r,
      );
      const empty = results.filter(r => 'items' in r).map(r => r.cluster);
      if (failures.length > 0) {
        return {
          status: 'unknown',
          detail: [
            ...failures.map(
              f => `cluster ${f.cluster} could not be read (${f.error})`,
            ),
            ...(empty.length ? [`none on ${empty.join(', ')}`] : []),
          ].join('; '),
        };
      }
      return {
        status: 'failed',
        detail: `no PodDisruptionBudget (${where}) on ${empty.join(', ')}`,
      };
    },
  });
}

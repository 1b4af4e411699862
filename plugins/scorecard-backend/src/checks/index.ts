import type { Config } from '@backstage/config';
import type { ScorecardCheckType } from '@internal/backstage-plugin-scorecard-node';
import { KubernetesClusters } from '../evidence/KubernetesClusters';
import { annotationCheckType } from './annotationCheck';
import { entityFieldCheckType } from './entityFieldCheck';
import { helmResourcesCheckType } from './helmResourcesCheck';
import { imageSignatureCheckType } from './imageSignatureCheck';
import { createKubernetesPdbCheckType } from './kubernetesPdbCheck';
import { prometheusSloRuleCheckType } from './prometheusSloRuleCheck';
import type { PushedCheckDeps } from '../pushedResults/pushedChecks';
import { createPushedBooleanCheckType } from './pushedBooleanCheck';
import { createPushedMetricCheckType } from './pushedMetricCheck';
import { workflowStepCheckType } from './workflowStepCheck';

/**
 * The check types the plugin ships with; `clusters` are the Kubernetes
 * clusters the evidence sources read too (read from `config` if not given);
 * `pushed` where the pushed-metric and pushed-boolean checks read results
 * (without it they only parse their params: config validation).
 */
export function builtInCheckTypes(
  config: Config,
  clusters: KubernetesClusters = KubernetesClusters.fromConfig(config),
  pushed: PushedCheckDeps = {},
): ScorecardCheckType<any>[] {
  return [
    entityFieldCheckType,
    annotationCheckType,
    prometheusSloRuleCheckType,
    workflowStepCheckType,
    helmResourcesCheckType,
    imageSignatureCheckType,
    createKubernetesPdbCheckType({ clusters }),
    createPushedMetricCheckType(pushed),
    createPushedBooleanCheckType(pushed),
  ];
}

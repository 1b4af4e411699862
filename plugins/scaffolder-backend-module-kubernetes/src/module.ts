import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readKubernetesClusters } from '@internal/backstage-kubernetes-clusters-node';
import { createKubernetesApplyAction } from './actions/apply';
import { ClientNodeKubernetesApplier } from './kubernetes/KubernetesApplier';

/**
 * Scaffolder module adding `kubernetes:apply`, applying to the clusters of
 * the Kubernetes plugin's config cluster locator.
 */
export const scaffolderModuleKubernetes = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'kubernetes-apply',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolderActions, config, logger }) {
        const clusters = readKubernetesClusters(config);
        logger.info(
          `kubernetes:apply can apply to ${clusters.length} cluster(s)${
            clusters.length ? `: ${clusters.map(c => c.name).join(', ')}` : ''
          }`,
        );
        scaffolderActions.addActions(
          createKubernetesApplyAction({
            clusters,
            applier: new ClientNodeKubernetesApplier(),
          }),
        );
      },
    });
  },
});

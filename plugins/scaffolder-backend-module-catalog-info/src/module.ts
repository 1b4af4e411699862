import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGenerateCatalogInfoAction } from './actions/generateCatalogInfo';

/**
 * Scaffolder module adding `catalog:generate-info`: the draft
 * `catalog-info.yaml` of an existing repository (templates/onboard-repository).
 */
export const scaffolderModuleCatalogInfo = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'catalog-info',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolderActions, config }) {
        scaffolderActions.addActions(
          createGenerateCatalogInfoAction({
            integrations: ScmIntegrations.fromConfig(config),
          }),
        );
      },
    });
  },
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createVaultCreateNamespaceAction } from './actions/createNamespace';
import {
  NodeVaultClient,
  UnconfiguredVault,
  readVaultConfig,
} from './vault/NodeVaultClient';

/**
 * Scaffolder module adding the `vault:*` actions, with a Vault client built
 * from the `vault` section of app-config.
 */
export const scaffolderModuleVault = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'vault',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolderActions, config, logger }) {
        const vaultConfig = readVaultConfig(config);
        if (!vaultConfig) {
          logger.info(
            'No vault config: vault:create-namespace works in dry runs only until vault.baseUrl and vault.token are set',
          );
        }
        const vault = vaultConfig
          ? new NodeVaultClient(vaultConfig)
          : new UnconfiguredVault();
        scaffolderActions.addActions(
          createVaultCreateNamespaceAction({ vault }),
        );
      },
    });
  },
});

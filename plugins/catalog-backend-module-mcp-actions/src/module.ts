import { createBackendModule } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createDryRunRegisterEntityAction } from './actions/createDryRunRegisterEntityAction';

/**
 * Registers the catalog actions upstream's catalog backend does not have.
 * Upstream's own (query-catalog-entities, get-catalog-entity, ...) are
 * registered by `@backstage/plugin-catalog-backend` itself.
 */
export const catalogModuleMcpActions = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'mcp-actions',
  register(reg) {
    reg.registerInit({
      deps: {
        actionsRegistry: actionsRegistryServiceRef,
        catalog: catalogServiceRef,
      },
      async init({ actionsRegistry, catalog }) {
        createDryRunRegisterEntityAction({ actionsRegistry, catalog });
      },
    });
  },
});

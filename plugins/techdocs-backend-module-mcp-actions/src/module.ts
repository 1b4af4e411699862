import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createGetTechdocsPageAction } from './actions/createGetTechdocsPageAction';
import { DocsPages } from './actions/docsPages';

/**
 * Registers `techdocs:get-techdocs-page`. Searching the docs is the search
 * plugin's own action (`search:query`, type `techdocs`).
 */
export const techdocsModuleMcpActions = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'mcp-actions',
  register(reg) {
    reg.registerInit({
      deps: {
        actionsRegistry: actionsRegistryServiceRef,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
      },
      async init({ actionsRegistry, catalog, auth, discovery, config }) {
        createGetTechdocsPageAction({
          actionsRegistry,
          catalog,
          auth,
          discovery,
          pages: DocsPages.fromConfig(config),
        });
      },
    });
  },
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderServiceRef } from '@backstage/plugin-scaffolder-node';
import { createDryRunCatalogTemplateAction } from './actions/createDryRunCatalogTemplateAction';
import { createListTemplatesAction } from './actions/createListTemplatesAction';
import { TemplatePages } from './actions/templatePages';

/**
 * Registers the scaffolder actions upstream's scaffolder backend does not
 * have. Upstream's own (dry-run-template for a template's YAML and files,
 * execute-template, ...) are registered by
 * `@backstage/plugin-scaffolder-backend` itself.
 */
export const scaffolderModuleMcpActions = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'mcp-actions',
  register(reg) {
    reg.registerInit({
      deps: {
        actionsRegistry: actionsRegistryServiceRef,
        catalog: catalogServiceRef,
        scaffolder: scaffolderServiceRef,
        urlReader: coreServices.urlReader,
        config: coreServices.rootConfig,
      },
      async init({ actionsRegistry, catalog, scaffolder, urlReader, config }) {
        const pages = TemplatePages.fromConfig(config);
        createListTemplatesAction({
          actionsRegistry,
          catalog,
          scaffolder,
          pages,
        });
        createDryRunCatalogTemplateAction({
          actionsRegistry,
          catalog,
          scaffolder,
          urlReader,
          integrations: ScmIntegrations.fromConfig(config),
        });
      },
    });
  },
});

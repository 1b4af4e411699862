import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import path from 'node:path';
import { FilePlaceholderProcessor } from './processors/FilePlaceholderProcessor';

/**
 * Lets entities from `file` locations reference files next to them with
 * `$text`/`$json`/`$yaml` and a relative path.
 */
export const catalogModuleFilePlaceholders = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'file-placeholders',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, catalog }) {
        const allowedDirectories = (
          config.getOptionalStringArray(
            'catalog.filePlaceholders.allowedDirectories',
          ) ?? []
        ).map(dir => path.resolve(dir));
        catalog.addProcessor(
          new FilePlaceholderProcessor({ allowedDirectories }),
        );
      },
    });
  },
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { techdocsGeneratorExtensionPoint } from '@backstage/plugin-techdocs-node';
import { SafeTechdocsGenerator } from './SafeTechdocsGenerator';

/** Replaces TechDocs' generator with {@link SafeTechdocsGenerator}. */
export const techdocsModuleMkdocsPolicy = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'mkdocs-policy',
  register({ registerInit }) {
    registerInit({
      deps: {
        generator: techdocsGeneratorExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ generator, config, logger }) {
        generator.setTechdocsGenerator(
          new SafeTechdocsGenerator({
            logger,
            config,
            scmIntegrations: ScmIntegrations.fromConfig(config),
          }).withAllowedPlugins(
            config.getOptionalStringArray(
              'techdocs.generator.mkdocs.dangerouslyAllowAdditionalPlugins',
            ) ?? [],
          ),
        );
      },
    });
  },
});

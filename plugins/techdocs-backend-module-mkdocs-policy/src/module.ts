import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { techdocsGeneratorExtensionPoint } from '@backstage/plugin-techdocs-node';
import fs from 'node:fs';
import { SafeTechdocsGenerator } from './SafeTechdocsGenerator';
import { prependToPythonPath, readMkdocsPythonPath } from './localMkdocs';

/**
 * Replaces TechDocs' generator with {@link SafeTechdocsGenerator}, and puts
 * `techdocs.generator.mkdocs.pythonPath` on the PYTHONPATH of the mkdocs it
 * runs.
 */
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
        const pythonPath = readMkdocsPythonPath(config).filter(dir => {
          if (fs.existsSync(dir)) return true;
          logger.warn(
            `techdocs.generator.mkdocs.pythonPath: ${dir} does not exist, left out`,
          );
          return false;
        });
        if (pythonPath.length > 0) {
          // Upstream's generator spawns mkdocs with the backend's own
          // environment and takes no other; of the backend's child
          // processes only Python ones read PYTHONPATH.
          process.env.PYTHONPATH = prependToPythonPath(
            process.env.PYTHONPATH,
            pythonPath,
          );
          logger.info(
            `mkdocs loads MkDocs plugins also from ${pythonPath.join(
              ', ',
            )} (techdocs.generator.mkdocs.pythonPath)`,
          );
        }
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

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  AnnotationLinkRule,
  AnnotationLinksProcessor,
} from './processors/AnnotationLinksProcessor';

/** Links on entity pages derived from annotations (catalog.annotationLinks). */
export const catalogModuleAnnotationLinks = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'annotation-links',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, catalog }) {
        const rules: AnnotationLinkRule[] = (
          config.getOptionalConfigArray('catalog.annotationLinks') ?? []
        ).map(c => ({
          annotation: c.getString('annotation'),
          title: c.getString('title'),
          url: c.getString('url'),
          icon: c.getOptionalString('icon'),
          match: c.getOptionalString('match'),
        }));
        if (rules.length > 0) {
          catalog.addProcessor(new AnnotationLinksProcessor(rules));
        }
      },
    });
  },
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { adoptionPermissions } from '@internal/backstage-plugin-adoption-common';
import { createCoverageFeature } from './coverage';
import { adoptionDatabase } from './database/migrate';
import { createDocsHealthFeature } from './docsHealth';
import { createEventsFeature } from './events';
import { createTemplateHealthFeature } from './templateHealth';
import { createUsageFeature } from './usage';

/**
 * The adoption backend plugin (/api/adoption): what the platform team needs
 * to run the portal as a product. Each feature is a folder of src/ with
 * its routes, service and store.
 *
 * @public
 */
export const adoptionPlugin = createBackendPlugin({
  pluginId: 'adoption',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        discovery: coreServices.discovery,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
      },
      async init({ database, httpRouter, permissionsRegistry, ...deps }) {
        permissionsRegistry.addPermissions(adoptionPermissions);
        const knex = await adoptionDatabase(database);
        const features = [
          // the frontend's analytics events, stored pseudonymised
          createEventsFeature,
          // weekly active users, views, searches without result
          createUsageFeature,
          // the GitHub organisation's repositories against the catalog
          createCoverageFeature,
          // the scaffolder's tasks per template
          createTemplateHealthFeature,
          // TechDocs builds against the code they describe
          createDocsHealthFeature,
        ];
        for (const create of features) {
          httpRouter.use((await create({ ...deps, knex })).router);
        }
      },
    });
  },
});

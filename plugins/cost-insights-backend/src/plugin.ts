import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readCostInsightsConfig } from './service/config';
import { CostExplorerSource } from './service/CostExplorerSource';
import { CostInsightsService } from './service/CostInsightsService';
import { createRouter } from './service/router';

/**
 * Cost insights: AWS Cost Explorer's costs by cost-allocation tag, for the
 * Cost Insights page and the entity cost card; serves /api/cost-insights.
 *
 * @public
 */
export const costInsightsPlugin = createBackendPlugin({
  pluginId: 'cost-insights',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, httpRouter, httpAuth, catalog }) {
        const settings = readCostInsightsConfig(config);
        const source = await CostExplorerSource.create({
          config: settings,
          credentialsManager: DefaultAwsCredentialsManager.fromConfig(config),
          logger,
        });
        const service = new CostInsightsService({
          config: settings,
          source,
          catalog,
        });
        httpRouter.use(await createRouter({ service, httpAuth }));
      },
    });
  },
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scorecardPermissions } from '@internal/backstage-plugin-scorecard-common';
import {
  scorecardChecksExtensionPoint,
  type ScorecardCheckType,
  type ScorecardEvidenceSource,
} from '@internal/backstage-plugin-scorecard-node';
import { registerScorecardActions } from './actions';
import { scheduleScorecardTasks } from './scheduler/scheduleScorecardTasks';
import { createScorecardService } from './service/createScorecardService';
import { createRouter } from './service/router';

/**
 * The scorecard backend plugin: scores catalog entities against the checks
 * of `scorecard.checks`, on a schedule, when entities change and on demand;
 * serves /api/scorecard.
 *
 * @public
 */
export const scorecardPlugin = createBackendPlugin({
  pluginId: 'scorecard',
  register(env) {
    const addedCheckTypes: ScorecardCheckType<any>[] = [];
    const addedEvidenceSources: ScorecardEvidenceSource[] = [];
    env.registerExtensionPoint(scorecardChecksExtensionPoint, {
      addCheckType: (...types) => addedCheckTypes.push(...types),
      addEvidenceSource: (...sources) => addedEvidenceSources.push(...sources),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const service = await createScorecardService({
          ...deps,
          addedCheckTypes,
          addedEvidenceSources,
        });

        deps.permissionsRegistry.addPermissions(scorecardPermissions);
        // MCP tools (actions registry): an entity's scorecard, a team's
        // failing checks
        registerScorecardActions({
          actionsRegistry: deps.actionsRegistry,
          service,
          catalog: deps.catalog,
          config: deps.config,
        });
        await scheduleScorecardTasks({ ...deps, service });

        deps.httpRouter.use(
          await createRouter({
            service,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
          }),
        );
      },
    });
  },
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { scorecardPermissions } from '@internal/backstage-plugin-scorecard-common';
import {
  scorecardChecksExtensionPoint,
  type ScorecardCheckType,
  type ScorecardEvidenceSource,
} from '@internal/backstage-plugin-scorecard-node';
import { registerScorecardActions } from './actions';
import { EntityScorecardCache } from './cache/EntityScorecardCache';
import { createCampaignService } from './campaigns/createCampaignService';
import { createCampaignsRouter } from './campaigns/router';
import { readScorecardCacheSettings } from './config/readScorecardConfig';
import { createScorecardNotifier } from './notifications';
import { createPushedResults, PushedResultsStore } from './pushedResults';
import { scheduleScorecardTasks } from './scheduler/scheduleScorecardTasks';
import { createScorecardService } from './service/createScorecardService';
import { createExemptionRequests } from './exemptionRequests';
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
        cache: coreServices.cache,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        urlReader: coreServices.urlReader,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        // owning groups are notified of regressions, lost levels and
        // campaigns due (scorecard.notifications.enabled)
        const notifier = await createScorecardNotifier(deps);
        // entities' scorecards in the portal's cache (Redis in production,
        // shared by the replicas); every store write that changes one
        // invalidates it (scorecard.cache)
        const entityCache = new EntityScorecardCache({
          cache: deps.cache,
          settings: readScorecardCacheSettings(deps.config),
          logger: deps.logger,
        });
        // results CI pushes (POST /v1/results), read by the pushed checks
        const pushedResults = await PushedResultsStore.create({
          database: deps.database,
          invalidation: entityCache,
        });
        const service = await createScorecardService({
          ...deps,
          notifier,
          pushedResults,
          entityCache,
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
        // campaigns: scorecard.campaigns and the API's, burn-down, reminders
        const campaigns = await createCampaignService({
          ...deps,
          scorecard: service,
          notifier,
        });
        await scheduleScorecardTasks({ ...deps, service, campaigns });

        // first: it parses its own, larger body (100 results)
        deps.httpRouter.use(
          createPushedResults({
            ...deps,
            store: pushedResults,
            scorecard: service,
          }).router,
        );
        deps.httpRouter.use(
          await createRouter({
            service,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
          }),
        );
        deps.httpRouter.use(
          await createCampaignsRouter({
            campaigns,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
          }),
        );
        // exemption requests: owners ask, the platform team decides
        deps.httpRouter.use(
          (
            await createExemptionRequests({
              ...deps,
              scorecard: service,
            })
          ).router,
        );
      },
    });
  },
});

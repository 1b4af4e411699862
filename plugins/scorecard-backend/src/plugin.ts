import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
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
import { builtInCheckTypes } from './checks';
import { readScorecardConfig } from './config/readScorecardConfig';
import { ScorecardStore } from './database/ScorecardStore';
import { CosignRegistryEvidenceSource } from './evidence/CosignRegistryEvidenceSource';
import { KubernetesClusters } from './evidence/KubernetesClusters';
import { EntityEvaluator } from './service/EntityEvaluator';
import { createRouter } from './service/router';
import {
  CATALOG_CHANGES_TASK_ID,
  EVALUATE_ALL_TASK_ID,
  ScorecardService,
} from './service/ScorecardService';

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
    const addedSources: ScorecardEvidenceSource[] = [];
    env.registerExtensionPoint(scorecardChecksExtensionPoint, {
      addCheckType: (...types) => addedCheckTypes.push(...types),
      addEvidenceSource: (...sources) => addedSources.push(...sources),
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
        const { config, logger, scheduler } = deps;
        const checkTypes = new Map<string, ScorecardCheckType<any>>();
        for (const t of [...builtInCheckTypes(config), ...addedCheckTypes]) {
          checkTypes.set(t.id, t);
        }
        const evidenceSources = new Map<string, ScorecardEvidenceSource>();
        for (const s of [
          CosignRegistryEvidenceSource.fromConfig(
            config,
            KubernetesClusters.fromConfig(config),
          ),
          ...addedSources,
        ]) {
          evidenceSources.set(s.id, s);
        }
        const settings = readScorecardConfig(config, checkTypes);
        if (settings.checks.length === 0) {
          logger.warn('No scorecard.checks configured: nothing is scored');
        }

        const store = await ScorecardStore.create({ database: deps.database });
        const service = new ScorecardService({
          settings,
          store,
          evaluator: new EntityEvaluator(settings, {
            urlReader: deps.urlReader,
            evidenceSources,
          }),
          catalog: deps.catalog,
          auth: deps.auth,
          scheduler,
          logger,
        });

        deps.permissionsRegistry.addPermissions(scorecardPermissions);
        // MCP tools (actions registry): an entity's scorecard, a team's
        // failing checks
        registerScorecardActions({
          actionsRegistry: deps.actionsRegistry,
          service,
          catalog: deps.catalog,
          config,
        });

        const schedule = (key: string, fallback: object) =>
          config.has(key)
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                config.getConfig(key),
              )
            : (fallback as any);

        await scheduler.scheduleTask({
          id: EVALUATE_ALL_TASK_ID,
          scope: 'global',
          ...schedule('scorecard.schedule', {
            frequency: { hours: 1 },
            timeout: { minutes: 30 },
            initialDelay: { seconds: 15 },
          }),
          fn: async () => {
            const started = Date.now();
            const r = await service.evaluateAll();
            logger.info(
              `Scorecards: evaluated ${r.evaluated} entities (${
                r.changed
              } changed, ${r.removed} removed) in ${Date.now() - started} ms`,
            );
          },
        });
        await scheduler.scheduleTask({
          id: CATALOG_CHANGES_TASK_ID,
          scope: 'global',
          ...schedule('scorecard.changeDetection', {
            frequency: { seconds: 30 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 20 },
          }),
          fn: async () => {
            const r = await service.evaluateChanged();
            if (r.evaluated || r.removed) {
              logger.info(
                `Scorecards: ${r.evaluated} changed entities evaluated, ${r.removed} removed`,
              );
            }
          },
        });

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

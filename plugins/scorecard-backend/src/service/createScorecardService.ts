import type {
  AuthService,
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  ScorecardCheckType,
  ScorecardEvidenceSource,
} from '@internal/backstage-plugin-scorecard-node';
import type { EntityScorecardCache } from '../cache/EntityScorecardCache';
import { builtInCheckTypes } from '../checks';
import { readScorecardConfig } from '../config/readScorecardConfig';
import { ScorecardStore } from '../database/ScorecardStore';
import { CosignRegistryEvidenceSource } from '../evidence/CosignRegistryEvidenceSource';
import { KubernetesClusters } from '../evidence/KubernetesClusters';
import type { ScorecardNotifier } from '../notifications/types';
import type { PushedResultsReader } from '../pushedResults/pushedChecks';
import { createRollupService } from '../rollups';
import { EntityEvaluator } from './EntityEvaluator';
import { ScorecardService } from './ScorecardService';

/**
 * The scorecard service of the plugin: the built-in check types and
 * evidence sources with those modules added (an added one replaces a
 * built-in one of the same id), the checks of `scorecard.*` and the store.
 */
export async function createScorecardService(options: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  urlReader: UrlReaderService;
  catalog: CatalogService;
  auth: AuthService;
  addedCheckTypes: ScorecardCheckType<any>[];
  addedEvidenceSources: ScorecardEvidenceSource[];
  notifier?: ScorecardNotifier;
  /** where the pushed-metric and pushed-boolean checks read CI's results */
  pushedResults?: PushedResultsReader;
  /** entities' scorecards in the portal's cache, invalidated by the store */
  entityCache?: EntityScorecardCache;
}): Promise<ScorecardService> {
  const { config, logger } = options;
  // the clusters of the Kubernetes plugin's config, read once for the
  // checks and the evidence sources
  const clusters = KubernetesClusters.fromConfig(config);
  const checkTypes = new Map<string, ScorecardCheckType<any>>();
  for (const t of [
    ...builtInCheckTypes(config, clusters, { results: options.pushedResults }),
    ...options.addedCheckTypes,
  ]) {
    checkTypes.set(t.id, t);
  }
  const evidenceSources = new Map<string, ScorecardEvidenceSource>();
  for (const s of [
    CosignRegistryEvidenceSource.fromConfig(config, clusters),
    ...options.addedEvidenceSources,
  ]) {
    evidenceSources.set(s.id, s);
  }
  const settings = readScorecardConfig(config, checkTypes);
  if (settings.checks.length === 0) {
    logger.warn('No scorecard.checks configured: nothing is scored');
  }

  const store = await ScorecardStore.create({
    database: options.database,
    invalidation: options.entityCache,
  });
  return new ScorecardService({
    settings,
    store,
    evaluator: new EntityEvaluator(settings, {
      urlReader: options.urlReader,
      evidenceSources,
    }),
    catalog: options.catalog,
    auth: options.auth,
    scheduler: options.scheduler,
    logger,
    notifier: options.notifier,
    rollups: await createRollupService({
      database: options.database,
      catalog: options.catalog,
      settings,
      logger,
    }),
    entityCache: options.entityCache,
  });
}

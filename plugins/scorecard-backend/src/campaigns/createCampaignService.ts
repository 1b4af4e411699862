import type {
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { ScorecardNotifier } from '../notifications/types';
import type { ScorecardService } from '../service/ScorecardService';
import { CampaignService } from './CampaignService';
import { CampaignStore } from './CampaignStore';
import { readCampaignsConfig } from './readCampaignsConfig';

/**
 * The campaigns of the plugin: `scorecard.campaigns` read (a wrong one
 * stops the startup) and synchronized into the table, the burn-down
 * recorded after each full evaluation of `scorecard`. Call after
 * `createScorecardService` (which migrates the database).
 */
export async function createCampaignService(options: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scorecard: ScorecardService;
  notifier?: ScorecardNotifier;
}): Promise<CampaignService> {
  const { config, logger, scorecard } = options;
  const checks = scorecard
    .configuration()
    .checks.map(c => ({ id: c.id, title: c.title }));
  const definitions = readCampaignsConfig(
    config,
    new Set(checks.map(c => c.id)),
  );
  const campaigns = new CampaignService({
    store: new CampaignStore(await options.database.getClient()),
    checks,
    configIds: new Set(definitions.map(d => d.id)),
    notifier: options.notifier,
    logger,
  });
  await campaigns.syncConfigCampaigns(definitions);
  scorecard.onFullEvaluation(async () => {
    try {
      await campaigns.recordProgress();
    } catch (e) {
      logger.error(`Campaigns: recording progress failed: ${e}`);
    }
  });
  return campaigns;
}

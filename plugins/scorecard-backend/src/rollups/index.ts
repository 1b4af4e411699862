import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ScorecardSettings } from '../config/readScorecardConfig';
import { RollupService } from './RollupService';
import { RollupStore } from './RollupStore';

export { RollupService, ROLLUP_KINDS, ROLLUP_LIMITS } from './RollupService';
export { RollupStore, type RollupScope } from './RollupStore';

/**
 * The roll-ups over the plugin's database (its migrations already run by
 * ScorecardStore.create).
 */
export async function createRollupService(options: {
  database: DatabaseService;
  catalog: CatalogService;
  settings: ScorecardSettings;
  logger: LoggerService;
}): Promise<RollupService> {
  return new RollupService({
    store: new RollupStore(await options.database.getClient()),
    catalog: options.catalog,
    settings: options.settings,
    logger: options.logger,
  });
}

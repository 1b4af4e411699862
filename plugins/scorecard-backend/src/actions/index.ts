import type { Config } from '@backstage/config';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ScorecardService } from '../service/ScorecardService';
import { createGetEntityScorecardAction } from './createGetEntityScorecardAction';
import { createGetTeamFailingChecksAction } from './createGetTeamFailingChecksAction';
import { PortalUrls } from './portal';

/**
 * The scorecard's actions (actions registry: MCP tools, the CLI), each
 * acting as its caller. Campaigns have no action: the scorecard has none.
 */
export function registerScorecardActions(options: {
  actionsRegistry: ActionsRegistryService;
  service: ScorecardService;
  catalog: CatalogService;
  config: Config;
}) {
  const urls = PortalUrls.fromConfig(options.config);
  createGetEntityScorecardAction({ ...options, urls });
  createGetTeamFailingChecksAction({ ...options, urls });
}

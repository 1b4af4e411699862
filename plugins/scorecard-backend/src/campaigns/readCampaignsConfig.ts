import type { Config } from '@backstage/config';
import type { ScorecardCampaignDefinition } from '@internal/backstage-plugin-scorecard-common';
import { parseInput } from '@internal/backstage-request-input-node';
import { campaignDefinitionSchema } from './campaignSchema';

/**
 * Reads `scorecard.campaigns`, with the rules of the API's
 * `POST /v1/campaigns` (`campaignDefinitionSchema`). A mistake names the
 * campaign and the field (`scorecard.campaigns[0] (q1-security): checks.1:
 * unknown check "sbom"`) and stops the plugin from starting, as a wrong
 * check does: a campaign that silently measures nothing is worse.
 */
export function readCampaignsConfig(
  config: Config,
  checkIds: ReadonlySet<string>,
): ScorecardCampaignDefinition[] {
  const schema = campaignDefinitionSchema(checkIds);
  const seen = new Set<string>();
  return (config.getOptionalConfigArray('scorecard.campaigns') ?? []).map(
    (c, index) => {
      const id = c.getOptional('id');
      const where = `scorecard.campaigns[${index}]${
        typeof id === 'string' ? ` (${id})` : ''
      }`;
      let campaign: ScorecardCampaignDefinition;
      try {
        campaign = parseInput(schema, c.get(), where);
      } catch (e) {
        // "Invalid scorecard.campaigns[0] (x): checks.0: unknown check ..."
        throw new Error(e instanceof Error ? e.message : String(e));
      }
      if (seen.has(campaign.id)) {
        throw new Error(`Invalid ${where}: id: a campaign of this id exists`);
      }
      seen.add(campaign.id);
      return campaign;
    },
  );
}

import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  CheckStatus,
  EntityScorecard,
  EntityScorecardHistory,
  ScorecardCampaignDetail,
  ScorecardCampaignSummary,
  ScorecardConfiguration,
  ScorecardEntityCampaign,
  ScorecardEntitySummary,
  ScorecardExemptionRequest,
  ScorecardExemptionRequestStatus,
  ScorecardReport,
  ScorecardReportGroupBy,
} from '@internal/backstage-plugin-scorecard-common';

/** The scorecard backend's API, as the frontend uses it. @public */
export interface ScorecardApi {
  getEntityScorecard(entityRef: string): Promise<EntityScorecard>;
  getHistory(entityRef: string, since?: Date): Promise<EntityScorecardHistory>;
  getReport<G extends ScorecardReportGroupBy>(
    groupBy: G,
  ): Promise<Extract<ScorecardReport, { groupBy: G }>>;
  listEntities(filter: {
    owner?: string;
    check?: string;
    dimension?: string;
    status?: CheckStatus | 'exempt';
    level?: string;
  }): Promise<ScorecardEntitySummary[]>;
  getConfiguration(): Promise<ScorecardConfiguration>;
  /** every campaign, with its status and progress */
  listCampaigns(): Promise<ScorecardCampaignSummary[]>;
  /** a campaign's teams, entities (with the checks left) and burn-down */
  getCampaign(id: string): Promise<ScorecardCampaignDetail>;
  /** the planned and active campaigns with a check that applies to the entity */
  getEntityCampaigns(entityRef: string): Promise<ScorecardEntityCampaign[]>;
  /** exemption requests, newest first (decided ones stay: the history) */
  listExemptionRequests(filter?: {
    entityRef?: string;
    status?: ScorecardExemptionRequestStatus;
  }): Promise<ScorecardExemptionRequest[]>;
  /** an owner asks for an exemption; `expiresAt` ISO 8601 */
  requestExemption(input: {
    entityRef: string;
    checkId: string;
    reason: string;
    expiresAt: string;
  }): Promise<ScorecardExemptionRequest>;
  /** the platform team: creates the exemption */
  approveExemptionRequest(
    id: string,
    reason?: string,
  ): Promise<ScorecardExemptionRequest>;
  denyExemptionRequest(
    id: string,
    reason: string,
  ): Promise<ScorecardExemptionRequest>;
  /** the requester takes a pending request back */
  withdrawExemptionRequest(id: string): Promise<ScorecardExemptionRequest>;
}

/** @public */
export const scorecardApiRef = createApiRef<ScorecardApi>().with({
  id: 'plugin.scorecard',
  pluginId: 'scorecard',
});

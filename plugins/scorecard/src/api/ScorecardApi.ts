import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  CheckStatus,
  EntityScorecard,
  EntityScorecardHistory,
  ScorecardConfiguration,
  ScorecardEntitySummary,
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
}

/** @public */
export const scorecardApiRef = createApiRef<ScorecardApi>().with({
  id: 'plugin.scorecard',
  pluginId: 'scorecard',
});

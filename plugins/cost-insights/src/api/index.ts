export {
  CostInsightsClient,
  CostInsightsError,
  entityCostApiRef,
} from './CostInsightsClient';
export type { EntityCostApi } from './CostInsightsClient';

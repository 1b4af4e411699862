/**
 * Cost insights frontend plugin (new frontend system): the Cost Insights
 * page of @backstage/plugin-cost-insights, wrapped, and the entity cost
 * card, on the cost-insights backend (AWS Cost Explorer).
 *
 * @packageDocumentation
 */
export {
  costInsightsPlugin as default,
  costInsightsApi,
  costInsightsPage,
  entityCostApi,
  entityCostCard,
} from './plugin';
export * from './api';

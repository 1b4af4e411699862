/**
 * Cost insights backend: AWS Cost Explorer (GetCostAndUsage) by
 * cost-allocation tags, for the Cost Insights page and the entity card.
 *
 * @packageDocumentation
 */
export { costInsightsPlugin as default } from './plugin';

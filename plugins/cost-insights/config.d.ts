export interface Config {
  costInsights?: {
    /**
     * The yearly cost of an engineer, which the Cost Insights page compares
     * costs with (required by @backstage/plugin-cost-insights).
     * @visibility frontend
     */
    engineerCost?: number;
  };
}

import type { CostTag } from './annotations';

/** A product's (AWS service's) cost over the last 30 days. */
export type ProductCost = { product: string; amount: number };

/**
 * What the entity card shows: GET /api/cost-insights/entity/{kind}/{namespace}/{name}/summary.
 * Periods are whole UTC days, `end` exclusive (as Cost Explorer's TimePeriod).
 */
export type EntityCostSummary = {
  /** the Cost Explorer filter: this tag's value */
  tag: CostTag;
  /** ISO currency of the amounts (Cost Explorer's Unit), e.g. USD */
  currency: string;
  /** the last 30 complete days, up to the last complete billing date */
  current: { start: string; end: string; amount: number };
  /** the 30 days before */
  previous: { start: string; end: string; amount: number };
  /**
   * (current - previous) / previous, undefined when the previous period
   * cost nothing; `amount` is current - previous
   */
  change: { ratio?: number; amount: number };
  /** the AWS services of the current period, most expensive first */
  topProducts: ProductCost[];
  /** the cost of each day of the current period */
  daily: { date: string; amount: number }[];
};

/** The body of the backend's error answers (Backstage's ErrorResponseBody). */
export type CostInsightsErrorBody = {
  error: { name: string; message: string };
  response: { statusCode: number };
};

/*
 * The shapes of @backstage/plugin-cost-insights-common 0.1.3 that the
 * backend answers the legacy Cost Insights page with (structurally the same
 * types; the frontend client type-checks them against that package).
 */

/** A change between two periods: ratio undefined when the first was 0. */
export type ChangeStatistic = { ratio?: number; amount: number };

export type DateAggregation = { date: string; amount: number };

/** amount = slope * (epoch seconds) + intercept */
export type Trendline = { slope: number; intercept: number };

/** Daily costs of a team, service or entity, with breakdowns. */
export type Cost = {
  id: string;
  aggregation: DateAggregation[];
  change?: ChangeStatistic;
  trendline?: Trendline;
  /** `product` (AWS services) and, for teams, `project` (services) */
  groupedCosts?: Record<string, Cost[]>;
};

/** A product's cost in two periods, with the services that incurred it. */
export type ProductInsights = {
  id: string | null;
  aggregation: [number, number];
  entities: Record<string, ProductInsights[]>;
  change: ChangeStatistic;
};

export type CostGroup = { id: string; name?: string };

export type CostProject = { id: string; name?: string };

import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DEFAULT_COST_TAG_KEY } from '@internal/backstage-plugin-cost-insights-common';

export const COST_METRICS = [
  'UnblendedCost',
  'AmortizedCost',
  'BlendedCost',
  'NetUnblendedCost',
  'NetAmortizedCost',
] as const;
export type CostMetric = (typeof COST_METRICS)[number];

/** `costInsights.*`, read once (config.d.ts documents each key). */
export type CostInsightsConfig = {
  aws: {
    region: string;
    endpoint?: string;
    accountId?: string;
    maxAttempts: number;
  };
  tagKeys: { team: string; service: string };
  metric: CostMetric;
  cache: { ttlMs: number; maxEntries: number };
  /** product kind (page) → AWS service name (Cost Explorer's SERVICE) */
  products: Record<string, string>;
};

export function readCostInsightsConfig(config: Config): CostInsightsConfig {
  const ci = config.getOptionalConfig('costInsights');
  const metric = (ci?.getOptionalString('metric') ??
    'UnblendedCost') as CostMetric;
  if (!COST_METRICS.includes(metric)) {
    throw new InputError(
      `costInsights.metric must be one of ${COST_METRICS.join(', ')}`,
    );
  }
  const products: Record<string, string> = {};
  const productsConfig = ci?.getOptionalConfig('products');
  for (const kind of productsConfig?.keys() ?? []) {
    products[kind] = productsConfig!.getString(`${kind}.name`);
  }
  return {
    aws: {
      region: ci?.getOptionalString('aws.region') ?? 'us-east-1',
      endpoint: ci?.getOptionalString('aws.endpoint'),
      accountId: ci?.getOptionalString('aws.accountId'),
      maxAttempts: ci?.getOptionalNumber('aws.maxAttempts') ?? 3,
    },
    tagKeys: {
      team: ci?.getOptionalString('tagKeys.team') ?? 'team',
      service: ci?.getOptionalString('tagKeys.service') ?? DEFAULT_COST_TAG_KEY,
    },
    metric,
    cache: {
      ttlMs: (ci?.getOptionalNumber('cache.ttlSeconds') ?? 3600) * 1000,
      maxEntries: ci?.getOptionalNumber('cache.maxEntries') ?? 500,
    },
    products,
  };
}

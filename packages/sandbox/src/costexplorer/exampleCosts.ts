import { CostLineItem } from './model';

/*
 * The example organisation's AWS bill: daily costs of each service of
 * catalog/ per AWS product, tagged with the cost-allocation tags `team` and
 * `service` (as the catalog's `myorg.com/cost-tag` annotations name them),
 * plus untagged shared costs. Deterministic: weekends cost less, and every
 * service grows a little each day, so the last 30 days cost more than the 30
 * before.
 */

/** The example services: their team and cost per AWS product per day. */
export const EXAMPLE_SERVICE_COSTS: {
  service: string;
  team: string;
  products: Record<string, number>;
}[] = [
  {
    service: 'order-service',
    team: 'order-squad',
    products: {
      'Amazon Relational Database Service': 42,
      'Amazon Elastic Compute Cloud - Compute': 28,
      'Amazon Simple Storage Service': 3.5,
      AmazonCloudWatch: 2,
    },
  },
  {
    service: 'order-worker',
    team: 'order-squad',
    products: {
      'Amazon Elastic Compute Cloud - Compute': 9,
      'Amazon Simple Queue Service': 4,
    },
  },
  {
    service: 'inventory-service',
    team: 'order-squad',
    products: {
      'Amazon DynamoDB': 12,
      'Amazon Elastic Compute Cloud - Compute': 14,
    },
  },
  {
    service: 'storefront-bff',
    team: 'order-squad',
    products: { 'AWS Lambda': 6, 'Amazon CloudFront': 8 },
  },
  {
    service: 'payment-service',
    team: 'payments-squad',
    products: {
      'Amazon Elastic Compute Cloud - Compute': 20,
      'Amazon Simple Queue Service': 5,
      'AWS Key Management Service': 1,
    },
  },
  {
    service: 'developer-portal',
    team: 'platform-team',
    products: {
      'Amazon Elastic Compute Cloud - Compute': 11,
      'Amazon Relational Database Service': 9,
      'Amazon Simple Storage Service': 1.5,
    },
  },
];

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * `days` days of line items up to `lastDay` (default yesterday, UTC): one
 * per day, service and product, and one untagged per day.
 */
export function exampleCostLineItems(
  options: { lastDay?: string; days?: number } = {},
): CostLineItem[] {
  const lastDay =
    options.lastDay ?? addDays(new Date().toISOString().slice(0, 10), -1);
  const count = options.days ?? 90;
  const items: CostLineItem[] = [];
  for (let i = 0; i < count; i++) {
    const date = addDays(lastDay, i - count + 1);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6 ? 0.85 : 1;
    const growth = 1 + 0.004 * i;
    EXAMPLE_SERVICE_COSTS.forEach((s, si) => {
      Object.entries(s.products).forEach(([product, base], pi) => {
        const wiggle = 1 + 0.05 * Math.sin(i * 0.7 + si * 1.3 + pi);
        const cost = Number((base * weekend * growth * wiggle).toFixed(4));
        items.push({
          date,
          service: product,
          tags: { team: s.team, service: s.service },
          usageType: `USE1-${product.replace(/\W+/g, '')}`,
          unblendedCost: cost,
          usageQuantity: Number((cost * 3.1).toFixed(2)),
        });
      });
    });
    items.push({
      date,
      service: 'Amazon Elastic Compute Cloud - Compute',
      tags: {},
      unblendedCost: Number((15 * weekend).toFixed(4)),
    });
  }
  return items;
}

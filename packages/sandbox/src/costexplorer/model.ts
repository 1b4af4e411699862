/*
 * What the Cost Explorer stand-in holds: cost and usage line items, one per
 * day, AWS service and tag set (what Cost Explorer aggregates), and the
 * GetCostAndUsage query over them: filters, grouping and metrics in the
 * shapes of the Cost Explorer API
 * (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_GetCostAndUsage.html).
 */

/** One day's cost of one AWS service for one set of resource tags. */
export type CostLineItem = {
  /** YYYY-MM-DD (UTC) */
  date: string;
  /** the SERVICE dimension, e.g. `Amazon Relational Database Service` */
  service: string;
  /** cost-allocation tags of the resources; absent key = untagged */
  tags: Record<string, string>;
  /** LINKED_ACCOUNT dimension; default the stand-in's account */
  linkedAccount?: string;
  /** REGION dimension; default us-east-1 */
  region?: string;
  /** USAGE_TYPE dimension */
  usageType?: string;
  /** USD */
  unblendedCost: number;
  /** USD; default the unblended cost (no reservations or savings plans) */
  amortizedCost?: number;
  usageQuantity?: number;
};

export const DIMENSIONS = [
  'SERVICE',
  'LINKED_ACCOUNT',
  'REGION',
  'USAGE_TYPE',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const METRICS = [
  'AmortizedCost',
  'BlendedCost',
  'NetAmortizedCost',
  'NetUnblendedCost',
  'NormalizedUsageAmount',
  'UnblendedCost',
  'UsageQuantity',
] as const;
export type MetricName = (typeof METRICS)[number];

export type MatchOption =
  | 'EQUALS'
  | 'ABSENT'
  | 'STARTS_WITH'
  | 'ENDS_WITH'
  | 'CONTAINS'
  | 'CASE_SENSITIVE'
  | 'CASE_INSENSITIVE';

type ValuesFilter = {
  Key?: string;
  Values?: string[];
  MatchOptions?: MatchOption[];
};

/** Cost Explorer's Expression. */
export type Expression = {
  And?: Expression[];
  Or?: Expression[];
  Not?: Expression;
  Dimensions?: ValuesFilter;
  Tags?: ValuesFilter;
  CostCategories?: ValuesFilter;
};

export type GroupDefinition = { Type?: string; Key?: string };

/** A request Cost Explorer refuses: `ValidationException` and its message. */
export class CostExplorerValidationError extends Error {}

export function dimensionOf(item: CostLineItem, dimension: Dimension): string {
  switch (dimension) {
    case 'SERVICE':
      return item.service;
    case 'LINKED_ACCOUNT':
      return item.linkedAccount ?? '';
    case 'REGION':
      return item.region ?? 'us-east-1';
    case 'USAGE_TYPE':
      return item.usageType ?? '';
    default:
      return '';
  }
}

export function metricOf(item: CostLineItem, metric: MetricName): number {
  switch (metric) {
    case 'AmortizedCost':
    case 'NetAmortizedCost':
      return item.amortizedCost ?? item.unblendedCost;
    case 'UsageQuantity':
    case 'NormalizedUsageAmount':
      return item.usageQuantity ?? 0;
    default:
      return item.unblendedCost;
  }
}

function matches(
  actual: string | undefined,
  filter: ValuesFilter,
  isTag: boolean,
): boolean {
  const options = filter.MatchOptions ?? ['EQUALS'];
  if (options.includes('ABSENT')) return actual === undefined || actual === '';
  const value = actual ?? '';
  const insensitive = options.includes('CASE_INSENSITIVE');
  const norm = (s: string) => (insensitive ? s.toLowerCase() : s);
  const values = filter.Values ?? [];
  // a tag filter with no values matches every resource with the tag
  if (isTag && values.length === 0) return actual !== undefined;
  return values.some(v => {
    const [a, b] = [norm(value), norm(v)];
    if (options.includes('STARTS_WITH')) return a.startsWith(b);
    if (options.includes('ENDS_WITH')) return a.endsWith(b);
    if (options.includes('CONTAINS')) return a.includes(b);
    return a === b;
  });
}

/** Checks an Expression's shape the way Cost Explorer does. */
export function validateExpression(expr: Expression, path = 'Filter'): void {
  const set = (
    ['And', 'Or', 'Not', 'Dimensions', 'Tags', 'CostCategories'] as const
  ).filter(k => expr[k] !== undefined);
  if (set.length !== 1) {
    throw new CostExplorerValidationError(
      set.length === 0
        ? `${path}: an expression must have one of And, Or, Not, Dimensions, Tags or CostCategories`
        : `${path}: Expression has more than one roots. Only one root operator is allowed for each expression: ${set.join(
            ', ',
          )}`,
    );
  }
  if (expr.And || expr.Or) {
    const list = (expr.And ?? expr.Or)!;
    if (!Array.isArray(list) || list.length < 2) {
      throw new CostExplorerValidationError(
        `${path}: ${
          expr.And ? 'And' : 'Or'
        } expression must have at least 2 operands`,
      );
    }
    list.forEach((e, i) => validateExpression(e, `${path}.${set[0]}[${i}]`));
  } else if (expr.Not) {
    validateExpression(expr.Not, `${path}.Not`);
  } else if (expr.Dimensions) {
    const key = expr.Dimensions.Key as Dimension;
    if (!DIMENSIONS.includes(key)) {
      throw new CostExplorerValidationError(
        `Dimension ${
          expr.Dimensions.Key
        } is not allowed. Allowed dimension(s): ${DIMENSIONS.join(', ')}`,
      );
    }
    if (!expr.Dimensions.Values?.length) {
      throw new CostExplorerValidationError(
        `${path}: Dimensions filter on ${key} must have at least one value`,
      );
    }
  } else if (expr.Tags) {
    if (!expr.Tags.Key) {
      throw new CostExplorerValidationError(
        `${path}: Tags filter must have a Key`,
      );
    }
  } else if (expr.CostCategories) {
    throw new CostExplorerValidationError(
      `${path}: the sandbox has no cost categories`,
    );
  }
}

export function evaluate(expr: Expression, item: CostLineItem): boolean {
  if (expr.And) return expr.And.every(e => evaluate(e, item));
  if (expr.Or) return expr.Or.some(e => evaluate(e, item));
  if (expr.Not) return !evaluate(expr.Not, item);
  if (expr.Dimensions) {
    return matches(
      dimensionOf(item, expr.Dimensions.Key as Dimension),
      expr.Dimensions,
      false,
    );
  }
  if (expr.Tags) return matches(item.tags[expr.Tags.Key!], expr.Tags, true);
  return false;
}

/** The key of a group: `key$value` for tags, the value for dimensions. */
export function groupKeyOf(item: CostLineItem, group: GroupDefinition): string {
  if (group.Type === 'TAG')
    return `${group.Key}$${item.tags[group.Key!] ?? ''}`;
  return dimensionOf(item, group.Key as Dimension);
}

/** Validates a GroupBy list as Cost Explorer does (up to two). */
export function validateGroupBy(groupBy: GroupDefinition[]): void {
  if (groupBy.length > 2) {
    throw new CostExplorerValidationError(
      'Group by only supports up to two different groups. Please use a maximum of two distinct group definitions.',
    );
  }
  const seen = new Set<string>();
  for (const g of groupBy) {
    if (g.Type !== 'DIMENSION' && g.Type !== 'TAG') {
      throw new CostExplorerValidationError(
        `Group Definition Type ${g.Type} is not supported: use DIMENSION or TAG`,
      );
    }
    if (!g.Key) {
      throw new CostExplorerValidationError('Group Definition Key is required');
    }
    if (g.Type === 'DIMENSION' && !DIMENSIONS.includes(g.Key as Dimension)) {
      throw new CostExplorerValidationError(
        `Group Definition dimension is invalid. Valid values are ${DIMENSIONS.join(
          ', ',
        )}`,
      );
    }
    const id = `${g.Type}:${g.Key}`;
    if (seen.has(id)) {
      throw new CostExplorerValidationError(
        'Group by only supports distinct group definitions',
      );
    }
    seen.add(id);
  }
}

/** YYYY-MM-DD, checked as a real date. */
export function parseDay(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new CostExplorerValidationError(
      `${name} date is invalid: ${String(
        value,
      )}. The date format should be yyyy-MM-dd.`,
    );
  }
  const date = new Date(`${value}T00:00:00Z`);
  if (
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== value
  ) {
    throw new CostExplorerValidationError(
      `${name} date is invalid: ${value}. The date format should be yyyy-MM-dd.`,
    );
  }
  return value;
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function addMonths(day: string, months: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

/** The periods of [start, end) at a granularity (months cut at start/end). */
export function periodsOf(
  start: string,
  end: string,
  granularity: 'DAILY' | 'MONTHLY',
): { Start: string; End: string }[] {
  const periods: { Start: string; End: string }[] = [];
  let cursor = start;
  while (cursor < end) {
    let next: string;
    if (granularity === 'DAILY') next = addDays(cursor, 1);
    else next = `${addMonths(`${cursor.slice(0, 7)}-01`, 1)}`;
    if (next > end) next = end;
    periods.push({ Start: cursor, End: next });
    cursor = next;
  }
  return periods;
}

/** AWS's amount strings: up to 10 decimals, no trailing zeros. */
export function amountString(value: number): string {
  return String(Number(value.toFixed(10)));
}

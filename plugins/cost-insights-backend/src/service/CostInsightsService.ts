import type { Expression } from '@aws-sdk/client-cost-explorer';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type Entity,
  type CompoundEntityRef,
  RELATION_MEMBER_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type ChangeStatistic,
  type Cost,
  type CostGroup,
  type CostProject,
  type CostTag,
  type EntityCostSummary,
  type ProductInsights,
  costTagOf,
  validateCostTag,
} from '@internal/backstage-plugin-cost-insights-common';
import type { CostInsightsConfig } from './config';
import type { CostExplorerSource, CostRow } from './CostExplorerSource';
import {
  type Intervals,
  addDays,
  daysOf,
  parseIntervals,
  today,
} from './dates';

const SERVICE_DIMENSION = { Type: 'DIMENSION' as const, Key: 'SERVICE' };
const SUMMARY_DAYS = 30;
const TOP_PRODUCTS = 5;

function changeOf(previous: number, current: number): ChangeStatistic {
  return {
    ratio: previous === 0 ? undefined : (current - previous) / previous,
    amount: current - previous,
  };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Least squares over (epoch seconds, amount), as the legacy page plots it. */
function trendlineOf(aggregation: { date: string; amount: number }[]) {
  const n = aggregation.length;
  if (n < 2) return { slope: 0, intercept: aggregation[0]?.amount ?? 0 };
  const xs = aggregation.map(a => Date.parse(`${a.date}T00:00:00Z`) / 1000);
  const ys = aggregation.map(a => a.amount);
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  const slope = den === 0 ? 0 : num / den;
  return { slope, intercept: my - slope * mx };
}

/** The value of a tag group key (`service$order-service` → order-service). */
function tagValue(key: string): string {
  const i = key.indexOf('$');
  return i < 0 ? key : key.slice(i + 1);
}

/**
 * Cost Explorer's answers in Cost Insights' terms: a team is a catalog
 * Group named by the `team` tag, a project a service named by the `service`
 * tag, a product an AWS service (Cost Explorer's SERVICE dimension).
 */
export class CostInsightsService {
  constructor(
    private readonly deps: {
      config: CostInsightsConfig;
      source: CostExplorerSource;
      catalog: CatalogService;
      now?: () => Date;
    },
  ) {}

  private get tagKeys() {
    return this.deps.config.tagKeys;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Yesterday (UTC): today's costs are not complete. */
  lastCompleteBillingDate(): string {
    return addDays(today(this.now()), -1);
  }

  private async entity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.deps.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    }
    return entity;
  }

  /** The entity's cost tag, by the one rule (common), or a 400. */
  private tagOf(entity: Entity): CostTag {
    const tag = costTagOf(entity, this.tagKeys.service);
    if ('problem' in tag) throw new InputError(tag.problem);
    return tag;
  }

  private tagFilter(key: string, value: string): Expression {
    const tag = validateCostTag(key, value);
    if ('problem' in tag) throw new InputError(tag.problem);
    return { Tags: { Key: key, Values: [value], MatchOptions: ['EQUALS'] } };
  }

  /** The card's numbers: the last 30 complete days against the 30 before. */
  async entitySummary(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntityCostSummary> {
    const tag = this.tagOf(await this.entity(ref, credentials));
    const end = today(this.now());
    const middle = addDays(end, -SUMMARY_DAYS);
    const start = addDays(end, -2 * SUMMARY_DAYS);
    const rows = await this.deps.source.getCosts({
      start,
      end,
      granularity: 'DAILY',
      filter: this.tagFilter(tag.key, tag.value),
      groupBy: [SERVICE_DIMENSION],
    });
    let previous = 0;
    let current = 0;
    const products = new Map<string, number>();
    const daily = new Map(daysOf(middle, end).map(d => [d, 0]));
    for (const row of rows) {
      if (row.start < middle) {
        previous += row.amount;
      } else {
        current += row.amount;
        const product = row.keys[0] ?? '';
        products.set(product, (products.get(product) ?? 0) + row.amount);
        daily.set(row.start, (daily.get(row.start) ?? 0) + row.amount);
      }
    }
    const change = changeOf(previous, current);
    return {
      tag,
      currency: rows[0]?.unit ?? 'USD',
      current: { start: middle, end, amount: round(current) },
      previous: { start, end: middle, amount: round(previous) },
      change: {
        ratio: change.ratio === undefined ? undefined : round(change.ratio),
        amount: round(change.amount),
      },
      topProducts: [...products.entries()]
        .filter(([, amount]) => amount > 0)
        .sort(([, a], [, b]) => b - a)
        .slice(0, TOP_PRODUCTS)
        .map(([product, amount]) => ({ product, amount: round(amount) })),
      daily: [...daily.entries()].map(([date, amount]) => ({
        date,
        amount: round(amount),
      })),
    };
  }

  /** The groups the user is a member of (catalog memberOf relations). */
  async userGroups(
    userId: string,
    credentials: BackstageCredentials,
  ): Promise<CostGroup[]> {
    const user = await this.deps.catalog.getEntityByRef(
      { kind: 'user', namespace: 'default', name: userId },
      { credentials },
    );
    if (!user) return [];
    const refs = (user.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r => r.targetRef);
    if (refs.length === 0) return [];
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: ['metadata.name', 'spec.profile'] },
      { credentials },
    );
    return refs.map((ref, i) => {
      const group = items[i];
      const name = parseEntityRef(ref).name;
      const displayName = (group?.spec?.profile as any)?.displayName;
      return { id: name, name: displayName ?? name };
    });
  }

  /** The services the team's tag carries costs of, in the last 90 days. */
  async groupProjects(group: string): Promise<CostProject[]> {
    const end = today(this.now());
    const rows = await this.deps.source.getCosts({
      start: addDays(end, -90),
      end,
      granularity: 'MONTHLY',
      filter: this.tagFilter(this.tagKeys.team, group),
      groupBy: [{ Type: 'TAG', Key: this.tagKeys.service }],
    });
    const names = new Set(
      rows
        .filter(r => r.amount > 0)
        .map(r => tagValue(r.keys[0] ?? ''))
        .filter(Boolean),
    );
    return [...names].sort().map(id => ({ id, name: id }));
  }

  /** Daily cost of everything the team's tag carries, by product and service. */
  async groupDailyCost(group: string, intervals: string): Promise<Cost> {
    return this.dailyCost(
      group,
      parseIntervals(intervals),
      this.tagFilter(this.tagKeys.team, group),
      true,
    );
  }

  /** Daily cost of one service (the `service` tag), by product. */
  async projectDailyCost(project: string, intervals: string): Promise<Cost> {
    return this.dailyCost(
      project,
      parseIntervals(intervals),
      this.tagFilter(this.tagKeys.service, project),
      false,
    );
  }

  /** Daily cost of a catalog entity (its cost tag), by product. */
  async entityDailyCost(
    ref: CompoundEntityRef,
    intervals: string,
    credentials: BackstageCredentials,
  ): Promise<Cost> {
    const tag = this.tagOf(await this.entity(ref, credentials));
    return this.dailyCost(
      stringifyEntityRef(ref),
      parseIntervals(intervals),
      this.tagFilter(tag.key, tag.value),
      false,
    );
  }

  private async dailyCost(
    id: string,
    intervals: Intervals,
    filter: Expression,
    byProject: boolean,
  ): Promise<Cost> {
    const rows = await this.deps.source.getCosts({
      start: intervals.start,
      end: intervals.end,
      granularity: 'DAILY',
      filter,
      groupBy: byProject
        ? [SERVICE_DIMENSION, { Type: 'TAG', Key: this.tagKeys.service }]
        : [SERVICE_DIMENSION],
    });
    const days = daysOf(intervals.start, intervals.end);
    const costOf = (costId: string, selected: CostRow[]): Cost => {
      const byDay = new Map(days.map(d => [d, 0]));
      for (const row of selected) {
        byDay.set(row.start, (byDay.get(row.start) ?? 0) + row.amount);
      }
      const aggregation = [...byDay.entries()].map(([date, amount]) => ({
        date,
        amount: round(amount),
      }));
      const [before, last] = intervals.boundaries.slice(-3);
      const sum = (from: string, to: string) =>
        selected
          .filter(r => r.start >= from && r.start < to)
          .reduce((s, r) => s + r.amount, 0);
      const change =
        intervals.repeats >= 2
          ? changeOf(sum(before, last), sum(last, intervals.end))
          : { amount: 0 };
      return {
        id: costId,
        aggregation,
        change,
        trendline: trendlineOf(aggregation),
      };
    };
    const groupBy = (index: number, name: (key: string) => string) => {
      const groups = new Map<string, CostRow[]>();
      for (const row of rows) {
        const key = name(row.keys[index] ?? '');
        groups.set(key, [...(groups.get(key) ?? []), row]);
      }
      return [...groups.entries()].map(([key, selected]) =>
        costOf(key || 'untagged', selected),
      );
    };
    const groupedCosts: Record<string, Cost[]> = {
      product: groupBy(0, key => key),
    };
    if (byProject) groupedCosts.project = groupBy(1, tagValue);
    return { ...costOf(id, rows), groupedCosts };
  }

  /**
   * A product's cost in the last two periods, per service, for a team (and
   * one of its services).
   */
  async productInsights(options: {
    product: string;
    group: string;
    intervals: string;
    project?: string | null;
  }): Promise<ProductInsights> {
    const awsService = this.deps.config.products[options.product];
    if (!awsService) {
      throw new InputError(
        `Unknown product "${options.product}": costInsights.products has ${
          Object.keys(this.deps.config.products).join(', ') || 'none'
        }`,
      );
    }
    const intervals = parseIntervals(options.intervals);
    const filters: Expression[] = [
      { Dimensions: { Key: 'SERVICE', Values: [awsService] } },
      this.tagFilter(this.tagKeys.team, options.group),
    ];
    if (options.project) {
      filters.push(this.tagFilter(this.tagKeys.service, options.project));
    }
    const [before, last] = intervals.boundaries.slice(-3);
    const rows = await this.deps.source.getCosts({
      start: before,
      end: intervals.end,
      granularity: 'DAILY',
      filter: { And: filters },
      groupBy: [{ Type: 'TAG', Key: this.tagKeys.service }],
    });
    const totals = (selected: CostRow[]): [number, number] => [
      round(
        selected.filter(r => r.start < last).reduce((s, r) => s + r.amount, 0),
      ),
      round(
        selected.filter(r => r.start >= last).reduce((s, r) => s + r.amount, 0),
      ),
    ];
    const byService = new Map<string, CostRow[]>();
    for (const row of rows) {
      const service = tagValue(row.keys[0] ?? '');
      byService.set(service, [...(byService.get(service) ?? []), row]);
    }
    const aggregation = totals(rows);
    return {
      id: options.product,
      aggregation,
      change: changeOf(...aggregation),
      entities: {
        service: [...byService.entries()].map(([service, selected]) => {
          const serviceTotals = totals(selected);
          return {
            id: service || null,
            aggregation: serviceTotals,
            change: changeOf(...serviceTotals),
            entities: {},
          };
        }),
      },
    };
  }
}

import { type Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/frontend-plugin-api';
import type {
  Alert,
  CostInsightsApi,
  ProductInsightsOptions,
} from '@backstage/plugin-cost-insights';
import type {
  Cost,
  Entity as ProductInsights,
  Group,
  MetricData,
  Project,
} from '@backstage/plugin-cost-insights-common';
import type { EntityCostSummary } from '@internal/backstage-plugin-cost-insights-common';

/** An error answer of the cost-insights backend, with its status. */
export class CostInsightsError extends Error {
  name = 'CostInsightsError';
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** What the entity card reads. */
export interface EntityCostApi {
  getEntitySummary(entity: Entity): Promise<EntityCostSummary>;
}

export const entityCostApiRef = createApiRef<EntityCostApi>({
  id: 'plugin.cost-insights.entity-cost',
});

/**
 * The legacy page's CostInsightsApi, and the card's EntityCostApi, on the
 * portal's cost-insights backend (AWS Cost Explorer).
 */
export class CostInsightsClient implements CostInsightsApi, EntityCostApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async get<T>(path: string, query?: Record<string, string>) {
    const base = await this.deps.discoveryApi.getBaseUrl('cost-insights');
    const qs = query
      ? `?${new URLSearchParams(
          Object.entries(query).filter(([, v]) => v !== undefined),
        )}`
      : '';
    const res = await this.deps.fetchApi.fetch(`${base}${path}${qs}`);
    if (res.ok) return (await res.json()) as T;
    let message = res.statusText;
    try {
      message = (await res.json())?.error?.message ?? message;
    } catch {
      // not the backend's JSON error body
    }
    throw new CostInsightsError(
      message || `The cost-insights backend answered HTTP ${res.status}`,
      res.status,
    );
  }

  getEntitySummary(entity: Entity): Promise<EntityCostSummary> {
    const ref = getCompoundEntityRef(entity);
    return this.get(
      `/entity/${encodeURIComponent(
        ref.kind.toLocaleLowerCase('en-US'),
      )}/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
        ref.name,
      )}/summary`,
    );
  }

  async getLastCompleteBillingDate(): Promise<string> {
    return (await this.get<{ date: string }>('/last-complete-billing-date'))
      .date;
  }

  getUserGroups(userId: string): Promise<Group[]> {
    return this.get(`/users/${encodeURIComponent(userId)}/groups`);
  }

  getGroupProjects(group: string): Promise<Project[]> {
    return this.get(`/groups/${encodeURIComponent(group)}/projects`);
  }

  getGroupDailyCost(group: string, intervals: string): Promise<Cost> {
    return this.get(`/groups/${encodeURIComponent(group)}/daily-cost`, {
      intervals,
    });
  }

  getProjectDailyCost(project: string, intervals: string): Promise<Cost> {
    return this.get(`/projects/${encodeURIComponent(project)}/daily-cost`, {
      intervals,
    });
  }

  /** Newer CostInsightsApi releases ask this; 0.11.32 does not. */
  getCatalogEntityDailyCost(
    catalogEntityRef: string,
    intervals: string,
  ): Promise<Cost> {
    const [kind, rest] = catalogEntityRef.split(':');
    const [namespace, name] = rest.split('/');
    return this.get(
      `/entity/${encodeURIComponent(kind)}/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}/daily-cost`,
      { intervals },
    );
  }

  getProductInsights(
    options: ProductInsightsOptions,
  ): Promise<ProductInsights> {
    const query: Record<string, string> = {
      group: options.group,
      intervals: options.intervals,
    };
    if (options.project) query.project = options.project;
    return this.get(
      `/products/${encodeURIComponent(options.product)}/insights`,
      query,
    );
  }

  /** No business metrics are configured: nothing to compare with. */
  async getDailyMetricData(
    metric: string,
    _intervals: string,
  ): Promise<MetricData> {
    return {
      id: metric,
      format: 'number',
      aggregation: [],
      change: { amount: 0 },
    };
  }

  /** No cost alerts (yet): Cost Explorer's anomalies are not read. */
  async getAlerts(_group: string): Promise<Alert[]> {
    return [];
  }
}

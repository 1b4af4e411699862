import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type { ScorecardApi } from './ScorecardApi';

/** ScorecardApi over HTTP (/api/scorecard). */
export class ScorecardClient implements ScorecardApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async get<T>(
    path: string,
    query?: Record<string, string | undefined>,
  ) {
    const base = await this.deps.discoveryApi.getBaseUrl('scorecard');
    const params = new URLSearchParams(
      Object.entries(query ?? {}).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    ).toString();
    const res = await this.deps.fetchApi.fetch(
      `${base}${path}${params ? `?${params}` : ''}`,
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  private entityPath(entityRef: string) {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return `/v1/entities/${[kind, namespace, name]
      .map(encodeURIComponent)
      .join('/')}`;
  }

  getEntityScorecard(entityRef: string) {
    return this.get<any>(this.entityPath(entityRef));
  }

  getHistory(entityRef: string, since?: Date) {
    return this.get<any>(`${this.entityPath(entityRef)}/history`, {
      since: since?.toISOString(),
    });
  }

  getReport(groupBy: string) {
    return this.get<any>('/v1/report', { groupBy });
  }

  async listEntities(filter: Record<string, string | undefined>) {
    return (await this.get<{ items: any[] }>('/v1/entities', filter)).items;
  }

  getConfiguration() {
    return this.get<any>('/v1/checks');
  }
}

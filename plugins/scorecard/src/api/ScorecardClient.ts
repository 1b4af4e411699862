import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type { ScorecardExemptionRequest } from '@internal/backstage-plugin-scorecard-common';
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

  async listCampaigns() {
    return (await this.get<{ items: any[] }>('/v1/campaigns')).items;
  }

  getCampaign(id: string) {
    return this.get<any>(`/v1/campaigns/${encodeURIComponent(id)}`);
  }

  async getEntityCampaigns(entityRef: string) {
    return (
      await this.get<{ items: any[] }>(
        `${this.entityPath(entityRef)}/campaigns`,
      )
    ).items;
  }

  /** POSTs JSON to an exemption-request route */
  private async exemptionRequestPost(path: string, body: object) {
    const base = await this.deps.discoveryApi.getBaseUrl('scorecard');
    const res = await this.deps.fetchApi.fetch(
      `${base}/v1/exemption-requests${path}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as ScorecardExemptionRequest;
  }

  async listExemptionRequests(
    filter: { entityRef?: string; status?: string } = {},
  ) {
    return (
      await this.get<{ items: ScorecardExemptionRequest[] }>(
        '/v1/exemption-requests',
        { ...filter, limit: '1000' },
      )
    ).items;
  }

  requestExemption(input: {
    entityRef: string;
    checkId: string;
    reason: string;
    expiresAt: string;
  }) {
    return this.exemptionRequestPost('', input);
  }

  approveExemptionRequest(id: string, reason?: string) {
    return this.exemptionRequestPost(
      `/${encodeURIComponent(id)}/approve`,
      reason ? { reason } : {},
    );
  }

  denyExemptionRequest(id: string, reason: string) {
    return this.exemptionRequestPost(`/${encodeURIComponent(id)}/deny`, {
      reason,
    });
  }

  withdrawExemptionRequest(id: string) {
    return this.exemptionRequestPost(`/${encodeURIComponent(id)}/withdraw`, {});
  }
}

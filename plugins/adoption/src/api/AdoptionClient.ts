import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  ADOPTION_COVERAGE_PATHS,
  type CoverageOwner,
  type CoverageRepository,
  type CoverageSummary,
  type DocsHealthDay,
  type DocsHealthRow,
  type TemplateHealthRow,
  type TemplateRunsWeek,
  type UsageEntityViewsRow,
  type UsagePageViewsRow,
  type UsagePluginViewsRow,
  type UsageSearchWithoutResultRow,
  type UsageWeeklyActiveUsersRow,
} from '@internal/backstage-plugin-adoption-common';
import type {
  AdoptionApi,
  AdoptionExportFormat,
  AdoptionTableRequest,
} from './AdoptionApi';
import {
  adoptionTables,
  exportFilename,
  exportPath,
  queryString,
} from './tables';

/** the file name of `Content-Disposition: attachment; filename="x.csv"` */
function attachmentFilename(header: string | null): string | undefined {
  return header ? /filename="?([^";]+)"?/.exec(header)?.[1] : undefined;
}

/** AdoptionApi over HTTP (/api/adoption). */
export class AdoptionClient implements AdoptionApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async fetchOk(path: string): Promise<Response> {
    const base = await this.deps.discoveryApi.getBaseUrl('adoption');
    const res = await this.deps.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res;
  }

  private async table<Row>(table: AdoptionTableRequest): Promise<Row[]> {
    const res = await this.fetchOk(`${table.path}${queryString(table.query)}`);
    return ((await res.json()) as { items: Row[] }).items;
  }

  getWeeklyActiveUsers(query?: { weeks?: number }) {
    return this.table<UsageWeeklyActiveUsersRow>(
      adoptionTables.weeklyActiveUsers(query),
    );
  }

  getPluginViews(query?: { days?: number; limit?: number }) {
    return this.table<UsagePluginViewsRow>(adoptionTables.pluginViews(query));
  }

  getPageViews(query?: { days?: number; limit?: number; pluginId?: string }) {
    return this.table<UsagePageViewsRow>(adoptionTables.pageViews(query));
  }

  getSearchesWithoutResult(query?: { days?: number; limit?: number }) {
    return this.table<UsageSearchWithoutResultRow>(
      adoptionTables.searchesWithoutResult(query),
    );
  }

  getMostViewedEntities(query?: {
    days?: number;
    limit?: number;
    kind?: string;
  }) {
    return this.table<UsageEntityViewsRow>(
      adoptionTables.mostViewedEntities(query),
    );
  }

  getLeastViewedEntities(query?: {
    days?: number;
    limit?: number;
    kind?: string;
  }) {
    return this.table<UsageEntityViewsRow>(
      adoptionTables.leastViewedEntities(query),
    );
  }

  async getCoverage() {
    const res = await this.fetchOk(ADOPTION_COVERAGE_PATHS.summary);
    return (await res.json()) as CoverageSummary;
  }

  getCoverageRepositories(
    query?: Parameters<typeof adoptionTables.coverageRepositories>[0],
  ) {
    return this.table<CoverageRepository>(
      adoptionTables.coverageRepositories(query),
    );
  }

  getCoverageOwners() {
    return this.table<CoverageOwner>(adoptionTables.coverageOwners());
  }

  getTemplateHealth(query?: { days?: number }) {
    return this.table<TemplateHealthRow>(adoptionTables.templateHealth(query));
  }

  getTemplateRunsTrend(query?: { weeks?: number }) {
    return this.table<TemplateRunsWeek>(
      adoptionTables.templateRunsTrend(query),
    );
  }

  getDocsHealth(query?: Parameters<typeof adoptionTables.docsHealth>[0]) {
    return this.table<DocsHealthRow>(adoptionTables.docsHealth(query));
  }

  getDocsHealthTrend(query?: { days?: number }) {
    return this.table<DocsHealthDay>(adoptionTables.docsHealthTrend(query));
  }

  async exportUrl(table: AdoptionTableRequest, format: AdoptionExportFormat) {
    const base = await this.deps.discoveryApi.getBaseUrl('adoption');
    return `${base}${exportPath(table, format)}`;
  }

  async downloadExport(
    table: AdoptionTableRequest,
    format: AdoptionExportFormat,
  ) {
    const res = await this.deps.fetchApi.fetch(
      await this.exportUrl(table, format),
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return {
      filename:
        attachmentFilename(res.headers.get('content-disposition')) ??
        exportFilename(table, format),
      blob: await res.blob(),
    };
  }
}

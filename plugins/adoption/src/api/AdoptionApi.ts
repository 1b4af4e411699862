import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AdoptionTableFormat,
  CoverageOwner,
  CoverageRepository,
  CoverageStatus,
  CoverageSummary,
  DocsHealthDay,
  DocsHealthRow,
  DocsHealthStatus,
  TemplateHealthRow,
  TemplateRunsWeek,
  UsageEntityViewsRow,
  UsagePageViewsRow,
  UsagePluginViewsRow,
  UsageSearchWithoutResultRow,
  UsageWeeklyActiveUsersRow,
} from '@internal/backstage-plugin-adoption-common';

/**
 * A table of the adoption API: its route under /api/adoption and its query.
 * Every table route answers `{ items }` as JSON, or CSV with `?format=csv`.
 *
 * @public
 */
export type AdoptionTableRequest = {
  path: string;
  query?: Record<string, string | number | undefined>;
};

/** How a table is exported. @public */
export type AdoptionExportFormat = AdoptionTableFormat;

/** The usage tables' window and size (the backend's defaults when left out). @public */
export type UsageQuery = { days?: number; limit?: number };

/** The adoption backend's API, as the Portal adoption page uses it. @public */
export interface AdoptionApi {
  /** users active per week, oldest week first */
  getWeeklyActiveUsers(query?: {
    weeks?: number;
  }): Promise<UsageWeeklyActiveUsersRow[]>;
  /** page views per plugin, most viewed first */
  getPluginViews(query?: UsageQuery): Promise<UsagePluginViewsRow[]>;
  /** page views per page (route pattern), most viewed first */
  getPageViews(
    query?: UsageQuery & { pluginId?: string },
  ): Promise<UsagePageViewsRow[]>;
  /** search terms that found nothing, most searched first */
  getSearchesWithoutResult(
    query?: UsageQuery,
  ): Promise<UsageSearchWithoutResultRow[]>;
  getMostViewedEntities(
    query?: UsageQuery & { kind?: string },
  ): Promise<UsageEntityViewsRow[]>;
  /** entities never viewed in the window first */
  getLeastViewedEntities(
    query?: UsageQuery & { kind?: string },
  ): Promise<UsageEntityViewsRow[]>;
  /** the latest coverage computation and its trend */
  getCoverage(): Promise<CoverageSummary>;
  getCoverageRepositories(query?: {
    status?: CoverageStatus;
  }): Promise<CoverageRepository[]>;
  /** the repositories per CODEOWNERS owner, most repositories first */
  getCoverageOwners(): Promise<CoverageOwner[]>;
  /** per template: runs, success rate, median duration, step failing most */
  getTemplateHealth(query?: { days?: number }): Promise<TemplateHealthRow[]>;
  /** runs per week and template, oldest week first */
  getTemplateRunsTrend(query?: { weeks?: number }): Promise<TemplateRunsWeek[]>;
  /** per entity with TechDocs: last build, stale or not and by how much */
  getDocsHealth(query?: {
    status?: DocsHealthStatus;
  }): Promise<DocsHealthRow[]>;
  /** the counts of each day's check, oldest first */
  getDocsHealthTrend(query?: { days?: number }): Promise<DocsHealthDay[]>;
  /** the address of a table's export (what the download links point to) */
  exportUrl(
    table: AdoptionTableRequest,
    format: AdoptionExportFormat,
  ): Promise<string>;
  /** a table's export, fetched with the signed-in user's credentials */
  downloadExport(
    table: AdoptionTableRequest,
    format: AdoptionExportFormat,
  ): Promise<{ filename: string; blob: Blob }>;
}

/** @public */
export const adoptionApiRef = createApiRef<AdoptionApi>().with({
  id: 'plugin.adoption',
  pluginId: 'adoption',
});

import {
  ADOPTION_COVERAGE_PATHS,
  ADOPTION_DOCS_HEALTH_PATHS,
  ADOPTION_TEMPLATE_HEALTH_PATHS,
  ADOPTION_USAGE_PATHS,
  type AdoptionTableFormat,
  type CoverageStatus,
  type DocsHealthStatus,
} from '@internal/backstage-plugin-adoption-common';
import type { AdoptionTableRequest, UsageQuery } from './AdoptionApi';

/*
 * The routes of the adoption API's tables (under /api/adoption), with their
 * query: what the client fetches and what the page's "Download CSV" and
 * "JSON" links point to, so both always name the same figures.
 */

export const adoptionTables = {
  weeklyActiveUsers: (
    query: { weeks?: number } = {},
  ): AdoptionTableRequest => ({
    path: ADOPTION_USAGE_PATHS.weeklyActiveUsers,
    query,
  }),
  pluginViews: (query: UsageQuery = {}): AdoptionTableRequest => ({
    path: ADOPTION_USAGE_PATHS.pluginViews,
    query,
  }),
  pageViews: (
    query: UsageQuery & { pluginId?: string } = {},
  ): AdoptionTableRequest => ({ path: ADOPTION_USAGE_PATHS.pageViews, query }),
  searchesWithoutResult: (query: UsageQuery = {}): AdoptionTableRequest => ({
    path: ADOPTION_USAGE_PATHS.searchesWithoutResult,
    query,
  }),
  mostViewedEntities: (
    query: UsageQuery & { kind?: string } = {},
  ): AdoptionTableRequest => ({
    path: ADOPTION_USAGE_PATHS.mostViewedEntities,
    query,
  }),
  leastViewedEntities: (
    query: UsageQuery & { kind?: string } = {},
  ): AdoptionTableRequest => ({
    path: ADOPTION_USAGE_PATHS.leastViewedEntities,
    query,
  }),
  coverageRepositories: (
    query: { status?: CoverageStatus } = {},
  ): AdoptionTableRequest => ({
    path: ADOPTION_COVERAGE_PATHS.repositories,
    query,
  }),
  coverageOwners: (): AdoptionTableRequest => ({
    path: ADOPTION_COVERAGE_PATHS.owners,
  }),
  templateHealth: (query: { days?: number } = {}): AdoptionTableRequest => ({
    path: ADOPTION_TEMPLATE_HEALTH_PATHS.templates,
    query,
  }),
  templateRunsTrend: (
    query: { weeks?: number } = {},
  ): AdoptionTableRequest => ({
    path: ADOPTION_TEMPLATE_HEALTH_PATHS.trend,
    query,
  }),
  docsHealth: (
    query: { status?: DocsHealthStatus } = {},
  ): AdoptionTableRequest => ({
    path: ADOPTION_DOCS_HEALTH_PATHS.entities,
    query,
  }),
  docsHealthTrend: (query: { days?: number } = {}): AdoptionTableRequest => ({
    path: ADOPTION_DOCS_HEALTH_PATHS.trend,
    query,
  }),
};

/** `?a=1&b=x` of the defined values ('' when none) */
export function queryString(query: AdoptionTableRequest['query'] = {}): string {
  const params = new URLSearchParams(
    Object.entries(query)
      .filter((e): e is [string, string | number] => e[1] !== undefined)
      .map(([k, v]) => [k, String(v)]),
  ).toString();
  return params ? `?${params}` : '';
}

/**
 * The route of a table's export, query included: JSON is the route's own
 * answer, CSV the same rows with `?format=csv`.
 */
export function exportPath(
  table: AdoptionTableRequest,
  format: AdoptionTableFormat,
): string {
  const query =
    format === 'csv' ? { ...table.query, format: 'csv' } : table.query;
  return `${table.path}${queryString(query)}`;
}

/** the export's file name: `usage-weekly-active-users.csv` for `/v1/usage/weekly-active-users` */
export function exportFilename(
  table: AdoptionTableRequest,
  format: AdoptionTableFormat,
): string {
  const name = table.path.replace(/^\/(v\d+\/)?/, '').replace(/\//g, '-');
  return `${name}.${format}`;
}

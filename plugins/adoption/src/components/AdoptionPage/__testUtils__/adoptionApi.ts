import { screen, waitFor } from '@testing-library/react';
import type {
  CoverageOwner,
  CoverageRepository,
  CoverageSummary,
  DocsHealthRow,
  TemplateHealthRow,
} from '@internal/backstage-plugin-adoption-common';
import type { AdoptionApi } from '../../../api/AdoptionApi';
import { exportFilename, exportPath } from '../../../api/tables';

export const API_BASE = 'http://localhost:7007/api/adoption';

/** an uncovered repository as `GET /v1/coverage/repositories` answers it */
export const repository = (
  overrides: Partial<CoverageRepository> = {},
): CoverageRepository => ({
  name: 'payment-service',
  fullName: 'myorg/payment-service',
  url: 'https://github.com/myorg/payment-service',
  status: 'uncovered',
  owner: '@myorg/payments-squad',
  ownerRef: 'group:default/payments-squad',
  codeOwners: '@myorg/payments-squad',
  entityRefs: '',
  entities: 0,
  pushedAt: '2026-11-20T10:00:00.000Z',
  ...overrides,
});

export const coverageSummary = (
  overrides: Partial<CoverageSummary> = {},
): CoverageSummary => ({
  organization: 'myorg',
  host: 'github.com',
  computedAt: '2026-12-07T06:00:00.000Z',
  repositories: 17,
  covered: 12,
  uncovered: 3,
  archived: 2,
  ratio: 0.8,
  byOwner: [],
  trend: [
    {
      at: '2026-12-05T06:00:00.000Z',
      repositories: 17,
      covered: 10,
      uncovered: 5,
      archived: 2,
    },
    {
      at: '2026-12-07T06:00:00.000Z',
      repositories: 17,
      covered: 12,
      uncovered: 3,
      archived: 2,
    },
  ],
  ...overrides,
});

export const coverageOwner = (
  overrides: Partial<CoverageOwner> = {},
): CoverageOwner => ({
  owner: '@myorg/payments-squad',
  ownerRef: 'group:default/payments-squad',
  repositories: 4,
  covered: 3,
  uncovered: 1,
  archived: 0,
  ...overrides,
});

export const templateHealthRow = (
  overrides: Partial<TemplateHealthRow> = {},
): TemplateHealthRow => ({
  templateRef: 'template:default/golden-path-service',
  title: 'Golden path service',
  runs: 10,
  succeeded: 7,
  failed: 1,
  cancelled: 1,
  running: 1,
  successRate: 0.875,
  medianDurationSeconds: 125,
  mostFailedStep: 'publish',
  mostFailedStepName: 'Publish to GitHub',
  mostFailedStepFailures: 1,
  lastRunAt: '2026-12-06T09:30:00.000Z',
  ...overrides,
});

export const docsHealthRow = (
  overrides: Partial<DocsHealthRow> = {},
): DocsHealthRow => ({
  entityRef: 'component:default/order-service',
  title: 'Order service',
  owner: 'group:default/order-squad',
  repository: 'myorg/order-service',
  lastBuiltAt: '2026-11-01T12:00:00.000Z',
  lastDocsCommitAt: '2026-10-30T12:00:00.000Z',
  lastCodeCommitAt: '2026-11-11T12:00:00.000Z',
  docsBehindDays: 12,
  buildOutdated: false,
  status: 'stale',
  error: null,
  checkedAt: '2026-12-07T06:00:00.000Z',
  ...overrides,
});

const none = async () => [];

/**
 * An AdoptionApi answering empty tables (and a coverage never computed),
 * `overrides` replacing some methods; its export URLs are the client's.
 */
export function adoptionApi(overrides: Partial<AdoptionApi> = {}): AdoptionApi {
  return {
    getWeeklyActiveUsers: none,
    getPluginViews: none,
    getPageViews: none,
    getSearchesWithoutResult: none,
    getMostViewedEntities: none,
    getLeastViewedEntities: none,
    getCoverage: async () =>
      coverageSummary({
        computedAt: null,
        repositories: 0,
        covered: 0,
        uncovered: 0,
        archived: 0,
        ratio: null,
        trend: [],
      }),
    getCoverageRepositories: none,
    getCoverageOwners: none,
    getTemplateHealth: none,
    getTemplateRunsTrend: none,
    getDocsHealth: none,
    getDocsHealthTrend: none,
    exportUrl: async (table, format) =>
      `${API_BASE}${exportPath(table, format)}`,
    downloadExport: async (table, format) => ({
      filename: exportFilename(table, format),
      blob: new Blob(['']),
    }),
    ...overrides,
  };
}

/**
 * The table of a card of the page (`data-testid`), once loaded. Queried by
 * selector, not by role: role queries over the whole page are slow in jsdom.
 */
export async function tableIn(testId: string): Promise<HTMLElement> {
  const card = await screen.findByTestId(testId);
  return waitFor(() => {
    const table = card.querySelector('table');
    expect(table).not.toBeNull();
    return table as HTMLElement;
  });
}

/** the text of each cell of each row of a table's body */
export const cells = (table: HTMLElement) =>
  Array.from(table.querySelectorAll('tbody tr')).map(tr =>
    Array.from(tr.querySelectorAll('td')).map(td => td.textContent),
  );

/** the chart of a card, once loaded: its accessible name */
export async function chartLabelIn(testId: string): Promise<string | null> {
  const card = await screen.findByTestId(testId);
  return waitFor(() => {
    const chart = card.querySelector('svg[role="img"]');
    expect(chart).not.toBeNull();
    return chart!.getAttribute('aria-label');
  });
}

/** once every card of the page has loaded (none `aria-busy`) */
export const cardsLoaded = () =>
  waitFor(() =>
    expect(document.querySelectorAll('[aria-busy="true"]')).toHaveLength(0),
  );

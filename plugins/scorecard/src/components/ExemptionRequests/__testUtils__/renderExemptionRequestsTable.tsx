import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { scorecardExemptionDecidePermission } from '@internal/backstage-plugin-scorecard-common';
import { screen, within } from '@testing-library/react';
import { Suspense } from 'react';
import { scorecardApiRef, type ScorecardApi } from '../../../api/ScorecardApi';
import { ExemptionRequestsTable } from '../ExemptionRequestsTable';
import { exemptionRequest, exemptionRequestsApi } from './exemptionRequestsApi';

/*
 * The Scorecards page's exemption requests table over four requests, as one
 * who may decide them (scorecard.exemption.decide) or not. usePermission
 * caches its answers for the test file (SWR): one file, one answer.
 */

export const older = exemptionRequest({
  id: 'a',
  requestedAt: '2026-11-01T00:00:00.000Z',
});
export const newer = exemptionRequest({
  id: 'b',
  checkId: 'pdb-configured',
  requestedBy: 'user:default/carol',
  requestedAt: '2026-11-20T00:00:00.000Z',
});
export const approved = exemptionRequest({
  id: 'c',
  status: 'approved',
  requestedAt: '2026-10-01T00:00:00.000Z',
  decidedBy: 'user:default/frank',
  decidedAt: '2026-10-02T00:00:00.000Z',
});
export const denied = exemptionRequest({
  id: 'd',
  status: 'denied',
  requestedAt: '2026-11-25T00:00:00.000Z',
  decidedBy: 'user:default/frank',
  decidedAt: '2026-11-26T00:00:00.000Z',
  decisionReason: 'add the limits: it is one line',
});

/** the user may decide (scorecard.exemption.decide) or not */
export async function renderExemptionRequestsTable({ canDecide = true } = {}) {
  const permission = mockApis.permission({
    authorize: request =>
      canDecide &&
      request.permission.name === scorecardExemptionDecidePermission.name
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
  });
  const requests = [older, newer, approved, denied].map(r => ({ ...r }));
  const mock = exemptionRequestsApi(requests);
  const api = {
    ...mock,
    getConfiguration: async () => ({
      checks: [
        {
          id: 'resource-limits',
          title: 'Resource requests/limits set',
          dimension: 'reliability',
          description: '',
          filter: {},
        },
      ],
      levels: [],
    }),
  } as unknown as ScorecardApi;
  await renderInTestApp(
    <Suspense fallback="loading">
      <ExemptionRequestsTable />
    </Suspense>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [[scorecardApiRef, api], permission],
    },
  );
  const table = await screen.findByTestId('exemption-requests-table');
  const rows = () =>
    Array.from(table.querySelectorAll('tr[data-request]')).map(
      tr =>
        `${tr.getAttribute('data-request')}:${tr.getAttribute('data-status')}`,
    );
  const row = (id: string) =>
    within(table.querySelector(`tr[data-request="${id}"]`) as HTMLElement);
  return { mock, requests, rows, row };
}

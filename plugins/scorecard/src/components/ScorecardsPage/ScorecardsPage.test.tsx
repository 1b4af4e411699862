import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Suspense } from 'react';
import { fireEvent, screen, within } from '@testing-library/react';
import { scorecardApiRef, type ScorecardApi } from '../../api/ScorecardApi';
import { ScorecardsPage } from './ScorecardsPage';
import {
  exemptionRequest,
  exemptionRequestsApi,
} from '../ExemptionRequests/__testUtils__/exemptionRequestsApi';
import {
  campaignDetail,
  campaignsApi,
} from '../Campaigns/__testUtils__/campaignsApi';

/*
 * The page's tables (material-table) load lazily and suspend outside a
 * transition in jsdom, so the page with data is tested in Chromium
 * (packages/app/e2e-tests/scorecards.test.ts: teams, dimensions, most
 * failed checks, drill-down); here its error state.
 */
describe('ScorecardsPage', () => {
  it('shows the error when the report cannot be loaded', async () => {
    const api = {
      getReport: async () => {
        throw new Error('report failed: 500');
      },
    } as unknown as ScorecardApi;
    await renderInTestApp(
      // the app wraps pages in a Suspense boundary; links load lazily
      <Suspense fallback="loading">
        <ScorecardsPage />
      </Suspense>,
      { apis: [[scorecardApiRef, api]] },
    );
    expect(
      (await screen.findAllByText(/report failed: 500/)).length,
    ).toBeGreaterThan(0);
  });

  it('has an "Exemption requests" tab with the requests and their decisions', async () => {
    const api = {
      ...exemptionRequestsApi([
        exemptionRequest(),
        exemptionRequest({
          id: 'd',
          status: 'denied',
          decidedBy: 'user:default/frank',
          decidedAt: '2026-11-26T00:00:00.000Z',
        }),
      ]),
      getReport: async () => {
        throw new Error('report failed: 500');
      },
      getConfiguration: async () => ({ checks: [], levels: [] }),
    } as unknown as ScorecardApi;
    await renderInTestApp(
      <Suspense fallback="loading">
        <ScorecardsPage />
      </Suspense>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        // the platform team: may approve and deny
        apis: [[scorecardApiRef, api], mockApis.permission()],
      },
    );
    fireEvent.click(
      await screen.findByRole('tab', { name: 'Exemption requests' }),
    );
    const table = await screen.findByTestId('exemption-requests-table');
    expect(
      Array.from(table.querySelectorAll('tr[data-request]')).map(tr =>
        tr.getAttribute('data-status'),
      ),
    ).toEqual(['pending', 'denied']);
    expect(
      await within(table).findAllByRole('button', { name: 'Approve' }),
    ).toHaveLength(1);
  });

  it('has a "Campaigns" tab with the campaigns and their progress', async () => {
    const api = {
      ...campaignsApi([campaignDetail()]),
      getReport: async () => {
        throw new Error('report failed: 500');
      },
    } as unknown as ScorecardApi;
    await renderInTestApp(
      <Suspense fallback="loading">
        <ScorecardsPage />
      </Suspense>,
      { apis: [[scorecardApiRef, api]] },
    );
    fireEvent.click(await screen.findByRole('tab', { name: 'Campaigns' }));
    const tab = await screen.findByTestId('scorecard-campaigns');
    expect(
      await within(tab).findByRole('progressbar', {
        name: 'Q1 security: 1 of 3 entities done (33%)',
      }),
    ).toBeInTheDocument();
  });
});

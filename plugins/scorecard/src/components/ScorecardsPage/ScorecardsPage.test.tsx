import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Suspense } from 'react';
import { screen } from '@testing-library/react';
import { scorecardApiRef, type ScorecardApi } from '../../api/ScorecardApi';
import { ScorecardsPage } from './ScorecardsPage';

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
});

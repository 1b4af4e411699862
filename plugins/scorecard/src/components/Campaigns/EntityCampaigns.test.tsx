import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { scorecardApiRef, type ScorecardApi } from '../../api/ScorecardApi';
import { rootRouteRef } from '../../routes';
import { EntityCampaigns } from './EntityCampaigns';
import { campaignsApi } from './__testUtils__/campaignsApi';

const render = (api: Partial<ScorecardApi>) =>
  renderInTestApp(
    <>
      <EntityCampaigns entityRef="component:default/order-service" />
      <span>rendered</span>
    </>,
    {
      mountedRoutes: { '/scorecards': rootRouteRef },
      apis: [[scorecardApiRef, api as ScorecardApi]],
    },
  );

describe('EntityCampaigns', () => {
  it('writes a line per campaign, linked to it on the Scorecards page', async () => {
    const api = campaignsApi(
      [],
      [
        {
          id: 'q1-security',
          title: 'Q1 security',
          targetDate: '2027-03-31',
          status: 'active',
          checks: 3,
          passed: 2,
          done: false,
        },
        {
          id: 'docs',
          title: 'Docs',
          targetDate: '2027-06-30',
          status: 'planned',
          checks: 1,
          passed: 1,
          done: true,
        },
      ],
    );
    await render(api);
    const list = await screen.findByTestId('entity-scorecard-campaigns');
    expect(
      within(list)
        .getAllByRole('link')
        .map(a => [a.textContent, a.getAttribute('href')]),
    ).toEqual([
      [
        'Q1 security: due 2027-03-31, 2 of 3 done',
        '/scorecards?tab=campaigns&campaign=q1-security',
      ],
      [
        'Docs: due 2027-06-30, 1 of 1 done',
        '/scorecards?tab=campaigns&campaign=docs',
      ],
    ]);
    expect(api.getEntityCampaigns).toHaveBeenCalledWith(
      'component:default/order-service',
    );
  });

  it('shows nothing when the entity is in no campaign', async () => {
    await render(campaignsApi([], []));
    expect(await screen.findByText('rendered')).toBeInTheDocument();
    expect(screen.queryByTestId('entity-scorecard-campaigns')).toBeNull();
  });

  it('says so, quietly, when the campaigns cannot be loaded', async () => {
    await render({
      getEntityCampaigns: async () => {
        throw new Error('503 from the scorecard backend');
      },
    });
    expect(
      await screen.findByText(
        'Campaigns could not be loaded: 503 from the scorecard backend',
      ),
    ).toBeInTheDocument();
  });
});

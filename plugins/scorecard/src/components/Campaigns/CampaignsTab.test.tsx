import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, within } from '@testing-library/react';
import { scorecardApiRef, type ScorecardApi } from '../../api/ScorecardApi';
import { CampaignsTab } from './CampaignsTab';
import { campaignDetail, campaignsApi } from './__testUtils__/campaignsApi';

const q1 = campaignDetail();
const archived = campaignDetail({
  id: 'docs',
  title: 'Docs everywhere',
  checks: ['image-signed'],
  status: 'archived',
  source: 'api',
  startDate: '2026-06-01',
  targetDate: '2026-09-30',
  archivedAt: '2026-10-01T00:10:00.000Z',
  progress: { entities: 4, done: 3 },
});

const render = (api: Partial<ScorecardApi>, path = '/') =>
  renderInTestApp(<CampaignsTab />, {
    initialRouteEntries: [path],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    apis: [[scorecardApiRef, api as ScorecardApi]],
  });

describe('CampaignsTab', () => {
  it('lists the campaigns with their status, dates and a progress bar each', async () => {
    await render(campaignsApi([archived, q1]));
    const tab = await screen.findByTestId('scorecard-campaigns');
    const table = await within(tab).findByRole('table', { name: 'campaigns' });
    expect(
      Array.from(table.querySelectorAll('tr[data-campaign]')).map(tr =>
        Array.from(tr.querySelectorAll('td')).map(td => td.textContent),
      ),
    ).toEqual([
      [
        'Q1 security',
        'Active',
        '2026-12-01',
        '2027-03-31',
        '2',
        '1 of 3 entities done (33%)',
      ],
      [
        'Docs everywhere',
        'Archived',
        '2026-06-01',
        '2026-09-30',
        '1',
        '3 of 4 entities done (75%)',
      ],
    ]);
    const bar = within(table).getByRole('progressbar', {
      name: 'Q1 security: 1 of 3 entities done (33%)',
    });
    expect(bar).toHaveAttribute('aria-valuenow', '33');
  });

  it('opens a campaign: its teams, entities with the checks left, burn-down', async () => {
    const api = campaignsApi([q1]);
    await render(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Q1 security' }));
    expect(
      await screen.findByRole('heading', { name: 'Q1 security' }),
    ).toBeInTheDocument();
    expect(api.getCampaign).toHaveBeenCalledWith('q1-security');
    expect(
      screen.getByText('Checks: Vulnerability scanning in CI, Image signed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Active · 2026-12-01 to 2027-03-31 · defined in app-config.yaml/,
      ),
    ).toBeInTheDocument();

    const teams = screen.getByRole('table', { name: 'teams' });
    expect(
      Array.from(teams.querySelectorAll('tr[data-team]')).map(tr => [
        tr.getAttribute('data-team'),
        tr.querySelectorAll('td')[1].textContent,
      ]),
    ).toEqual([
      ['group:default/order-squad', '1 of 2 entities done (50%)'],
      ['none', '0 of 1 entity done (0%)'],
    ]);
    expect(within(teams).getByText('No owner')).toBeInTheDocument();

    const entities = screen.getByRole('table', { name: 'entities' });
    expect(
      Array.from(entities.querySelectorAll('tr[data-entity]')).map(tr => [
        tr.getAttribute('data-entity'),
        tr.querySelectorAll('td')[2].textContent,
      ]),
    ).toEqual([
      [
        'component:default/order-worker',
        'Vulnerability scanning in CI, Image signed',
      ],
      ['component:default/legacy-service', 'Image signed'],
      ['component:default/order-service', 'Done'],
    ]);

    const chart = screen.getByRole('img', {
      name: 'burn-down: 3 of 3 left on 2026-12-01 → 2 of 3 left on 2026-12-07',
    });
    expect(
      within(chart)
        .getByTestId('campaign-burndown-line')
        .getAttribute('d')!
        .split(' '),
    ).toHaveLength(2);
    expect(
      within(chart).getByTestId('campaign-burndown-ideal'),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'All campaigns' }));
    expect(
      await screen.findByRole('table', { name: 'campaigns' }),
    ).toBeInTheDocument();
  });

  it('opens the campaign of ?campaign= directly, with its archive', async () => {
    await render(campaignsApi([q1, archived]), '/?tab=campaigns&campaign=docs');
    expect(
      await screen.findByRole('heading', { name: 'Docs everywhere' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Archived · 2026-06-01 to 2026-09-30 · created through the API · archived 2026-10-01: the final figures',
      ),
    ).toBeInTheDocument();
  });

  it('says so when there is no campaign', async () => {
    await render(campaignsApi([]));
    expect(await screen.findByText(/No campaigns yet/)).toBeInTheDocument();
  });

  it('shows the error of a campaign that cannot be loaded', async () => {
    await render(campaignsApi([q1]), '/?campaign=gone');
    expect(
      (await screen.findAllByText(/No campaign gone/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByRole('button', { name: 'All campaigns' }),
    ).toBeInTheDocument();
  });
});

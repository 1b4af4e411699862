import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { UsageEntityViewsRow } from '@internal/backstage-plugin-adoption-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { adoptionApiRef, type AdoptionApi } from '../../api/AdoptionApi';
import { thisWeekText, UsageTab } from './UsageTab';
import {
  adoptionApi,
  API_BASE,
  cells,
  chartLabelIn,
  tableIn,
  cardsLoaded,
} from './__testUtils__/adoptionApi';

async function render(api: AdoptionApi) {
  const rendered = renderInTestApp(<UsageTab />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    apis: [[adoptionApiRef, api]],
  });
  await cardsLoaded();
  return rendered;
}

const entityViews = (
  entityRef: string,
  views: number,
  lastViewedAt = '2026-12-06T10:00:00.000Z',
): UsageEntityViewsRow => ({
  entityRef,
  kind: entityRef.split(':')[0],
  views,
  users: views > 0 ? 1 : 0,
  lastViewedAt: views > 0 ? lastViewedAt : '',
});

// a tab renders several cards, each a table: slow on a loaded 2-core runner
jest.setTimeout(30_000);

describe('thisWeekText', () => {
  it("says this week's active users and events", () => {
    expect(
      thisWeekText([
        { weekStart: '2026-11-23', activeUsers: 4, events: 50 },
        { weekStart: '2026-11-30', activeUsers: 1, events: 1 },
      ]),
    ).toBe('This week: 1 active user, 1 event');
    expect(
      thisWeekText([{ weekStart: '2026-11-30', activeUsers: 3, events: 41 }]),
    ).toBe('This week: 3 active users, 41 events');
    expect(thisWeekText([])).toBe('No activity recorded yet');
  });
});

describe('UsageTab', () => {
  it('shows the active users trend, views, entities and searches without result', async () => {
    const asked: Record<string, unknown> = {};
    const api = adoptionApi({
      getWeeklyActiveUsers: async query => {
        asked.weeks = query;
        return [
          { weekStart: '2026-11-16', activeUsers: 2, events: 30 },
          { weekStart: '2026-11-23', activeUsers: 0, events: 0 },
          { weekStart: '2026-11-30', activeUsers: 3, events: 41 },
        ];
      },
      getPluginViews: async query => {
        asked.days = query;
        return [
          { pluginId: 'catalog', views: 12, users: 3 },
          { pluginId: 'techdocs', views: 4, users: 2 },
        ];
      },
      getPageViews: async () => [
        {
          pluginId: 'catalog',
          routePath: '/catalog/:namespace/:kind/:name',
          views: 9,
          users: 3,
        },
      ],
      getMostViewedEntities: async () => [
        entityViews('component:default/order-service', 7),
        // users' pages, all together
        { ...entityViews('', 3), kind: 'user' },
      ],
      getLeastViewedEntities: async () => [
        entityViews('component:default/legacy-service', 0),
      ],
      getSearchesWithoutResult: async () => [
        {
          term: 'kafka',
          searches: 5,
          users: 2,
          lastSearchedAt: '2026-12-05T08:00:00.000Z',
        },
      ],
    });
    await render(api);

    expect(
      await screen.findByTestId('adoption-usage-this-week'),
    ).toHaveTextContent('This week: 3 active users, 41 events');
    expect(await chartLabelIn('adoption-usage-weekly-active-users')).toBe(
      'Weekly active users from 2026-11-16 to 2026-11-30: 2 → 3',
    );
    expect(asked).toEqual({ weeks: { weeks: 12 }, days: { days: 30 } });

    const plugins = await tableIn('adoption-usage-plugin-views');
    expect(plugins).toHaveAttribute('aria-label', 'views per plugin');
    expect(cells(plugins)).toEqual([
      ['catalog', '12', '3'],
      ['techdocs', '4', '2'],
    ]);
    expect(cells(await tableIn('adoption-usage-page-views'))).toEqual([
      ['/catalog/:namespace/:kind/:name', 'catalog', '9', '3'],
    ]);
    const most = await tableIn('adoption-usage-most-viewed');
    await waitFor(() =>
      expect(cells(most)).toEqual([
        ['order-service', 'component', '7', '1', '2026-12-06'],
        ['User profiles', 'user', '3', '1', '2026-12-06'],
      ]),
    );
    expect(most.querySelector('tr[data-row="user"]')).not.toBeNull();
    expect(
      most.querySelector('tr[data-row="component:default/order-service"]'),
    ).not.toBeNull();
    await waitFor(async () =>
      expect(cells(await tableIn('adoption-usage-least-viewed'))).toEqual([
        ['legacy-service', 'component', '0', '0', 'never'],
      ]),
    );
    expect(
      cells(await tableIn('adoption-usage-searches-without-result')),
    ).toEqual([['kafka', '5', '2', '2026-12-05']]);
    await cardsLoaded();
  });

  it('links each table to its CSV and JSON export on the same route', async () => {
    await render(adoptionApi());
    const card = await screen.findByTestId('adoption-usage-most-viewed');
    expect(
      await within(card).findByRole('link', {
        name: 'Download CSV: Most viewed entities',
      }),
    ).toHaveAttribute(
      'href',
      `${API_BASE}/v1/usage/entities/most-viewed?days=30&format=csv`,
    );
    expect(
      within(card).getByRole('link', { name: 'JSON: Most viewed entities' }),
    ).toHaveAttribute(
      'href',
      `${API_BASE}/v1/usage/entities/most-viewed?days=30`,
    );
    expect(
      within(
        screen.getByTestId('adoption-usage-weekly-active-users'),
      ).getByRole('link', { name: 'Download CSV: Weekly active users' }),
    ).toHaveAttribute(
      'href',
      `${API_BASE}/v1/usage/weekly-active-users?weeks=12&format=csv`,
    );
    await cardsLoaded();
  });

  it("downloads the export with the signed-in user's credentials on a click", async () => {
    const blob = new Blob(['pluginId,views,users\r\ncatalog,12,3']);
    const downloadExport = jest.fn(async () => ({
      filename: 'plugin-views.csv',
      blob,
    }));
    const createObjectURL = jest.fn((_: Blob) => 'blob:plugin-views');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const saved: string[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function saveFile(this: HTMLAnchorElement) {
        saved.push(`${this.download} ${this.href}`);
      });
    try {
      await render(adoptionApi({ downloadExport }));
      const card = await screen.findByTestId('adoption-usage-plugin-views');
      fireEvent.click(
        await within(card).findByRole('link', {
          name: 'Download CSV: Views per plugin',
        }),
      );
      await waitFor(() =>
        expect(saved).toEqual(['plugin-views.csv blob:plugin-views']),
      );
      expect(downloadExport).toHaveBeenCalledWith(
        { path: '/v1/usage/views/plugins', query: { days: 30 } },
        'csv',
      );
      expect(createObjectURL).toHaveBeenCalledWith(blob);
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:plugin-views');
    } finally {
      click.mockRestore();
    }
    await cardsLoaded();
  });

  it("shows a failing table's error in its card, the others still readable", async () => {
    await render(
      adoptionApi({
        getSearchesWithoutResult: async () => {
          throw new Error('searches failed: 500');
        },
        getPluginViews: async () => [
          { pluginId: 'catalog', views: 1, users: 1 },
        ],
      }),
    );
    const searches = await screen.findByTestId(
      'adoption-usage-searches-without-result',
    );
    expect(
      (await within(searches).findAllByText(/searches failed: 500/)).length,
    ).toBeGreaterThan(0);
    expect(cells(await tableIn('adoption-usage-plugin-views'))).toEqual([
      ['catalog', '1', '1'],
    ]);
    await cardsLoaded();
  });

  it('says when nothing was recorded yet', async () => {
    await render(adoptionApi());
    const tab = await screen.findByTestId('adoption-usage');
    expect(
      await within(tab).findByTestId('adoption-usage-this-week'),
    ).toHaveTextContent('No activity recorded yet');
    expect(within(tab).getAllByText('No page viewed yet.')).toHaveLength(2);
    expect(
      within(tab).getByText('Every search found something.'),
    ).toBeInTheDocument();
    await cardsLoaded();
  });
});

import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { adoptionApiRef } from '../../api/AdoptionApi';
import { DocsTab } from './DocsTab';
import {
  adoptionApi,
  API_BASE,
  docsHealthRow,
  cardsLoaded,
} from './__testUtils__/adoptionApi';

// a tab renders several cards, each a table: slow on a loaded 2-core runner
jest.setTimeout(30_000);

describe('DocsTab', () => {
  it('shows per entity its last build, and whether its docs are stale and by how much', async () => {
    renderInTestApp(<DocsTab />, {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        [
          adoptionApiRef,
          adoptionApi({
            getDocsHealth: async () => [
              docsHealthRow(),
              docsHealthRow({
                entityRef: 'component:default/payment-service',
                title: 'Payment service',
                owner: null,
                status: 'fresh',
                docsBehindDays: 0,
                lastBuiltAt: '2026-12-06T08:00:00.000Z',
                lastDocsCommitAt: '2026-12-05T08:00:00.000Z',
                lastCodeCommitAt: '2026-12-05T08:00:00.000Z',
              }),
            ],
            getDocsHealthTrend: async () => [
              {
                day: '2026-12-06',
                entities: 2,
                fresh: 2,
                stale: 0,
                notBuilt: 0,
                unknown: 0,
              },
              {
                day: '2026-12-07',
                entities: 2,
                fresh: 1,
                stale: 1,
                notBuilt: 0,
                unknown: 0,
              },
            ],
          }),
        ],
      ],
    });
    await cardsLoaded();
    const tab = await screen.findByTestId('adoption-docs');
    const table = await within(tab).findByRole('table', {
      name: 'docs per entity',
    });
    expect(
      Array.from(table.querySelectorAll('tbody tr')).map(tr =>
        Array.from(tr.querySelectorAll('td')).map(td => td.textContent),
      ),
    ).toEqual([
      [
        'Order service',
        'order-squad',
        '2026-11-01',
        '2026-10-30',
        '2026-11-11',
        'Stale: 12 days behind the code',
      ],
      [
        'Payment service',
        'none',
        '2026-12-06',
        '2026-12-05',
        '2026-12-05',
        'Fresh',
      ],
    ]);
    expect(
      within(tab).getByRole('img', {
        name: 'Docs health from 2026-12-06 to 2026-12-07: fresh 2 → 1, stale 0 → 1, not built 0 → 0, unknown 0 → 0',
      }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('adoption-docs-table')).getByRole('link', {
        name: 'Download CSV: Docs per entity',
      }),
    ).toHaveAttribute('href', `${API_BASE}/v1/docs-health?format=csv`);
    await cardsLoaded();
  });
});

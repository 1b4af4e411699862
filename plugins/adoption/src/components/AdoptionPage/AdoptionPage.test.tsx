import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { SWRConfig } from 'swr';
import { adoptionApiRef, type AdoptionApi } from '../../api/AdoptionApi';
import { scaffolderRouteRef } from '../../routes';
import { AdoptionPage } from './AdoptionPage';
import {
  adoptionApi,
  cardsLoaded,
  docsHealthRow,
} from './__testUtils__/adoptionApi';

function render(
  api: AdoptionApi,
  options: { allowed: boolean; path?: string },
) {
  const asked: string[] = [];
  const permissionApi = mockApis.permission({
    authorize: request => {
      asked.push(request.permission.name);
      return options.allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
    },
  });
  return {
    asked,
    // usePermission caches its decisions (SWR): a cache of its own per test
    rendered: renderInTestApp(
      <SWRConfig value={{ provider: () => new Map() }}>
        <AdoptionPage />
      </SWRConfig>,
      {
        initialRouteEntries: [options.path ?? '/adoption'],
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name': entityRouteRef,
          '/create': scaffolderRouteRef,
        },
        apis: [[adoptionApiRef, api], permissionApi],
      },
    ),
  };
}

// a tab renders several cards, each a table: slow on a loaded 2-core runner
jest.setTimeout(30_000);

describe('AdoptionPage', () => {
  it('tells someone without adoption.read that it is for the platform team, and asks the API nothing', async () => {
    const getWeeklyActiveUsers = jest.fn(async () => []);
    const { asked } = render(adoptionApi({ getWeeklyActiveUsers }), {
      allowed: false,
    });
    expect(
      await screen.findByText('For the platform team'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('adoption-platform-team-only')).toHaveTextContent(
      /^The Portal adoption figures are for the platform team/,
    );
    expect(asked).toEqual(['adoption.read']);
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
    expect(getWeeklyActiveUsers).not.toHaveBeenCalled();
  });

  it('opens on the Usage tab and switches tabs by ?tab=', async () => {
    render(
      adoptionApi({
        getDocsHealth: async () => [docsHealthRow()],
      }),
      { allowed: true },
    );
    const tabs = await screen.findByRole('tablist', {
      name: 'Portal adoption',
    });
    expect(
      within(tabs)
        .getAllByRole('tab')
        .map(t => t.textContent),
    ).toEqual(['Usage', 'Coverage', 'Templates', 'Docs']);
    expect(within(tabs).getByRole('tab', { name: 'Usage' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(await screen.findByTestId('adoption-usage')).toBeInTheDocument();
    await cardsLoaded();

    fireEvent.click(within(tabs).getByRole('tab', { name: 'Docs' }));
    const docs = await screen.findByTestId('adoption-docs');
    expect(
      await within(docs).findByText('Stale: 12 days behind the code'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('adoption-usage')).not.toBeInTheDocument();
    await cardsLoaded();
  });

  it('opens the tab the address names', async () => {
    render(adoptionApi(), { allowed: true, path: '/adoption?tab=coverage' });
    expect(await screen.findByTestId('adoption-coverage')).toBeInTheDocument();
    await cardsLoaded();
    expect(screen.getByRole('tab', { name: 'Coverage' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await cardsLoaded();
  });
});

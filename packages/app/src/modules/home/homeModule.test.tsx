import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import homePlugin from '@backstage/plugin-home/alpha';
import type { ScaffolderApi } from '@backstage/plugin-scaffolder-common';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { homeModule } from '.';

/*
 * The home page as the app installs it (plugin-home's page with this
 * module's layout and widget): the greeting, the way to the catalog, and
 * this module's widget among the page's.
 */

jest.setTimeout(60_000);

const scaffolderApi: Partial<ScaffolderApi> = {
  listTasks: async () => ({ tasks: [], totalTasks: 0 }),
};

describe('home page', () => {
  it('greets the user, links to the catalog and offers the widgets', async () => {
    renderTestApp({
      features: [homePlugin, homeModule],
      config: {
        app: { extensions: [{ 'page:home': { config: { path: '/' } } }] },
      },
      initialRouteEntries: ['/'],
      apis: [
        [scaffolderApiRef, scaffolderApi as ScaffolderApi],
        mockApis.identity({
          userEntityRef: 'user:default/guest',
          displayName: 'Guest',
        }),
      ],
    });

    // the page, its layout and widgets load lazily
    const header = await screen.findByRole('banner', {}, { timeout: 30_000 });
    expect(
      // the greeting names the user once the identity has loaded
      await within(header).findByRole(
        'heading',
        { level: 1, name: /, Guest!$/ },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(
      within(header).getByRole('link', { name: 'Open the Catalog' }),
    ).toHaveAttribute('href', '/catalog');
    // this module's widget is one of the page's (the grid itself lays
    // widgets out only in a browser: packages/app/e2e-tests/home.test.ts)
    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Add widget' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Last template runs')).toBeInTheDocument();
  });
});

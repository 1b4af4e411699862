import { renderTestApp } from '@backstage/frontend-test-utils';
import {
  NotificationsApi,
  notificationsApiRef,
} from '@backstage/plugin-notifications';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import { screen, within } from '@testing-library/react';
import { brandName } from '../theme/brand';
import { navModule } from '.';

/*
 * The sidebar as the app renders it (the app's layout with our nav
 * content): our logo, named for screen readers, in place of Backstage's.
 */

jest.setTimeout(60_000);

// the sidebar's notifications item links to the plugin's page and asks for
// the unread count
const notificationsApi: Partial<NotificationsApi> = {
  getStatus: async () => ({ unread: 0, read: 0 }),
};

const renderApp = () =>
  renderTestApp({
    features: [navModule, notificationsPlugin],
    apis: [[notificationsApiRef, notificationsApi]],
  });

const logoLink = async () => {
  const nav = await screen.findByRole('navigation', { name: 'sidebar nav' });
  return within(nav).getByRole('link', { name: `${brandName} home` });
};

describe('sidebar', () => {
  afterEach(() => localStorage.clear());

  it('shows our full logo, named, linking home', async () => {
    renderApp();

    const home = await logoLink();
    expect(home).toHaveAttribute('href', '/');
    const logo = within(home).getByRole('img', { name: brandName });
    // the words drawn are the name it is given
    expect(
      [...logo.querySelectorAll('text')].map(t => t.textContent).join(' '),
    ).toBe(brandName);
  });

  it('shows our mark alone, named, when the sidebar is collapsed', async () => {
    // a developer who unpinned the sidebar (core-components' key)
    localStorage.setItem('sidebarPinState', 'false');
    renderApp();

    const home = await logoLink();
    const logo = within(home).getByRole('img', { name: brandName });
    expect(logo.querySelector('text')).toBeNull();
  });
});

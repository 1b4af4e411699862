import { expect, test } from '@playwright/test';
import path from 'node:path';
import { signInAsGuest } from './signIn';

/*
 * The home page a developer lands on: guest (a member of platform-team,
 * catalog/org/users.yaml) sees its team's services with their scorecard
 * level and the checks to fix first, a search box, its starred entities and
 * its last template runs; the catalog is one click away.
 */

const screenshot = path.resolve(
  __dirname,
  '../../../.test-results/screenshots/home.png',
);

test("guest lands on the home page with its team's services, search, starred entities and template runs", async ({
  page,
}) => {
  // the scorecards of a fresh catalog are evaluated within a minute of start
  test.setTimeout(240_000);
  await signInAsGuest(page);
  await expect(page).toHaveURL(/^[^?#]*\/$/);
  // plugin-home's greeting, by the time of day
  await expect(
    page.getByRole('heading', { level: 1, name: /!$/ }),
  ).toBeVisible();

  // the portal's own component, which platform-team owns (catalog-info.yaml)
  const services = page.getByRole('list', { name: "my teams' services" });
  const portal = services.locator(
    '[data-entity="component:default/developer-portal"]',
  );
  await expect(async () => {
    await page.reload();
    await expect(portal).toBeVisible({ timeout: 15_000 });
  }).toPass({ timeout: 180_000 });
  await expect(page.getByText('Owned by')).toContainText(
    /platform-team|Platform Team/,
  );
  await expect(
    portal.getByRole('link', { name: /^(developer-portal|Developer Portal)$/ }),
  ).toHaveAttribute('href', '/catalog/default/component/developer-portal');
  await expect(portal.getByLabel(/^level: /)).toBeVisible();
  await expect(portal.getByText(/^\d+\/\d+ checks pass$/)).toBeVisible();
  const firstToFix = portal.locator('[data-check]').first();
  await expect(firstToFix).toBeVisible();
  await expect(
    firstToFix.getByRole('img', { name: /^(failed|unknown)$/ }),
  ).toBeVisible();
  await expect(
    portal.getByRole('link', { name: /its scorecard$/i }),
  ).toHaveAttribute(
    'href',
    '/catalog/default/component/developer-portal/scorecard',
  );
  await expect(
    firstToFix.getByRole('link', { name: 'How to fix' }),
  ).toHaveAttribute(
    'href',
    /\/docs\/default\/component\/developer-portal\/scorecards\/#/,
  );

  // the search box (plugin-search's widget)
  await expect(page.getByPlaceholder(/^Search/)).toBeVisible();

  // starred entities (plugin-home's widget): none yet, and how to add one
  await expect(page.getByText('Your Starred Entities')).toBeVisible();
  await expect(
    page.getByText(/Click the star beside an entity name/),
  ).toBeVisible();

  // last template runs: guest's, or how to make one
  await expect(page.getByText('Last template runs')).toBeVisible();
  await expect(
    page
      .getByRole('list', { name: 'last template runs' })
      .or(page.getByText(/No template runs yet/)),
  ).toBeVisible();

  await page.screenshot({ path: screenshot, fullPage: true });
  // the catalog, one click away: in the sidebar, and on the page
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toHaveAttribute('href', '/catalog');
  await page.getByRole('link', { name: 'Open the Catalog' }).click();
  await expect(page).toHaveURL(/\/catalog(\?|$)/);
  await expect(
    page.getByRole('heading', { name: / \(\d+\)$/, level: 2 }),
  ).toBeVisible();
});

import { Page, expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { backendUrl, guestApiHeaders, signInAsGuest } from './signIn';

/*
 * The Portal adoption page as the platform team uses it: guest (a member of
 * platform-team) browses the catalog, an entity page and a search that
 * finds nothing; the portal's analytics send those events to the adoption
 * backend (every 10 s, and when the page is hidden), and the page counts
 * them: this week's active users, the catalog's views, order-service among
 * the most viewed entities, the search among those without result. Each
 * table exports the same rows as CSV.
 */

const screenshotDir = path.resolve(
  __dirname,
  '../../../.test-results/screenshots',
);

/** the cells' text of a row of a table of the page */
async function rowCells(page: Page, table: string, row: string) {
  return page
    .getByRole('table', { name: table })
    .locator(`tr[data-row="${row}"] td`)
    .allInnerTexts();
}

test('browsing as guest shows up on the Portal adoption page', async ({
  page,
  request,
}) => {
  test.setTimeout(420_000);
  // a term no entity or document has: the search finds nothing
  // one token of no language: a hyphenated term is split, and its words
  // (nothing) are in the docs
  const term = `qzxnoresult${Date.now().toString(36)}`;

  // as a person browses: one page load, then links (in-app navigation)
  // every component, not only guest's team's (the catalog's default)
  await signInAsGuest(
    page,
    '/catalog?filters[kind]=component&filters[user]=all',
  );
  await page.getByRole('link', { name: 'Order Service' }).first().click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/order-service/);
  await expect(
    page.getByRole('heading', { name: /Order Service/ }).first(),
  ).toBeVisible();
  // on a fresh portal the search index is built a while after the backend
  // starts: until it finds a known entity, a search would not be answered
  // (nor counted) in time
  const headers = await guestApiHeaders(request);
  await expect
    .poll(
      async () => {
        const res = await request.get(
          `${backendUrl}/api/search/query?term=order-service`,
          { headers },
        );
        return res.ok() ? (await res.json()).results?.length ?? 0 : 0;
      },
      {
        message: 'the search finds order-service',
        timeout: 180_000,
        intervals: [1_000, 2_000, 5_000],
      },
    )
    .toBeGreaterThan(0);

  // the sidebar's search, then its full results
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('button', { name: 'Search' }).click();
  const searchBar = page
    .getByRole('dialog')
    .getByTestId('search-bar-next')
    .locator('input');
  await searchBar.fill(term);
  await searchBar.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/search\\?query=${term}$`));
  await expect(
    page.getByText('Sorry, no results were found').first(),
  ).toBeVisible();

  // the page, from the navigation
  await nav.getByRole('link', { name: 'Portal adoption' }).click();
  await expect(page).toHaveURL(/\/adoption$/);
  const usageTab = page.getByRole('tab', { name: 'Usage' });
  await expect(usageTab).toHaveAttribute('aria-selected', 'true');

  // the events arrive within seconds (sent every 10 s): the Usage tab,
  // opened again, reads the figures again
  await expect(async () => {
    await page.getByRole('tab', { name: 'Coverage' }).click();
    await usageTab.click();
    await expect(page.getByTestId('adoption-usage-this-week')).toHaveText(
      /^This week: [1-9]\d* active users?, /,
      { timeout: 5_000 },
    );
    await expect(
      page
        .getByRole('table', { name: 'most viewed entities' })
        .locator('tr[data-row="component:default/order-service"]'),
    ).toBeVisible({ timeout: 5_000 });
    await expect(
      page
        .getByRole('table', { name: 'searches with no result' })
        .locator(`tr[data-row="${term}"]`),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000, intervals: [5_000] });

  // order-service's views (Views is the third column), the catalog's views
  const orderService = await rowCells(
    page,
    'most viewed entities',
    'component:default/order-service',
  );
  expect(orderService[1]).toBe('component');
  expect(Number(orderService[2])).toBeGreaterThanOrEqual(1);
  const catalog = await rowCells(page, 'views per plugin', 'catalog');
  expect(Number(catalog[1])).toBeGreaterThan(0);
  // typed in the search, then its full results: one search or two
  expect(
    Number((await rowCells(page, 'searches with no result', term))[1]),
  ).toBeGreaterThanOrEqual(1);
  // the trend chart says this week's figure
  await expect(
    page.getByRole('img', { name: /^Weekly active users .*[1-9]\d*$/ }),
  ).toBeVisible();

  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({
    path: path.join(screenshotDir, 'adoption.png'),
    fullPage: true,
  });

  // the CSV link: the same route with ?format=csv, for scripts too
  const csvLink = page.getByRole('link', {
    name: 'Download CSV: Most viewed entities',
  });
  const href = await csvLink.getAttribute('href');
  expect(href).toBe(
    `${backendUrl}/api/adoption/v1/usage/entities/most-viewed?days=30&format=csv`,
  );
  const csv = await request.get(href!, {
    headers: await guestApiHeaders(request),
  });
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
  const lines = (await csv.text()).split('\r\n');
  expect(lines[0]).toBe('entityRef,kind,views,users,lastViewedAt');
  expect(
    lines.some(l => l.startsWith('component:default/order-service,component,')),
  ).toBe(true);

  // clicking it downloads the file with the signed-in user's credentials
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV: Views per plugin' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('views-per-plugin.csv');
  const downloaded = fs.readFileSync((await download.path())!, 'utf8');
  expect(downloaded.split('\r\n')[0]).toBe('pluginId,views,users');
  expect(downloaded).toMatch(/\r\ncatalog,[1-9]\d*,[1-9]\d*(\r\n|$)/);
});

test('the other tabs of the page answer, by ?tab=', async ({ page }) => {
  /** every card of the tab loaded, none failed; a screenshot of it */
  const settled = async (tab: string) => {
    await expect(page.getByTestId(`adoption-${tab}`)).toBeVisible();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await expect(page.getByText(/Error:|Request failed/)).toHaveCount(0);
    fs.mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({
      path: path.join(screenshotDir, `adoption-${tab}.png`),
      fullPage: true,
    });
  };
  await signInAsGuest(page, '/adoption?tab=coverage');
  await expect(
    page.getByRole('region', { name: 'Catalog coverage' }),
  ).toBeVisible();
  await settled('coverage');
  await page.getByRole('tab', { name: 'Templates' }).click();
  await expect(page).toHaveURL(/\?tab=templates$/);
  await settled('templates');
  await page.getByRole('tab', { name: 'Docs' }).click();
  await expect(page).toHaveURL(/\?tab=docs$/);
  await settled('docs');
});

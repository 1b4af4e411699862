import { expect, test } from '@playwright/test';
import { clearFaults, failNext } from './sandboxFaults';
import { signInAsGuest } from './signIn';

/*
 * storefront-web (lighthouse.com/website-url: the sandbox's example website):
 * an audit started from its Lighthouse tab really runs in Chromium through
 * the audit service, and its scores show on the card; with the website down
 * the next audit FAILS and the card and tab say why.
 */

const page_ = '/catalog/default/component/storefront-web';

test.describe.configure({ mode: 'serial' });
test.afterEach(() => clearFaults());

test('an audit started from the tab runs, and the card shows its scores', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAsGuest(page, `${page_}/lighthouse`);
  await page.getByRole('button', { name: 'Audit now (desktop)' }).click();
  // the tab polls while the audit runs; the report frame appears when done
  await expect(
    page.getByTitle(/^Lighthouse report of http:\/\/127\.0\.0\.1:7221\//),
  ).toBeVisible({ timeout: 120_000 });
  await expect(
    page.getByRole('cell', { name: 'COMPLETED' }).first(),
  ).toBeVisible();

  // the overview's card: the latest completed audit's scores
  await page.goto(page_);
  const card = page;
  for (const title of [
    'Performance',
    'Accessibility',
    'Best practices',
    'SEO',
  ]) {
    await expect(card.getByLabel(new RegExp(`^${title}: \\d+$`))).toBeVisible();
  }
  await expect(
    card.getByRole('link', { name: /All audits and reports of/ }),
  ).toBeVisible();
});

test('with the website down, the audit FAILS and says why', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await failNext('website', {
    method: 'GET',
    path: '^/$',
    status: 503,
    message: 'Down for maintenance',
    times: 10_000,
  });
  await signInAsGuest(page, `${page_}/lighthouse`);
  await page.getByRole('button', { name: 'Audit now (mobile)' }).click();
  await expect(page.getByText(/Last audit FAILED/)).toBeVisible({
    timeout: 60_000,
  });
  await expect(
    page
      .getByText(/The website did not answer with a success status within 5 s/)
      .first(),
  ).toBeVisible();
  await clearFaults();

  await page.goto(page_);
  await expect(page.getByText(/Last audit FAILED/)).toBeVisible();
});

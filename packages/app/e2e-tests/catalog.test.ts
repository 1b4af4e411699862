import { Page, expect, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

/*
 * The catalog as a developer uses it: filters and search on the index,
 * entity pages fit for each kind, API definitions rendered, the org pages.
 */

async function pickKind(page: Page, kind: string) {
  await page.getByLabel('Kind').getByRole('button').click();
  await page.getByRole('option', { name: kind, exact: true }).click();
}

test('filters by kind, type, owner, lifecycle and tag, and searches text', async ({
  page,
}) => {
  await signInAsGuest(page, '/catalog');
  const rows = page.locator('table tbody tr');

  await pickKind(page, 'API');
  await page.getByLabel('Type').getByRole('button').click();
  await page.getByRole('option', { name: 'grpc' }).click();
  await expect(rows).toHaveCount(1);
  await expect(
    page.getByRole('link', { name: 'inventory-api-v1' }),
  ).toBeVisible();

  await pickKind(page, 'Component');
  await expect(
    page.getByRole('link', { name: 'Storefront BFF' }),
  ).toBeVisible();

  // owner
  await page
    .getByRole('combobox')
    .filter({ has: page.getByLabel('Owner') })
    .click();
  await page.getByRole('option', { name: /Payments Squad/ }).click();
  await page.keyboard.press('Escape');
  await expect(
    page.getByRole('link', { name: 'Payment Service' }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'Order Service' })).toHaveCount(
    0,
  );

  // lifecycle and tag through the URL the filters write
  await page.goto('/catalog?filters[kind]=component&filters[tags]=graphql');
  await expect(
    page.getByRole('link', { name: 'Storefront BFF' }),
  ).toBeVisible();
  await expect(rows).toHaveCount(1);
  // none of the seeded components is experimental (components other tests
  // register may be)
  await page.goto(
    '/catalog?filters[kind]=component&filters[lifecycles]=experimental',
  );
  await expect(
    page.getByText(/No records to display|no components/i).or(rows.first()),
  ).toBeVisible();
  for (const seeded of ['Order Service', 'Payment Service', 'Storefront BFF']) {
    await expect(page.getByRole('link', { name: seeded })).toHaveCount(0);
  }

  // free text
  await page.goto('/catalog?filters[kind]=component');
  await page.getByPlaceholder('Search').fill('worker');
  await expect(page.getByRole('link', { name: 'Order Worker' })).toBeVisible();
  await expect(rows).toHaveCount(1);
});

test('order-service: relations, links for every annotation, dependents, subcomponents', async ({
  page,
}) => {
  await signInAsGuest(page, '/catalog/default/component/order-service');
  await expect(
    page.getByRole('heading', { name: 'Order Service', level: 2 }),
  ).toBeVisible();

  const links = page.locator('article, [class*="MuiCard-root"]').filter({
    has: page.getByText('Links', { exact: true }),
  });
  for (const name of [
    'Grafana Dashboard',
    'Runbook',
    'GitHub repository',
    'CI (GitHub Actions)',
    'Argo CD application',
    'PagerDuty service',
    'Grafana dashboards',
    'Grafana alerts',
  ]) {
    // external links are named "<title> , Opens in a new window"
    const exactly = new RegExp(`^${name.replace(/[()]/g, '\\$&')} ,`);
    await expect(
      links.first().getByRole('link', { name: exactly }),
    ).toBeVisible();
  }

  for (const [card, entity] of [
    ['Provided APIs', 'order-api-v2'],
    ['Consumed APIs', 'payment-api-v1'],
    ['Depends on components', 'Payment Service'],
    ['Depends on resources', 'orders-rds-postgres'],
    ['Has subcomponents', 'Order Worker'],
    ['Depended on by', 'Storefront BFF'],
  ]) {
    const c = page.locator('article, [class*="MuiCard-root"]').filter({
      has: page.getByText(card, { exact: true }),
    });
    await expect(c.first().getByRole('link', { name: entity })).toBeVisible();
  }
  await expect(page.getByText('Relations', { exact: true })).toBeVisible();
});

for (const [api, expected] of [
  ['order-api-v2', '/orders/{orderId}/cancel'],
  ['payment-events-v1', 'payments.authorised'],
  ['storefront-graphql-v1', 'PlaceOrderPayload'],
  ['inventory-api-v1', 'rpc ReserveStock'],
]) {
  test(`renders the ${api} definition`, async ({ page }) => {
    await signInAsGuest(page, `/catalog/default/api/${api}/definition`);
    await expect(page.getByText(expected).first()).toBeVisible();
  });
}

test('org pages: a team with its members and ownership, a user profile', async ({
  page,
}) => {
  await signInAsGuest(page, '/catalog/default/group/order-squad');
  await expect(
    page.getByRole('heading', { name: 'Order Squad', level: 2 }),
  ).toBeVisible();
  for (const member of ['Alice Andersson', 'Bob Berg', 'Carol Carlsson']) {
    await expect(page.getByText(member).first()).toBeVisible();
  }
  await expect(page.getByText('Ownership', { exact: true })).toBeVisible();

  await page.goto('/catalog/default/user/alice');
  await expect(
    page.getByRole('link', { name: 'alice@example.com' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Order Squad' }).first(),
  ).toBeVisible();
});

test('catalog import and unprocessed entities pages are there', async ({
  page,
}) => {
  await signInAsGuest(page, '/catalog-import');
  await expect(page.getByText(/Repository URL|URL/).first()).toBeVisible();
  await page.goto('/catalog-unprocessed-entities');
  await expect(page.getByText('Unprocessed Entities').first()).toBeVisible();
});

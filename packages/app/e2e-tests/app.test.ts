import { expect, test } from '@playwright/test';

test('a guest finds order-service in the catalog and reads its About card', async ({
  page,
}) => {
  await page.goto('/catalog');

  // Guest sign-in (development)
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();

  // The catalog (the home page is the landing page: home.test.ts)
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  // Filter by kind: the example APIs are listed, components are not
  const kind = page.getByLabel('Kind').getByRole('button');
  await expect(kind).toHaveText('Component');
  await kind.click();
  await page.getByRole('option', { name: 'API', exact: true }).click();
  // guest's team owns an API (the portal's MCP server), so the list opens on
  // "Owned": look at all of them
  await page.getByRole('menuitem', { name: /^All \d+/ }).click();
  await expect(
    page.getByRole('heading', { name: /^All APIs \(\d+\)/i, level: 2 }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'order-api-v2' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Order Service' })).toHaveCount(
    0,
  );

  // Back to components, open order-service
  await kind.click();
  await page.getByRole('option', { name: 'Component', exact: true }).click();
  await page.getByRole('link', { name: 'Order Service' }).click();

  await expect(page).toHaveURL(/\/catalog\/default\/component\/order-service/);
  const about = page.locator('article, [class*="MuiCard-root"]').filter({
    has: page.getByText('About', { exact: true }),
  });
  await expect(about.first()).toBeVisible();
  await expect(
    about
      .first()
      .getByText('Core service for creating and managing customer orders.', {
        exact: false,
      }),
  ).toBeVisible();
  await expect(
    about.first().getByRole('link', { name: 'Order Squad' }),
  ).toBeVisible();
  await expect(about.first().getByText('critical-path')).toBeVisible();
});

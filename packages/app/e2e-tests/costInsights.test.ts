import { expect, test } from '@playwright/test';
import { clearFaults, failNext } from './sandboxFaults';
import { signInAsGuest } from './signIn';

/*
 * Cost insights against the sandbox's AWS Cost Explorer (seeded with 90
 * days of the example services' costs): order-service's cost card, the Cost
 * Insights page, and the card's error when Cost Explorer refuses the portal
 * (through the sandbox's control API).
 */

test("order-service's cost card shows its last 30 days from Cost Explorer", async ({
  page,
}) => {
  await signInAsGuest(page, '/catalog/default/component/order-service');
  await expect(
    page.getByText('Costs tagged service=order-service'),
  ).toBeVisible();
  await expect(
    page.getByText(/^Cost, last 30 days: \$[\d,]+\.\d\d$/),
  ).toBeVisible();
  await expect(
    page.getByLabel('change against the previous 30 days'),
  ).toHaveText(/^▲ \d+\.\d% \(\+\$[\d,.]+\) vs the previous 30 days/);
  const products = page.getByRole('list', { name: 'top products' });
  await expect(products.getByRole('listitem')).toHaveCount(3);
  await expect(products.getByRole('listitem').first()).toContainText(
    'Amazon Relational Database Service',
  );
});

test('the Cost Insights page charts the guest’s team', async ({ page }) => {
  await signInAsGuest(page, '/');
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Cost Insights' })
    .click();
  await expect(page).toHaveURL(/\/cost-insights/);
  await expect(
    page.getByRole('heading', { name: 'Cost Overview' }),
  ).toBeVisible();
  await expect(
    page.getByText('Amazon Relational Database Service').first(),
  ).toBeVisible();
});

test('the cost card shows Cost Explorer refusing the portal', async ({
  page,
}) => {
  // every GetCostAndUsage is refused until the end of the test
  await failNext('costExplorer', {
    method: 'POST',
    path: '^/GetCostAndUsage$',
    status: 400,
    message: 'AccessDeniedException',
    times: 100,
  });
  try {
    // payment-service: not viewed before, so not in the backend's cache
    await signInAsGuest(page, '/catalog/default/component/payment-service');
    await expect(
      page.getByText(
        /AWS Cost Explorer refused the portal: .*AccessDeniedException.*ce:GetCostAndUsage/,
      ),
    ).toBeVisible();
    await expect(page.getByText(/Cost, last 30 days/)).toHaveCount(0);
  } finally {
    await clearFaults();
  }
});

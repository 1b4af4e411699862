import { expect, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

/*
 * The golden path as a developer meets it: the Go Microservice template on
 * the Create page, its three form pages with validation messages, and the
 * review step (the last step before anything is created).
 */

test('fills the Go Microservice form through to the review step', async ({
  page,
}) => {
  await signInAsGuest(page, '/create');
  const card = page
    .locator('[data-testid="template-card"], article, .MuiCard-root')
    .filter({ hasText: 'Go Microservice' })
    .first();
  await expect(card).toBeVisible();
  await expect(card).toContainText(
    'Creates a production-ready Go microservice',
  );
  await card.getByRole('button', { name: 'Choose' }).click();

  // Page 1: Service Details
  await expect(
    page.getByRole('heading', { name: 'Go Microservice' }).first(),
  ).toBeVisible();
  const name = page.getByLabel('Service Name');
  await name.fill('Payments/Webhook');
  await page.getByLabel('Description').fill('Receives payment webhooks');
  await page.getByLabel('Owning Team').click();
  await page.getByRole('option', { name: 'Payments Squad' }).click();
  await page.getByLabel('System').click();
  await page.getByRole('option', { name: 'payments-system' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByText(`'Service Name' must match pattern "^[a-z][a-z0-9-]*$"`),
  ).toBeVisible();

  await name.fill('payment-webhook-handler');
  await page.getByRole('button', { name: 'Next' }).click();

  // Page 2: Repository (github.com, organisation myorg only)
  await expect(page.getByText('Repository Location')).toBeVisible();
  // free-text autocompletes: type, then leave the field to commit the value
  await page.getByRole('textbox', { name: 'Owner' }).pressSequentially('myorg');
  await page.keyboard.press('Tab');
  await page
    .getByRole('textbox', { name: 'Repository' })
    .pressSequentially('payment-webhook-handler');
  await page.keyboard.press('Tab');
  await page.getByRole('button', { name: 'Next' }).click();

  // Page 3: Infrastructure
  await page.getByLabel('Needs PostgreSQL database?').check();
  await page.getByRole('button', { name: 'Review' }).click();

  // Review: what will be created, before anything is
  const review = page.locator('table');
  await expect(review).toContainText('payment-webhook-handler');
  await expect(review).toContainText('Receives payment webhooks');
  await expect(review).toContainText('group:default/payments-squad');
  await expect(review).toContainText(
    'github.com?owner=myorg&repo=payment-webhook-handler',
  );
  await expect(page.getByRole('button', { name: 'Create' })).toBeEnabled();
});

test('the template editor offers the Go Microservice template', async ({
  page,
}) => {
  await signInAsGuest(page, '/create/edit');
  await page.getByRole('button', { name: /Template Form Playground/ }).click();
  await page.getByRole('button', { name: 'Templates' }).click();
  await page.getByRole('menuitem', { name: 'Go Microservice' }).click();
  // the template's own form, rendered by the playground
  await expect(
    page.getByRole('textbox', { name: 'Service Name' }),
  ).toBeVisible();
  await expect(page.getByText('Infrastructure').first()).toBeVisible();
});

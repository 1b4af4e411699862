import { Page, expect, test } from '@playwright/test';
import {
  fillRepositoryAndInfrastructure,
  fillServiceDetails,
} from './goldenPathForm';
import { signInAsGuest } from './signIn';

/**
 * a template's card on the Create page: the innermost card with its title
 * (the cards of a group sit inside an outer one)
 */
const templateCard = (page: Page, title: string) =>
  page.locator('.MuiCard-root').filter({ hasText: title }).last();

/*
 * The golden path as a developer meets it: the Go Microservice template on
 * the Create page, its three form pages with validation messages, and the
 * review step (the last step before anything is created).
 */

test('fills the Go Microservice form through to the review step', async ({
  page,
}) => {
  await signInAsGuest(page, '/create');
  const card = templateCard(page, 'Go Microservice');
  await expect(card).toBeVisible();
  await expect(card).toContainText(
    'Creates a production-ready Go microservice',
  );
  await card.getByRole('button', { name: 'Choose' }).click();

  // Page 1: Service Details, with a name the form refuses first
  await fillServiceDetails(page, 'Payments/Webhook');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByText(`'Service Name' must match pattern "^[a-z][a-z0-9-]*$"`),
  ).toBeVisible();
  await page.getByLabel('Service Name').fill('payment-webhook-handler');
  await page.getByRole('button', { name: 'Next' }).click();

  // Page 2: Repository (github.com, organisation myorg only); page 3
  await fillRepositoryAndInfrastructure(page, 'payment-webhook-handler');

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

test('creates a service for real and shows it provisioned on its page', async ({
  page,
}) => {
  test.setTimeout(240_000);
  // a new name per run: the sandbox may be one that is already running
  const name = `e2e-${Date.now().toString(36)}`;
  await signInAsGuest(page, '/create');
  await templateCard(page, 'Go Microservice')
    .getByRole('button', { name: 'Choose' })
    .click();
  await fillServiceDetails(page, name);
  await page.getByRole('button', { name: 'Next' }).click();
  await fillRepositoryAndInfrastructure(page, name);
  await page.getByRole('button', { name: 'Create' }).click();

  // the task: every step runs against the sandbox, then the output links
  const open = page.getByRole('link', { name: 'Open in Catalog' });
  await expect(open).toBeVisible({ timeout: 120_000 });
  await open.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}`),
  );

  // the catalog processes the registered location within seconds; until
  // then the page says "Entity not found", as it would to a user, who
  // reloads
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('entity-scorecard-level')).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000 });

  // Argo CD deployed it: the overview's deployment status
  const status = page.getByTestId('entity-argocd-status');
  await expect(status).toContainText(name);
  await expect(status).toContainText('Synced');
  await expect(status).toContainText('Healthy');

  const entityPage = `/catalog/default/component/${name}`;
  // the scorecard read the CI workflow the template wrote
  await page.goto(`${entityPage}/scorecard`);
  await expect(
    page.locator('[data-check="vulnerability-scanning"]'),
  ).toContainText('Trivy step in .github/workflows/ci.yaml');

  // its workload on production-us
  await page.goto(`${entityPage}/kubernetes`);
  await expect(
    page.getByRole('button', { name: /production-us/ }),
  ).toContainText('2 pods');

  // the CI run the template dispatched
  await page.goto(`${entityPage}/github-actions`);
  // read with the user's GitHub token: sign in to (the sandbox's) GitHub
  await expect(page.getByText('Login Required')).toBeVisible();
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Log in' }).click();
  await (await popup).waitForEvent('close');
  await expect(
    page.getByRole('row').filter({ hasText: 'initial commit' }).first(),
  ).toBeVisible();
});

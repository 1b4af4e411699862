import { Page, expect } from '@playwright/test';

/** Page 1 of the Go Microservice form: name, description, team, system. */
export async function fillServiceDetails(page: Page, name: string) {
  await expect(
    page.getByRole('heading', { name: 'Go Microservice' }).first(),
  ).toBeVisible();
  await page.getByLabel('Service Name').fill(name);
  await page.getByLabel('Description').fill('Receives payment webhooks');
  await page.getByLabel('Owning Team').click();
  await page.getByRole('option', { name: 'Payments Squad' }).click();
  await page.getByLabel('System').click();
  await page.getByRole('option', { name: 'payments-system' }).click();
}

/**
 * Pages 2 and 3: the repository myorg/<repo> on github.com, and PostgreSQL;
 * ends on the review step.
 */
export async function fillRepositoryAndInfrastructure(
  page: Page,
  repo: string,
) {
  await expect(page.getByText('Repository Location')).toBeVisible();
  // free-text autocompletes: type, then leave the field to commit the value
  await page.getByRole('textbox', { name: 'Owner' }).pressSequentially('myorg');
  await page.keyboard.press('Tab');
  await page
    .getByRole('textbox', { name: 'Repository' })
    .pressSequentially(repo);
  await page.keyboard.press('Tab');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByLabel('Needs PostgreSQL database?').check();
  await page.getByRole('button', { name: 'Review' }).click();
}

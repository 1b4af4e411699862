import { expect, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

/*
 * Scorecards as a service owner and a platform team see them: order-service's
 * level and checks to fix on its overview, its Scorecard tab with the results
 * its annotations and the sandbox's evidence imply (repository, clusters,
 * registry), and the Scorecards page with
 * order-squad's row and a drill-down from a failing check to its entities.
 */

test("order-service's overview: the level and the checks to fix first", async ({
  page,
}) => {
  await signInAsGuest(page, '/catalog/default/component/order-service');
  const level = page.getByTestId('entity-scorecard-level');
  await expect(level.getByLabel('level: Bronze')).toBeVisible();
  await expect(page.getByText('7 of 11 checks pass')).toBeVisible();
  // Silver's checks first: the runbook and the cluster that cannot be read
  const toFix = page.getByRole('list', { name: 'checks to fix first' });
  await expect(toFix.locator('[data-check]')).toHaveCount(3);
  await expect(toFix.locator('[data-check="runbook"]')).toContainText(
    'needed for Silver',
  );
  await page.getByRole('link', { name: /All checks/ }).click();
  await expect(page).toHaveURL(/order-service\/scorecard$/);
  await expect(page.getByText('Scorecard: 7/11')).toBeVisible();
});

test("order-service's Scorecard tab says what to fix", async ({ page }) => {
  await signInAsGuest(
    page,
    '/catalog/default/component/order-service/scorecard',
  );
  const card = page
    .locator('article, div.MuiCard-root')
    .filter({ has: page.getByText(/^Scorecard: \d+\/\d+$/) })
    .first();
  await expect(card.getByText('Scorecard: 7/11')).toBeVisible();
  await expect(card.getByLabel('level: Bronze')).toBeVisible();

  const check = (id: string) => card.locator(`[data-check="${id}"]`);
  // annotations of the seed's catalog-info.yaml
  await expect(
    check('pagerduty-service').getByRole('img', { name: 'passed' }),
  ).toBeVisible();
  await expect(
    check('techdocs').getByRole('img', { name: 'passed' }),
  ).toBeVisible();
  await expect(
    check('kubernetes-monitoring').getByRole('img', { name: 'passed' }),
  ).toBeVisible();
  await expect(check('has-owner')).toContainText(
    'spec.owner is group:order-squad',
  );
  await expect(
    check('runbook').getByRole('img', { name: 'failed' }),
  ).toBeVisible();
  await expect(check('runbook')).toContainText('no runbook.io/url annotation');
  await expect(
    check('runbook').getByRole('link', { name: 'How to fix' }),
  ).toHaveAttribute('href', /scorecards\/#4-documentation-runbook$/);
  // evidence read from the sandbox: repository, registry, clusters
  await expect(check('slo-defined')).toContainText(
    'PrometheusRule order-service-slo',
  );
  await expect(check('vulnerability-scanning')).toContainText(
    'Trivy step in .github/workflows/ci.yaml',
  );
  await expect(
    check('image-signed').getByRole('img', { name: 'passed' }),
  ).toBeVisible();
  await expect(check('resource-limits')).toContainText(
    'helm/values.yaml does not set resources limits.memory',
  );
  await expect(
    check('pdb-configured').getByRole('img', { name: 'unknown' }),
  ).toBeVisible();
  await expect(check('pdb-configured')).toContainText(
    'cluster staging could not be read (HTTP 401',
  );
});

test('the Scorecards page ranks teams and drills down to failing entities', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Scorecards' })
    .click();
  await expect(page.getByText('By team')).toBeVisible();
  const squad = page.locator('tr').filter({ hasText: 'order-squad' }).first();
  await expect(squad).toBeVisible({ timeout: 60_000 });
  await expect(squad).toContainText(/\d+\/\d+ \(\d+%\)/);

  await expect(page.getByText('Most failed checks')).toBeVisible();
  await page
    .locator('tr')
    .filter({ hasText: 'Runbook exists' })
    .first()
    .click();
  await expect(page.getByText('Failing "Runbook exists"')).toBeVisible();
  // the link shows the entity's title once the catalog has answered
  // ("Order Service"), its reference before that
  await expect(
    page.getByRole('link', { name: /^(order-service|Order Service)$/ }),
  ).toBeVisible();
});

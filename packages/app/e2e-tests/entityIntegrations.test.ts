import { expect, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

/*
 * order-service's entity-page integrations against the sandbox: the
 * Kubernetes tab (production-us runs the service, staging refuses the
 * portal's credentials), the Argo CD status and tab, and the CI tab with the GitHub
 * sign-in of development (the sandbox GitHub's OAuth App).
 */

const page_ = '/catalog/default/component/order-service';

test('Kubernetes tab: the pods on production-us, and staging as an error', async ({
  page,
}) => {
  await signInAsGuest(page, `${page_}/kubernetes`);
  await expect(
    page.getByRole('heading', { name: 'Your Clusters' }),
  ).toBeVisible();

  const production = page.getByRole('button', { name: /production-us/ });
  await expect(production).toContainText('3 pods');
  await expect(production).toContainText('No pods with errors');

  // staging answers 401: an error under its name, never "no resources"
  const problem = page.getByText(
    'There was a problem retrieving Kubernetes objects',
  );
  await expect(problem).toBeVisible();
  await problem.click();
  await expect(page.getByText('Cluster: staging')).toBeVisible();
  await expect(
    page.getByText(
      "Error fetching Kubernetes resource: '/api/v1/namespaces/order-service/pods', error: UNAUTHORIZED_ERROR, status code: 401",
    ),
  ).toBeVisible();
  await expect(page.getByText('No Kubernetes resources')).toHaveCount(0);

  // production-us's deployment and its three pods
  await production.click();
  await page
    .getByRole('button', { name: /^order-service Deployment/ })
    .first()
    .click();
  await expect(
    page.getByRole('row').filter({ hasText: /order-service-\w+-\w+/ }),
  ).toHaveCount(3);
});

test('Argo CD: synced and healthy on the overview, the history on its tab', async ({
  page,
}) => {
  await signInAsGuest(page, page_);
  const status = page.getByTestId('entity-argocd-status');
  await expect(status).toContainText('order-service on production');
  await expect(status).toContainText('Synced');
  await expect(status).toContainText('Healthy');

  await page.getByRole('link', { name: 'Argo CD', exact: true }).click();
  await expect(page).toHaveURL(/order-service\/argocd$/);
  const history = page
    .locator('[class*="MuiPaper-root"]')
    .filter({ has: page.getByRole('heading', { name: 'ArgoCD history' }) });
  // the sandbox's four deployments, each with its commit from Argo CD
  await expect(
    history.getByRole('row').filter({ hasText: 'order-service' }),
  ).toHaveCount(4);
  await expect(history.getByText('Release order-service #4')).toBeVisible();
});

test('CI tab: GitHub sign-in, then the workflow runs of github.com/project-slug', async ({
  page,
}) => {
  await signInAsGuest(page, `${page_}/github-actions`);
  // the runs are read with the user's GitHub token: sign in to GitHub once
  await expect(page.getByText('Login Required')).toBeVisible();
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Log in' }).click();
  await (await popup).waitForEvent('close');

  const fixed = page.getByRole('row').filter({ hasText: 'Fix retry budget' });
  await expect(fixed).toContainText('Completed');
  await expect(
    page.getByRole('row').filter({ hasText: 'Retry payment authorisation' }),
  ).toContainText('Error');
});

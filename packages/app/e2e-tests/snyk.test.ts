import { expect, test } from '@playwright/test';
import { clearFaults, failNext } from './sandboxFaults';
import { signInAsGuest } from './signIn';

/*
 * order-service's Snyk card and tab: its projects' open issues from the
 * sandbox's Snyk, through the backend's /snyk proxy (snyk.io/org-id, the
 * target found by github.com/project-slug).
 */

const page_ = '/catalog/default/component/order-service';

test("order-service's Snyk card counts its open issues by severity", async ({
  page,
}) => {
  await signInAsGuest(page, page_);
  // the sandbox seeds 12 open issues: 2 critical, 4 high, 4 medium, 2 low
  for (const [count, severity] of [
    [2, 'critical'],
    [4, 'high'],
    [4, 'medium'],
    [2, 'low'],
  ]) {
    await expect(
      page.getByLabel(
        `${count} ${severity} issues in myorg/order-service:go.mod`,
      ),
    ).toBeVisible();
  }
});

test("order-service's Snyk tab lists the open issues with links to Snyk", async ({
  page,
}) => {
  await signInAsGuest(page, `${page_}/snyk`);
  await expect(page.getByText('Snyk: 12 open issues')).toBeVisible();
  const link = page.getByRole('link', {
    name: /^Vulnerable dependency 1 in go\.mod/,
  });
  await expect(link).toHaveAttribute(
    'href',
    /^https:\/\/app\.snyk\.io\/org\/myorg\/project\/c0ffee00-5e7a-4b1d-9c3a-0a1b2c3d4e02#issue-SNYK-GOLANG-GOLANGORGXNET-7000$/,
  );
});

test("with Snyk refusing the portal's token, the card says so", async ({
  page,
}) => {
  await failNext('snyk', {
    method: 'GET',
    path: '^/orgs/',
    status: 401,
    times: 20,
  });
  try {
    await signInAsGuest(page, page_);
    await expect(
      page.getByRole('button', {
        name: /^Error: Snyk could not be read: Snyk refused the portal's API token \(HTTP 401\): the \/snyk proxy's token \(SNYK_TOKEN\) is missing, wrong or expired/,
      }),
    ).toBeVisible();
  } finally {
    await clearFaults();
  }
});

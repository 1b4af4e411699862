import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pushCommitToSandbox, pushFolderToSandbox } from './sandboxRepo';
import { backendUrl, guestApiHeaders, signInAsGuest } from './signIn';

/*
 * Scorecards that drive adoption, as the portal's users meet them: a
 * regression caused during the test reaches the owning team's Notifications
 * page once; the "Q1 security" campaign of app-config.yaml on the
 * Scorecards page and on a service's card; a System's roll-up of its
 * components, APIs and resources.
 */

const workflowYaml = (steps: string) => `name: ci
on: [push]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
${steps}`;
const TRIVY_STEP = `      - uses: aquasecurity/trivy-action@0.35.0
        with: { image-ref: 'myorg/app:latest' }
`;

test('a check that regresses notifies the owning team, once', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const headers = await guestApiHeaders(request);
  // a service of guest's team, platform-team, in a repository of its own:
  // its CI runs Trivy, so the vulnerability-scanning check passes
  const name = `regressing-${Date.now().toString(36)}`;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-regress-'));
  fs.writeFileSync(
    path.join(folder, 'catalog-info.yaml'),
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: experimental
  owner: group:platform-team
`,
  );
  fs.mkdirSync(path.join(folder, '.github/workflows'), { recursive: true });
  const workflow = path.join('.github/workflows/ci.yaml');
  fs.writeFileSync(path.join(folder, workflow), workflowYaml(TRIVY_STEP));
  const repo = await pushFolderToSandbox(name, folder);
  fs.rmSync(folder, { recursive: true, force: true });
  const registered = await request.post(`${backendUrl}/api/catalog/locations`, {
    headers,
    data: { type: 'url', target: `${repo}/blob/main/catalog-info.yaml` },
  });
  expect(registered.status()).toBe(201);

  const ref = `component:default/${name}`;
  const scanning = async () => {
    const res = await request.post(`${backendUrl}/api/scorecard/v1/evaluate`, {
      headers,
      data: { entityRefs: [ref] },
    });
    expect(res.status()).toBe(200);
    const { results } = await res.json();
    return results[0].checks.find(
      (c: { id: string }) => c.id === 'vulnerability-scanning',
    );
  };
  await expect(async () => {
    expect((await scanning())?.status).toBe('passed');
  }).toPass({ timeout: 90_000 });

  // a developer drops the Trivy step
  pushCommitToSandbox(name, 'Drop the Trivy step', work =>
    fs.writeFileSync(path.join(work, workflow), workflowYaml('')),
  );
  await expect(async () => {
    expect((await scanning())?.status).toBe('failed');
  }).toPass({ timeout: 60_000 });
  // evaluated again: the same failure is no new transition
  expect((await scanning())?.status).toBe('failed');

  await signInAsGuest(page, '/notifications');
  const notice = page.getByText(
    `${name}: Vulnerability scanning in CI now fails`,
  );
  await expect(notice).toBeVisible({ timeout: 30_000 });
  await expect(notice).toHaveCount(1);
  await notice.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}/scorecard$`),
  );
});

test("a System's page rolls up its components, APIs and resources", async ({
  page,
  request,
}) => {
  const res = await request.get(
    `${backendUrl}/api/scorecard/v1/entities/system/default/order-management-system`,
    { headers: await guestApiHeaders(request) },
  );
  expect(res.status()).toBe(200);
  const { rollup } = await res.json();
  // catalog/ecommerce/order-management-system.yaml: 5 components, 3 APIs
  // and 1 resource name it as their system
  expect(rollup.entities).toBe(9);
  expect(rollup.children).toHaveLength(9);

  await signInAsGuest(page, '/catalog/default/system/order-management-system');
  const card = page.getByTestId('entity-scorecard-rollup');
  await expect(card).toContainText(
    `${rollup.passed} of ${rollup.total} checks pass across 9 entities`,
  );
  const children = card.getByRole('list', {
    name: 'Components, APIs and resources',
  });
  for (const ref of [
    'component:default/order-service',
    'api:default/order-api-v2',
    'resource:default/orders-rds-postgres',
  ]) {
    await expect(children.locator(`[data-entity="${ref}"]`)).toBeVisible();
  }
  await expect(
    card.getByRole('list', { name: 'checks failing most' }).locator('li'),
  ).not.toHaveCount(0);
});

test("a campaign's progress on the Scorecards page and on a service's card", async ({
  page,
  request,
}) => {
  const headers = await guestApiHeaders(request);
  // created through the API by the platform team (guest is a member), due
  // in 60 days: the campaigns of app-config.yaml have fixed dates
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const id = `runbooks-${Date.now().toString(36)}`;
  const created = await request.post(
    `${backendUrl}/api/scorecard/v1/campaigns`,
    {
      headers,
      data: {
        id,
        title: 'Runbooks for orders',
        description: 'On-call engineers know what to do when it pages.',
        checks: ['pagerduty-service', 'runbook'],
        scope: {
          system: ['system:default/order-management-system'],
          kind: ['Component'],
        },
        startDate: day(-1),
        targetDate: day(60),
        reminderDays: 14,
      },
    },
  );
  expect(created.status()).toBe(201);
  try {
    const detail = await (
      await request.get(`${backendUrl}/api/scorecard/v1/campaigns/${id}`, {
        headers,
      })
    ).json();
    const order = detail.entities.find(
      (e: { entityRef: string }) =>
        e.entityRef === 'component:default/order-service',
    );
    // order-service is on PagerDuty and has no runbook annotation
    expect(order).toMatchObject({ done: false, remaining: ['runbook'] });

    // its card: one line per campaign it is in
    await signInAsGuest(page, '/catalog/default/component/order-service');
    await expect(page.getByTestId('entity-scorecard-campaigns')).toContainText(
      `Runbooks for orders: due ${day(60)}, 1 of 2 done`,
    );

    // the Scorecards page: the campaign among the others, then its detail
    await page.goto('/scorecards?tab=campaigns');
    const tab = page.getByTestId('scorecard-campaigns');
    await expect(tab.getByText('Q1 security')).toBeVisible();
    await tab.getByRole('button', { name: 'Runbooks for orders' }).click();
    await expect(tab.getByText('created through the API')).toBeVisible();
    const entities = tab.getByRole('table', { name: 'entities' });
    await expect(entities.locator('tr[data-entity]')).toHaveCount(
      detail.entities.length,
    );
    await expect(
      entities.locator('tr[data-entity="component:default/order-service"]'),
    ).toContainText('Runbook exists');
    const teams = tab.getByRole('table', { name: 'teams' });
    await expect(teams.locator('tr[data-team]')).toHaveCount(
      detail.teams.length,
    );
    await expect(tab.getByRole('heading', { name: 'Burn-down' })).toBeVisible();
  } finally {
    await request.delete(`${backendUrl}/api/scorecard/v1/campaigns/${id}`, {
      headers,
    });
  }
});

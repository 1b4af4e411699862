import { expect, test } from '@playwright/test';
import path from 'node:path';
import { pushFolderToSandbox } from './sandboxRepo';
import { backendUrl, guestApiHeaders, signInAsGuest } from './signIn';

/*
 * The TODO tab: order-service's TODO/FIXME comments read by the TODO backend
 * from its repository on the sandbox's GitHub, filtered like a developer
 * would; a component whose repository cannot be read shows why.
 */

test("order-service's TODO tab lists its comments, links to their lines and filters", async ({
  page,
}) => {
  await signInAsGuest(page, '/catalog/default/component/order-service/todos');
  const link = page.getByRole('link', { name: /cmd\/server\/main\.go:12/ });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute(
    'href',
    'https://github.com/myorg/order-service/tree/main/cmd/server/main.go#L12',
  );
  await expect(page.getByText('paginate the order list')).toBeVisible();

  await page.getByLabel('Tag').click();
  await page.getByRole('option', { name: 'FIXME' }).click();
  await expect(
    page.getByText('graceful shutdown drops in-flight orders'),
  ).toBeVisible();
  await expect(page.getByText('paginate the order list')).toHaveCount(0);

  await page.getByLabel('Tag').click();
  await page.getByRole('option', { name: 'All' }).click();
  await page.getByLabel('Author').fill('alice');
  await expect(
    page.getByText('validate the cart before creating the order'),
  ).toBeVisible();
  await expect(page.getByText('paginate the order list')).toHaveCount(0);
});

test('a component whose repository cannot be read shows the error', async ({
  page,
  request,
}) => {
  const headers = await guestApiHeaders(request);
  const repo = await pushFolderToSandbox(
    'todo-unreadable',
    path.resolve('packages/app/e2e-tests/fixtures/todo-unreadable'),
  );
  const res = await request.post(`${backendUrl}/api/catalog/locations`, {
    headers,
    data: { type: 'url', target: `${repo}/blob/main/catalog-info.yaml` },
  });
  expect([201, 409]).toContain(res.status());
  await expect(async () => {
    const entity = await request.get(
      `${backendUrl}/api/catalog/entities/by-name/component/default/todo-unreadable`,
      { headers },
    );
    expect(entity.status()).toBe(200);
  }).toPass({ timeout: 60_000 });

  await signInAsGuest(page, '/catalog/default/component/todo-unreadable/todos');
  // the backend's reason, visible without expanding anything
  await expect(
    page.getByRole('heading', {
      name: /TODOs could not be read: .*no-such-repo/,
    }),
  ).toBeVisible();
});

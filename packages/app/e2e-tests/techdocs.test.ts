import { expect, test } from '@playwright/test';
import path from 'node:path';
import { pushFolderToSandbox } from './sandboxRepo';
import { backendUrl, guestApiHeaders, signInAsGuest } from './signIn';

/*
 * TechDocs as a developer reads them: order-service's Docs tab, built
 * locally by MkDocs on first view, navigated through the guide's nav, and
 * searched (in the docs and on the search page) once the search backend has
 * indexed the built pages. And docs that try to run code: a script tag is
 * sanitised away in the browser, a hook in mkdocs.yml is refused by the
 * build with the reason.
 */

test.setTimeout(240_000);

test('order-service: Docs tab, nav, in-docs search and the search page', async ({
  page,
  request,
}) => {
  await signInAsGuest(page, '/catalog/default/component/order-service/docs');

  // first view builds the site (MkDocs with techdocs-core)
  await expect(
    page.getByRole('heading', { name: 'Order Service', level: 1 }).first(),
  ).toBeVisible({ timeout: 120_000 });

  // the guide's nav: Operations → Runbook
  // (the docs' sticky nav sits under the portal header: click by event)
  await page
    .getByText('Operations', { exact: true })
    .first()
    .dispatchEvent('click');
  await page
    .getByRole('link', { name: 'Runbook', exact: true })
    .first()
    .dispatchEvent('click');
  await expect(page).toHaveURL(/\/docs\/ops\/runbook\/?$/);
  await expect(
    page.getByRole('heading', { name: 'Runbook', level: 1 }),
  ).toBeVisible();
  await expect(
    page.getByText(/stuck in PENDING_PAYMENT for more than 15 minutes/).first(),
  ).toBeVisible();

  // search: the collator indexes the built site on its next run (every
  // 30 s in development); wait for it through the search API first, so the
  // page's search box asks an index that is there
  await expect(async () => {
    const res = await request.get(
      `${backendUrl}/api/search/query?term=${encodeURIComponent(
        'stuck in PENDING_PAYMENT',
      )}&types%5B0%5D=techdocs`,
      { headers: await guestApiHeaders(request) },
    );
    expect(res.status()).toBe(200);
    expect((await res.json()).results.length).toBeGreaterThan(0);
  }).toPass({ timeout: 150_000, intervals: [5_000] });

  // in-docs search (results are the pages' sections)
  await page.reload();
  const docsSearch = page.getByPlaceholder(/Search .*docs/i).first();
  await docsSearch.fill('stuck in PENDING_PAYMENT');
  await expect(
    page
      .getByRole('option', { name: /Orders stuck in PENDING_PAYMENT/ })
      .first(),
  ).toBeVisible();

  // the search page finds the same page among catalog entities
  await page.goto('/search?query=stuck%20in%20PENDING_PAYMENT');
  await expect(
    page.getByRole('link', { name: /Orders stuck in PENDING_PAYMENT/ }).first(),
  ).toBeVisible();
});

/** Registers the hostile fixtures (packages/app/e2e-tests/fixtures/hostile-docs). */
async function registerHostileDocs(
  request: import('@playwright/test').APIRequestContext,
) {
  const headers = await guestApiHeaders(request);
  // pushed to the sandbox's GitHub (github.com in development) like any repo
  const repo = await pushFolderToSandbox(
    'hostile-docs',
    path.resolve('packages/app/e2e-tests/fixtures/hostile-docs'),
  );
  const res = await request.post(`${backendUrl}/api/catalog/locations`, {
    headers,
    data: { type: 'url', target: `${repo}/blob/main/catalog-info.yaml` },
  });
  // 409: registered by an earlier run against the same portal
  expect([201, 409]).toContain(res.status());
  await expect(async () => {
    const entity = await request.get(
      `${backendUrl}/api/catalog/entities/by-name/component/default/docs-with-hook`,
      { headers },
    );
    expect(entity.status()).toBe(200);
  }).toPass({ timeout: 60_000 });
}

test('a docs page with a script tag renders without running it', async ({
  page,
  request,
}) => {
  await registerHostileDocs(request);
  await signInAsGuest(page, '/docs/default/component/docs-with-script');
  await expect(
    page.getByText('This page is readable, and nothing on it runs.'),
  ).toBeVisible({ timeout: 120_000 });
  await expect(page.getByAltText('broken image')).toBeAttached();
  expect(await page.evaluate(() => (window as any).__techdocsPwned)).toBe(
    undefined,
  );
  // the sanitiser removed the script and the handler from the page
  const leftovers = await page.evaluate(() => {
    const roots: (Document | ShadowRoot)[] = [document];
    for (const el of document.querySelectorAll('*')) {
      if (el.shadowRoot) roots.push(el.shadowRoot);
    }
    return roots.flatMap(root =>
      [...root.querySelectorAll('script, [onerror]')]
        .map(el => el.outerHTML)
        .filter(html => html.includes('__techdocsPwned')),
    );
  });
  expect(leftovers).toEqual([]);
});

test('a site whose mkdocs.yml has a hook is refused with the reason', async ({
  page,
  request,
}) => {
  await registerHostileDocs(request);
  await signInAsGuest(page, '/docs/default/component/docs-with-hook');
  await expect(
    page.getByText(/mkdocs.yml uses settings that would run code/).first(),
  ).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(/hooks: run Python files/).first()).toBeVisible();
});

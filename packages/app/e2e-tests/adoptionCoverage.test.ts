import { APIRequestContext, expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { pushFolderToSandbox } from './sandboxRepo';
import { backendUrl, guestApiHeaders, signInAsGuest } from './signIn';

/*
 * Catalog coverage with one-click onboarding, as the platform team uses it:
 * a repository that no catalog entity describes is pushed to the sandbox's
 * GitHub; recomputed, the coverage counts it as uncovered and the Portal
 * adoption page lists it with an "Onboard" button. The button opens the
 * "Onboard an existing repository" template with the form filled in
 * (repository, and the owner from CODEOWNERS); running it drafts
 * catalog-info.yaml and opens a pull request with that file alone. The
 * pull request is merged through the sandbox's GitHub API, as a reviewer
 * would on GitHub, and the file registered (in development the catalog has
 * no GitHub discovery: production's github provider reads every
 * repository's catalog-info.yaml on main every 30 minutes; here the file
 * is registered as "Register an existing component" does, POST
 * /api/catalog/locations). Recomputed, the coverage counts the repository
 * as covered by the new component.
 */

const GITHUB_API = 'http://127.0.0.1:7210/api/v3';
const GITHUB_TOKEN = 'sandbox-github-token';

const github = (request: APIRequestContext) => ({
  get: async (p: string) => {
    const res = await request.get(`${GITHUB_API}${p}`, {
      headers: { authorization: `token ${GITHUB_TOKEN}` },
    });
    expect(res.status(), p).toBe(200);
    return res.json();
  },
  put: (p: string, data: object) =>
    request.put(`${GITHUB_API}${p}`, {
      headers: { authorization: `token ${GITHUB_TOKEN}` },
      data,
    }),
});

test('an uncovered repository is onboarded by its pull request, then counted as covered', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const name = `legacy-${Date.now().toString(36)}`;
  const fullName = `myorg/${name}`;

  // a repository the catalog does not know, owned by order-squad
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-onboard-'));
  const files: Record<string, string> = {
    'go.mod': `module github.com/myorg/${name}\n\ngo 1.22\n`,
    'cmd/billing/main.go': 'package main\n\nfunc main() {}\n',
    'README.md': `# ${name}\n\nBills customers every month.\n`,
    '.github/CODEOWNERS': '* @myorg/order-squad\n',
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), text);
  }
  await pushFolderToSandbox(name, folder);
  fs.rmSync(folder, { recursive: true, force: true });

  // recomputed, the coverage counts it as uncovered
  const headers = await guestApiHeaders(request);
  /*
   * A refresh runs the scheduled computation and answers at once (202):
   * ask until one is triggered (a computation already running may predate
   * the change), then wait for its summary.
   */
  const refresh = async () => {
    let asked = { triggered: false, computedAt: null as string | null };
    await expect(async () => {
      const res = await request.post(
        `${backendUrl}/api/adoption/v1/coverage/refresh`,
        { headers },
      );
      expect(res.status()).toBe(202);
      asked = await res.json();
      expect(asked.triggered).toBe(true);
    }).toPass({ timeout: 60_000 });
    let summary: any;
    await expect(async () => {
      const res = await request.get(`${backendUrl}/api/adoption/v1/coverage`, {
        headers,
      });
      expect(res.status()).toBe(200);
      summary = await res.json();
      expect(summary.computedAt).not.toBe(asked.computedAt);
    }).toPass({ timeout: 60_000 });
    return summary;
  };
  const repository = async () => {
    const res = await request.get(
      `${backendUrl}/api/adoption/v1/coverage/repositories`,
      { headers },
    );
    expect(res.status()).toBe(200);
    const { items } = await res.json();
    return items.find((r: { fullName: string }) => r.fullName === fullName);
  };
  const before = await refresh();
  expect(await repository()).toEqual({
    name,
    fullName,
    url: `https://github.com/${fullName}`,
    status: 'uncovered',
    owner: '@myorg/order-squad',
    ownerRef: 'group:default/order-squad',
    codeOwners: '@myorg/order-squad',
    entityRefs: '',
    entities: 0,
    pushedAt: expect.any(String),
  });

  // the page lists it; its button opens the template, filled in
  await signInAsGuest(page, '/adoption?tab=coverage');
  const uncovered = page.getByTestId('adoption-coverage-uncovered');
  await expect(uncovered).toContainText(fullName);
  await uncovered.getByLabel(`Onboard ${fullName}`).click();
  await expect(page).toHaveURL(
    /\/create\/templates\/default\/onboard-repository\?formData=/,
  );
  await expect(
    page.getByText('Onboard an existing repository').first(),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  const review = page.locator('table');
  await expect(review).toContainText(`github.com?owner=myorg&repo=${name}`);
  await expect(review).toContainText('group:default/order-squad');
  await page.getByRole('button', { name: 'Create' }).click();

  // the pull request, with catalog-info.yaml alone
  const pullRequest = page.getByRole('link', { name: 'Pull Request' });
  await expect(pullRequest).toBeVisible({ timeout: 120_000 });
  await expect(pullRequest).toHaveAttribute(
    'href',
    `http://127.0.0.1:7210/${fullName}/pull/1`,
  );
  const pulls = await github(request).get(`/repos/${fullName}/pulls`);
  expect(
    pulls.map((p: any) => [p.number, p.title, p.head.ref, p.base.ref]),
  ).toEqual([[1, 'Add catalog-info.yaml', 'backstage-integration', 'main']]);
  const changed = await github(request).get(`/repos/${fullName}/pulls/1/files`);
  expect(changed.map((f: any) => [f.filename, f.status])).toEqual([
    ['catalog-info.yaml', 'added'],
  ]);
  const drafted = await github(request).get(
    `/repos/${fullName}/contents/catalog-info.yaml?ref=backstage-integration`,
  );
  expect(
    parse(Buffer.from(drafted.content, 'base64').toString('utf8')),
  ).toEqual({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      description: 'Bills customers every month.',
      annotations: { 'github.com/project-slug': fullName },
      tags: ['go'],
    },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/order-squad',
    },
  });

  // merged, as a reviewer would on GitHub
  const merge = await github(request).put(`/repos/${fullName}/pulls/1/merge`, {
    merge_method: 'squash',
  });
  expect(merge.status()).toBe(200);
  expect((await merge.json()).merged).toBe(true);

  // registered (production: the GitHub discovery provider), it is in the catalog
  const location = await request.post(`${backendUrl}/api/catalog/locations`, {
    headers,
    data: {
      type: 'url',
      target: `https://github.com/${fullName}/blob/main/catalog-info.yaml`,
    },
  });
  expect(location.status()).toBe(201);
  await expect(async () => {
    const entity = await request.get(
      `${backendUrl}/api/catalog/entities/by-name/component/default/${name}`,
      { headers },
    );
    expect(entity.status()).toBe(200);
  }).toPass({ timeout: 60_000 });

  // recomputed, the coverage counts it as covered
  const after = await refresh();
  expect({
    repositories: after.repositories,
    covered: after.covered,
    uncovered: after.uncovered,
  }).toEqual({
    repositories: before.repositories,
    covered: before.covered + 1,
    uncovered: before.uncovered - 1,
  });
  expect(await repository()).toMatchObject({
    status: 'covered',
    entityRefs: `component:default/${name}`,
    entities: 1,
  });
  await page.goto('/adoption?tab=coverage');
  await expect(
    page.getByTestId('adoption-coverage-uncovered'),
  ).not.toContainText(fullName);
});

import { Page, expect, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

/*
 * The AI examples of the catalog (ai-model module) on their entity pages: a
 * skill and a rule with owner, description and source file, and the
 * portal's MCP server with its endpoint and the component serving it.
 */

/** The card of the overview titled `title`. */
const card = (page: Page, title: string) =>
  page
    .locator('article, [class*="MuiCard-root"]')
    .filter({ has: page.getByText(title, { exact: true }) });

test("a skill's page: owner, description, source file and its fields", async ({
  page,
}) => {
  await signInAsGuest(
    page,
    '/catalog/default/airesource/catalog-info-authoring',
  );
  await expect(
    page.getByRole('heading', { name: 'Writing catalog-info.yaml', level: 2 }),
  ).toBeVisible();

  const about = card(page, 'About');
  await expect(
    about.getByText(/write or fix a service's catalog-info\.yaml/),
  ).toBeVisible();
  await expect(
    about.getByRole('link', { name: /Platform Team/ }),
  ).toBeVisible();

  const skill = card(page, 'AI resource');
  await expect(
    skill.getByRole('link', {
      name: 'myorg/developer-portal/blob/main/.claude/skills/catalog-info-authoring/SKILL.md',
    }),
  ).toHaveAttribute(
    'href',
    'https://github.com/myorg/developer-portal/blob/main/.claude/skills/catalog-info-authoring/SKILL.md',
  );
  await expect(skill.getByText('claude-code', { exact: true })).toBeVisible();
  await expect(
    skill.getByText('Read Edit Grep', { exact: true }),
  ).toBeVisible();
});

test("a rule's page: owner, system, rationale and source file", async ({
  page,
}) => {
  await signInAsGuest(page, '/catalog/default/airesource/secrets-from-vault');
  await expect(
    page.getByRole('heading', { name: 'Secrets come from Vault', level: 2 }),
  ).toBeVisible();

  const about = card(page, 'About');
  await expect(about.getByRole('link', { name: /Order Squad/ })).toBeVisible();
  await expect(
    about.getByRole('link', { name: 'order-management-system' }),
  ).toBeVisible();

  const rule = card(page, 'AI resource');
  await expect(rule.getByText('security', { exact: true })).toBeVisible();
  await expect(rule.getByText(/cannot be rotated in one place/)).toBeVisible();
  await expect(
    rule.getByRole('link', {
      name: /\.claude\/rules\/secrets-from-vault\.md/,
    }),
  ).toHaveAttribute(
    'href',
    'https://github.com/myorg/order-service/blob/main/.claude/rules/secrets-from-vault.md',
  );
});

test("the portal's MCP server: endpoint, tools, the component serving it", async ({
  page,
}) => {
  await signInAsGuest(page, '/catalog/default/api/developer-portal-mcp');
  await expect(
    page.getByRole('heading', {
      name: 'Developer Portal MCP server',
      level: 2,
    }),
  ).toBeVisible();

  await expect(
    card(page, 'About').getByText(/Its tools only read/),
  ).toBeVisible();
  await expect(
    card(page, 'Links').getByRole('link', {
      name: /The tools, and connecting an AI client/,
    }),
  ).toHaveAttribute(
    'href',
    'http://localhost:3000/docs/default/component/developer-portal/mcp/',
  );
  const server = card(page, 'MCP server');
  await expect(server.getByText('streamable-http')).toBeVisible();
  await expect(
    server.getByText('http://localhost:7007/api/mcp-actions/v1'),
  ).toBeVisible();
  await expect(
    server.getByRole('link', { name: /Developer Portal/ }),
  ).toBeVisible();
  // no definition to show: no definition card, no Definition tab
  await expect(page.getByRole('tab', { name: 'Definition' })).toHaveCount(0);

  // and the portal's page lists it among the APIs it provides
  await page.goto('/catalog/default/component/developer-portal/apis');
  await expect(
    page.getByRole('link', { name: /Developer Portal MCP server/ }),
  ).toBeVisible();
});

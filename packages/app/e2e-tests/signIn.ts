import { APIRequestContext, Page, expect } from '@playwright/test';

/**
 * Signs in as guest (development) at `path` (the home page by default) and
 * waits for the sidebar.
 */
export async function signInAsGuest(page: Page, path = '/') {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** The backend the e2e portal runs (playwright.config.ts starts it). */
export const backendUrl = `http://localhost:${
  process.env.E2E_BACKEND_PORT ?? 7107
}`;

/** Headers that call the backend's API as guest, as the app does. */
export async function guestApiHeaders(
  request: APIRequestContext,
): Promise<{ authorization: string }> {
  const refresh = await request.get(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  const { backstageIdentity } = await refresh.json();
  return { authorization: `Bearer ${backstageIdentity.token}` };
}

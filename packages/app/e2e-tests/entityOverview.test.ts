import { Page, expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { signInAsGuest } from './signIn';

/*
 * order-service's Overview read in one screen: on a laptop (1440 x 1000) and
 * on a phone (390 x 844) the scorecard level, the About card and the Argo CD
 * status are in the first screen, and the phone has no horizontal scroll.
 * Each run writes what it measured (page height, the cards in the first
 * screen) to .test-results/entity-overview/<viewport>.json and a screenshot of
 * the first screen beside it.
 */

const overview = '/catalog/default/component/order-service';
const resultDir = path.resolve(
  __dirname,
  '../../../.test-results/entity-overview',
);

const VIEWPORTS = [
  { name: 'laptop', width: 1440, height: 1000 },
  { name: 'phone', width: 390, height: 844 },
];

/** Every card's title on the page, and whether its top is on screen. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const seen = new Set<string>();
    const titles = Array.from(
      document.querySelectorAll(
        'main h1, main h2, main h3, main h4, main h5, main .MuiCardHeader-title',
      ),
    ).flatMap(heading => {
      const title = heading.textContent?.trim();
      if (!title || seen.has(title)) return [];
      seen.add(title);
      const top = heading.getBoundingClientRect().top + window.scrollY;
      return [{ title, top: Math.round(top) }];
    });
    return {
      pageHeight: document.documentElement.scrollHeight,
      pageWidth: document.documentElement.scrollWidth,
      viewportWidth: document.documentElement.clientWidth,
      firstScreen: titles
        .filter(t => t.top < window.innerHeight)
        .map(t => t.title),
      cards: titles,
    };
  });
}

for (const viewport of VIEWPORTS) {
  test(`order-service's Overview in one screen: ${viewport.name} ${viewport.width} x ${viewport.height}`, async ({
    page,
  }) => {
    // signed in on a laptop (the sidebar is only drawn there), then resized
    await signInAsGuest(page, overview);
    await page.setViewportSize(viewport);
    const main = page.getByRole('main');

    // the page settled: every card has loaded
    await expect(
      main.getByRole('heading', { name: 'About', exact: true }),
    ).toBeVisible();
    await expect(main.getByTestId('progress')).toHaveCount(0);
    await page.evaluate(() => window.scrollTo(0, 0));

    const measured = await measure(page);
    fs.mkdirSync(resultDir, { recursive: true });
    fs.writeFileSync(
      path.join(resultDir, `${viewport.name}.json`),
      `${JSON.stringify({ viewport, ...measured }, null, 2)}\n`,
    );
    await page.screenshot({
      path: path.join(resultDir, `${viewport.name}.png`),
    });

    // the level at the top, the About card, Argo CD's sync and health
    const level = main.getByTestId('entity-scorecard-level');
    const argoStatus = main.getByTestId('entity-argocd-status');
    await expect(level).toContainText(/Gold|Silver|Bronze|No level/);
    await expect(argoStatus).toContainText('Synced');
    await expect(argoStatus).toContainText('Healthy');
    for (const locator of [
      level,
      main.getByRole('heading', { name: 'About', exact: true }),
      argoStatus,
    ]) {
      await expect(locator).toBeInViewport();
      // and not under the phone's bottom navigation bar: what is drawn at
      // the element's centre is the element (or what it holds)
      expect(
        await locator.evaluate(element => {
          const box = element.getBoundingClientRect();
          const drawn = document.elementFromPoint(
            box.left + Math.min(box.width / 2, 20),
            box.top + Math.min(box.height / 2, 10),
          );
          return drawn !== null && element.contains(drawn);
        }),
        `${locator} is covered`,
      ).toBe(true);
    }
    expect(measured.pageWidth, 'the page scrolls sideways').toBeLessThanOrEqual(
      measured.viewportWidth,
    );
  });
}

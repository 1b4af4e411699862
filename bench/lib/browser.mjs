/*
 * Page figures in Debian's Chromium (playwright-core): the JavaScript a page
 * downloads and how long until something is on screen. Shared by
 * bench/portal.mjs and bench/stock-app.mjs so both apps are measured alike.
 */
import os from 'node:os';
import path from 'node:path';
import { require } from './repo.mjs';

const { chromium } = require('playwright-core');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/**
 * Signs in as guest at `baseUrl` (the sign-in page's Enter button) and
 * returns the storage state, so later pages open signed in.
 */
export async function guestStorageState(browser, baseUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('link', { name: 'Catalog', exact: true })
    .first()
    .waitFor({ timeout: 60_000 });
  const state = await context.storageState();
  await context.close();
  return state;
}

/**
 * Opens `url` in a fresh context (cold HTTP cache, signed in through
 * `storageState`), waits until `visible(page)` resolves, and returns the
 * JavaScript downloaded (uncompressed and on the wire, KB) and the
 * milliseconds from navigation start until `visible` resolved.
 */
export async function measurePage(browser, { url, storageState, visible }) {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const scripts = new Map();
  cdp.on('Network.responseReceived', e => {
    if (e.type === 'Script') scripts.set(e.requestId, e.response.url);
  });
  const wire = new Map();
  cdp.on('Network.loadingFinished', e => {
    if (scripts.has(e.requestId)) wire.set(e.requestId, e.encodedDataLength);
  });
  const decoded = new Map();
  cdp.on('Network.dataReceived', e => {
    if (scripts.has(e.requestId))
      decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength);
  });
  const started = Date.now();
  await page.goto(url);
  try {
    await visible(page);
  } catch (error) {
    const shot = path.join(os.tmpdir(), 'bench-page-failure.png');
    await page.screenshot({ path: shot });
    throw new Error(`${url}: ${error.message}\nscreenshot: ${shot}`);
  }
  const visibleMs = Date.now() - started;
  // lazy chunks requested by what is now on screen finish downloading
  await page.waitForLoadState('networkidle');
  const sum = m => [...m.values()].reduce((a, b) => a + b, 0) / 1024;
  if (process.env.BENCH_VERBOSE) {
    // what the page downloaded, largest first
    const rows = [...scripts].map(([id, scriptUrl]) => [
      Math.round((decoded.get(id) ?? 0) / 1024),
      new URL(scriptUrl).pathname,
    ]);
    rows.sort((a, b) => b[0] - a[0]);
    console.log(`${url}:\n${rows.map(r => `  ${r[0]} KB ${r[1]}`).join('\n')}`);
  }
  const result = {
    visibleMs,
    scripts: scripts.size,
    jsKb: Math.round(sum(decoded)),
    jsWireKb: Math.round(sum(wire)),
  };
  await context.close();
  return result;
}

/** The catalog table shows its first entity link. */
export const catalogTableVisible = page =>
  page.locator('tbody tr a').first().waitFor({ timeout: 60_000 });

#!/usr/bin/env node
/*
 * The portal as a person and a template author meet it, on PostgreSQL with
 * the sandbox: the production build of packages/app served by the backend
 * (as in the container image), every plugin, the example catalog.
 *
 *   node bench/portal.mjs [--runs 5]
 *
 * Prints, each as the median of --runs:
 *   - the catalog page and order-service's entity page in Chromium, each in a
 *     fresh browser context (cold cache, signed in as guest): JavaScript
 *     downloaded (KB uncompressed / on the wire) and milliseconds from
 *     navigation until the catalog table / the Scorecard card's score shows;
 *   - the golden-path template's dry run (POST /api/scaffolder/v2/dry-run,
 *     what `yarn template:dry-run` and the template editor send), in ms.
 * and one JSON line (app_first_download_js_kb: the scripts index.html loads,
 * on every page; entity_page_js_kb, entity_page_scorecard_visible_ms,
 * catalog_page_js_kb, template_dry_run_ms).
 *
 * Builds packages/app first (about 2-4 minutes) unless BENCH_SKIP_BUILD=1 and
 * a build exists. Uses a sandbox already answering on 7210-7219 (make
 * sandbox), or starts one.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  dropDatabases,
  pgConnection,
  startBackendProcess,
  waitUntil,
} from 'system-tests/backendProcess';
import {
  catalogTableVisible,
  guestStorageState,
  launchChromium,
  measurePage,
} from './lib/browser.mjs';
import { firstDownloadJsKb } from './lib/appBundle.mjs';
import { require, root } from './lib/repo.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg('runs', 5);
// beside the development ports (7007, the sandbox's 7209-7222)
const port = 7190;
const base = `http://localhost:${port}`;
const prefix = `bench_portal_${Date.now().toString(36)}_`;

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// --- the production build of the app ----------------------------------------
const dist = path.join(root, 'packages/app/dist/index.html');
if (process.env.BENCH_SKIP_BUILD !== '1' || !fs.existsSync(dist)) {
  console.log('building packages/app (production bundle)...');
  const build = spawnSync(
    process.execPath,
    [
      path.join(root, '.yarn/releases/yarn-4.13.0.cjs'),
      'workspace',
      'app',
      'build',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (build.status !== 0) throw new Error('yarn workspace app build failed');
}

// --- the sandbox --------------------------------------------------------------
let sandbox;
const sandboxUp = async () =>
  (await fetch('http://127.0.0.1:7209/faults').catch(() => undefined))?.ok;
if (!(await sandboxUp())) {
  sandbox = spawn(
    process.execPath,
    [path.join(root, 'packages/sandbox/bin/sandbox')],
    { cwd: root, detached: true, stdio: 'ignore' },
  );
  await waitUntil('the sandbox', async () => (await sandboxUp()) || undefined, {
    timeoutMs: 60_000,
  });
}

// the sandbox's CA, as make start gives it (packages/sandbox/README.md)
const sandboxEnv = JSON.parse(
  spawnSync(
    process.execPath,
    [path.join(root, 'packages/sandbox/bin/sandbox'), 'env', '--json'],
    { cwd: root, encoding: 'utf8' },
  ).stdout,
);

const backend = await startBackendProcess({
  port,
  output: 'ignore',
  env: {
    ...sandboxEnv,
    APP_CONFIG_backend_database: JSON.stringify({
      client: 'pg',
      prefix,
      connection: pgConnection,
    }),
    LOG_LEVEL: 'warn',
    APP_CONFIG_app_baseUrl: base,
    APP_CONFIG_backend_cors_origin: base,
  },
});

let browser;
try {
  // a guest token for the API calls
  const token = await waitUntil(
    'guest sign-in',
    async () => {
      const res = await fetch(`${base}/api/auth/guest/refresh`, {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      });
      return (await res.json()).backstageIdentity?.token;
    },
    { timeoutMs: 240_000, backend },
  );
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  await waitUntil(
    'order-service in the catalog, scored, and the template',
    async () =>
      ((
        await fetch(
          `${base}/api/scorecard/v1/entities/component/default/order-service`,
          { headers },
        )
      ).ok &&
        (
          await fetch(
            `${base}/api/catalog/entities/by-name/template/default/go-microservice-template`,
            { headers },
          )
        ).ok) ||
      undefined,
    { timeoutMs: 240_000, backend },
  );

  // --- pages ------------------------------------------------------------------
  browser = await launchChromium();
  const storageState = await guestStorageState(browser, base);
  const catalog = [];
  const entity = [];
  for (let i = 0; i < runs; i++) {
    catalog.push(
      await measurePage(browser, {
        // the home page is at /, the catalog at /catalog (the stock app's
        // catalog is at /)
        url: `${base}/catalog?filters[kind]=component&filters[user]=all`,
        storageState,
        visible: catalogTableVisible,
      }),
    );
    entity.push(
      await measurePage(browser, {
        url: `${base}/catalog/default/component/order-service`,
        storageState,
        visible: page =>
          page
            .getByText(/^\d+ of \d+ checks pass$/)
            .first()
            .waitFor({ timeout: 60_000 }),
      }),
    );
  }

  // --- the golden-path template's dry run ---------------------------------------
  require('@backstage/cli-node/config/nodeTransform.cjs');
  const { readTemplateFolder } = require(path.join(
    root,
    'packages/template-dry-run/src/dryRun.ts',
  ));
  const { template, files } = readTemplateFolder(
    path.join(root, 'templates/go-microservice-template'),
  );
  const body = JSON.stringify({
    template,
    values: {
      name: 'bench-service',
      description: 'Dry-run benchmark',
      owner: 'group:default/payments-squad',
      system: 'system:default/payments-system',
      repoUrl: 'github.com?owner=myorg&repo=bench-service',
      needsDatabase: true,
    },
    secrets: {},
    directoryContents: files.map(f => ({
      path: f.path,
      base64Content: f.content.toString('base64'),
    })),
  });
  const dryRun = [];
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    const res = await fetch(`${base}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers,
      body,
    });
    const result = await res.json();
    if (!res.ok) throw new Error(`dry run: HTTP ${res.status}`);
    const failed = (result.log ?? []).find(l => l.body.status === 'failed');
    if (failed) throw new Error(`dry run step failed: ${failed.body.message}`);
    // the first run warms the template engine; it is not counted
    if (i > 0) dryRun.push(performance.now() - started);
  }

  const m = (xs, key) => median(xs.map(x => x[key]));
  console.log(`medians of ${runs} runs, PostgreSQL, production app bundle`);
  console.log(
    'page                      JS KB   on wire KB  scripts  visible ms',
  );
  for (const [name, xs] of [
    ['catalog', catalog],
    ['order-service (scorecard)', entity],
  ]) {
    console.log(
      `${name.padEnd(25)}${String(m(xs, 'jsKb')).padStart(6)}${String(
        m(xs, 'jsWireKb'),
      ).padStart(13)}${String(m(xs, 'scripts')).padStart(9)}${String(
        m(xs, 'visibleMs'),
      ).padStart(12)}`,
    );
  }
  console.log(
    `golden-path template dry run: ${median(dryRun).toFixed(0)} ms median`,
  );
  console.log(
    JSON.stringify({
      app_first_download_js_kb: firstDownloadJsKb(path.dirname(dist)),
      entity_page_js_kb: m(entity, 'jsKb'),
      entity_page_js_wire_kb: m(entity, 'jsWireKb'),
      entity_page_scorecard_visible_ms: m(entity, 'visibleMs'),
      catalog_page_js_kb: m(catalog, 'jsKb'),
      catalog_page_visible_ms: m(catalog, 'visibleMs'),
      template_dry_run_ms: Math.round(median(dryRun)),
    }),
  );
} finally {
  await browser?.close();
  await backend.stop();
  if (sandbox) process.kill(-sandbox.pid, 'SIGTERM');
  await dropDatabases(prefix);
}

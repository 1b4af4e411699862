#!/usr/bin/env node
/*
 * The stock app of `@backstage/create-app@0.9.2`, measured the way
 * bench/backend-ready.mjs and bench/portal.mjs measure our portal, so the
 * README can show both side by side.
 *
 *   node bench/stock-app.mjs [--dir /tmp/stock-app] [--runs 3] [--page-runs 5]
 *
 * Unless --dir already holds it, it first scaffolds, installs and builds the
 * app (bench/lib/stockApp.mjs; keep the dir for reuse).
 *
 * Then, with the stock backend started as our bench starts ours (`node
 * --require @backstage/cli-node/config/nodeTransform.cjs src/index.ts` in
 * packages/backend, NODE_ENV=development, app.baseUrl = backend.baseUrl on
 * one port so the backend serves the built app):
 *   - backend ready time: process start → GET /.backstage/health/v1/readiness
 *     200, median of --runs, on PostgreSQL (a fresh database prefix per run,
 *     dropped after) and on SQLite (a fresh directory per run), and RSS 5 s
 *     after ready (PostgreSQL);
 *   - the catalog page in Chromium (bench/lib/browser.mjs, fresh context,
 *     signed in as guest), median of --page-runs: JavaScript downloaded (KB
 *     uncompressed / on the wire) and ms from navigation until the catalog
 *     table shows.
 * Prints a table and one JSON line, and writes
 * bench/results/stock-create-app-0.9.2.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  dropDatabases,
  pgConnection,
  stopProcessGroup,
} from 'system-tests/backendProcess';
import {
  catalogTableVisible,
  guestStorageState,
  launchChromium,
  measurePage,
} from './lib/browser.mjs';
import { root } from './lib/repo.mjs';
import { firstDownloadJsKb } from './lib/appBundle.mjs';
import { CREATE_APP, ensureStockApp } from './lib/stockApp.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const dir = path.resolve(arg('dir', '/tmp/stock-app'));
const runs = Number(arg('runs', 3));
const pageRuns = Number(arg('page-runs', 5));
const port = 7306;
const base = `http://localhost:${port}`;

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const notes = [];

const { setup, versions, backendRequire } = ensureStockApp(dir);

// --- the stock backend ----------------------------------------------------------
// As startBackendProcess (system-tests/backendProcess) starts ours, but in
// the stock app with its own cli-node transform and its own app-config.yaml.
// Its output goes to DIR/.bench-backend.log.
const logFile = path.join(dir, '.bench-backend.log');
fs.writeFileSync(logFile, '');
function spawnStockBackend(database) {
  fs.appendFileSync(logFile, `\n=== ${JSON.stringify(database)}\n`);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      '--require',
      backendRequire.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
    ],
    {
      cwd: path.join(dir, 'packages/backend'),
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_baseUrl: base,
        APP_CONFIG_app_baseUrl: base,
        APP_CONFIG_backend_cors_origin: base,
        APP_CONFIG_backend_database: JSON.stringify(database),
      },
    },
  );
  fs.closeSync(log);
  return child;
}

/**
 * Resolves once the backend answers readiness with 200, in seconds since
 * `started`. A backend whose plugin fails to start stays up, not ready, so
 * this gives up after `timeoutMs`.
 */
async function untilReady(child, started, timeoutMs = 180_000) {
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`stock backend exited with ${child.exitCode}`);
    if (performance.now() - started > timeoutMs)
      throw new Error(`stock backend not ready after ${timeoutMs / 1000} s`);
    try {
      const res = await fetch(`${base}/.backstage/health/v1/readiness`);
      if (res.ok) return (performance.now() - started) / 1000;
    } catch {
      /* not yet */
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

// Same as bench/backend-ready.mjs's boot(): ready time, RSS 5 s later.
async function boot(database) {
  const started = performance.now();
  const child = spawnStockBackend(database);
  try {
    const readyS = await untilReady(child, started);
    await new Promise(r => setTimeout(r, 5000)); // let startup tasks settle
    const rssKb = Number(
      execFileSync('ps', ['-o', 'rss=', '-p', String(child.pid)])
        .toString()
        .trim(),
    );
    return { readyS, rssMb: rssKb / 1024 };
  } finally {
    await stopProcessGroup(child);
  }
}

/*
 * Others share this PostgreSQL; when they hold most of its connections a
 * plugin fails with "too many clients already" and the backend never gets
 * ready. Such a run is retried (twice at most) and noted.
 */
async function withRetries(what, fn) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const why = `${what}, attempt ${attempt}: ${error.message} (see ${logFile})`;
      console.log(why);
      if (attempt === 3) throw new Error(why);
      notes.push(`retried ${why}`);
    }
  }
}

const portTaken = await fetch(base).then(
  () => true,
  () => false,
);
if (portTaken) throw new Error(`something already answers on port ${port}`);

const stamp = Date.now().toString(36);
const ready = { sqlite: [], postgres: [] };
for (let i = 0; i < runs; i++) {
  try {
    ready.sqlite.push(
      await withRetries(`SQLite run ${i + 1}`, async () => {
        const sqliteDir = fs.mkdtempSync(
          path.join(os.tmpdir(), 'bench-stock-'),
        );
        try {
          return await boot({
            client: 'better-sqlite3',
            connection: { directory: sqliteDir },
          });
        } finally {
          fs.rmSync(sqliteDir, { recursive: true, force: true });
        }
      }),
    );
  } catch (error) {
    notes.push(`SQLite run failed: ${error.message}`);
  }
}
for (let i = 0; i < runs; i++) {
  ready.postgres.push(
    await withRetries(`PostgreSQL run ${i + 1}`, async () => {
      // a fresh prefix, so every run creates and migrates its databases
      const prefix = `bench_stock_${Date.now().toString(36)}_`;
      try {
        return await boot({ client: 'pg', prefix, connection: pgConnection });
      } finally {
        await dropDatabases(prefix);
      }
    }),
  );
}

// --- the catalog page -------------------------------------------------------------
const pagePrefix = `bench_stock_${stamp}_page_`;
let backend;
let browser;
const catalog = [];
try {
  backend = await withRetries('backend for the catalog page', async () => {
    const child = spawnStockBackend({
      client: 'pg',
      prefix: pagePrefix,
      connection: pgConnection,
    });
    try {
      await untilReady(child, performance.now());
      return child;
    } catch (error) {
      await stopProcessGroup(child);
      await dropDatabases(pagePrefix);
      throw error;
    }
  });
  // the example components are in the catalog (a guest token reads them)
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await fetch(`${base}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    }).catch(() => undefined);
    const token = res?.ok && (await res.json()).backstageIdentity?.token;
    const entities = token
      ? await fetch(
          `${base}/api/catalog/entities/by-query?filter=kind=component&limit=1`,
          { headers: { authorization: `Bearer ${token}` } },
        ).then(r => (r.ok ? r.json() : undefined))
      : undefined;
    if (entities?.items?.length) break;
    if (Date.now() > deadline)
      throw new Error('timed out waiting for components in the catalog');
    await new Promise(r => setTimeout(r, 500));
  }

  browser = await launchChromium();
  const storageState = await guestStorageState(browser, base);
  for (let i = 0; i < pageRuns; i++) {
    catalog.push(
      await measurePage(browser, {
        // the template's app-config.yaml mounts the catalog at `/` (as ours)
        url: `${base}/?filters[kind]=component&filters[user]=all`,
        storageState,
        visible: catalogTableVisible,
      }),
    );
  }
} finally {
  await browser?.close();
  if (backend) await stopProcessGroup(backend);
  await dropDatabases(pagePrefix);
}

// --- report ---------------------------------------------------------------------------
const m = (xs, key) => median(xs.map(x => x[key]));
const seconds = key => (setup[key] === undefined ? '?' : setup[key].toFixed(0));
const result = {
  measured_at: new Date().toISOString().slice(0, 10),
  machine: {
    cpus: `${os.cpus().length} x ${os.cpus()[0].model}`,
    mem_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  },
  create_app: CREATE_APP,
  backstage_release: versions.backstage_release,
  resolved: {
    '@backstage/backend-defaults': versions.backend_defaults,
    '@backstage/plugin-catalog': versions.plugin_catalog,
    '@backstage/plugin-catalog-backend': versions.plugin_catalog_backend,
  },
  backend_ready_s: Number(m(ready.postgres, 'readyS').toFixed(2)),
  backend_ready_sqlite_s: ready.sqlite.length
    ? Number(m(ready.sqlite, 'readyS').toFixed(2))
    : null,
  backend_rss_mb: Math.round(m(ready.postgres, 'rssMb')),
  backend_rss_sqlite_mb: ready.sqlite.length
    ? Math.round(m(ready.sqlite, 'rssMb'))
    : null,
  app_first_download_js_kb: firstDownloadJsKb(
    path.join(dir, 'packages/app/dist'),
  ),
  catalog_page_js_kb: m(catalog, 'jsKb'),
  catalog_page_js_wire_kb: m(catalog, 'jsWireKb'),
  catalog_page_visible_ms: m(catalog, 'visibleMs'),
  notes: [
    `backend ready: median of ${runs} runs; catalog page: median of ${pageRuns} runs`,
    setup.yarn_lock_seed
      ? 'installed from the yarn.lock seed'
      : 'yarn.lock seed not fetched (no GitHub), so no lockfile',
    ...(setup.yarn_lock_seed_dropped
      ? ['the seeded yarn.lock failed to install; installed without it']
      : []),
    ...(setup.pinned_backstage_packages
      ? [
          `the ${setup.pinned_backstage_packages} @backstage packages the template names pinned (root resolutions) to the versions create-app ${CREATE_APP} templated (unpinned, today's plugin-signals-backend 0.3.21 needs a newer backend-defaults and the backend never gets ready); the rest resolved afresh from the npm registry`,
        ]
      : []),
    `setup: scaffold ${seconds('scaffold_s')} s, install ${seconds(
      'install_s',
    )} s, app build ${seconds('build_s')} s`,
    ...notes,
  ].join('; '),
};

const row = (cells, widths) =>
  cells
    .map((c, i) => (i ? String(c).padStart(widths[i]) : c.padEnd(widths[i])))
    .join('');
console.log(
  `stock @backstage/create-app@${CREATE_APP} (Backstage ${result.backstage_release})`,
);
console.log('engine     ready (s, median)   RSS once ready (MB)');
for (const [engine, key] of [
  ['postgres', 'backend_ready_s'],
  ['sqlite', 'backend_ready_sqlite_s'],
]) {
  if (result[key] === null) continue;
  const rss =
    engine === 'postgres' ? 'backend_rss_mb' : 'backend_rss_sqlite_mb';
  console.log(row([engine, result[key].toFixed(2), result[rss]], [11, 18, 22]));
}
console.log(
  'page                      JS KB   on wire KB  scripts  visible ms',
);
console.log(
  row(
    [
      'catalog',
      result.catalog_page_js_kb,
      result.catalog_page_js_wire_kb,
      m(catalog, 'scripts'),
      result.catalog_page_visible_ms,
    ],
    [25, 6, 13, 9, 12],
  ),
);
console.log(JSON.stringify(result));

const out = path.join(
  root,
  'bench/results',
  `stock-create-app-${CREATE_APP}.json`,
);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${path.relative(root, out)}`);

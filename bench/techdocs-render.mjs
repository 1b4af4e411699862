#!/usr/bin/env node
/*
 * TechDocs in development (builder local): how long order-service's docs take
 * from the first request to a rendered page (cold: fetched from the
 * sandbox's GitHub, built by MkDocs with techdocs-core, published locally),
 * and how long a cached page takes afterwards.
 *
 *   node bench/techdocs-render.mjs [runs=3]    (through make: make bench)
 *
 * Starts its own backend (port 7208) on a fresh SQLite folder and publish
 * directory per run, so every first request is cold, and the sandbox unless
 * one runs already. Needs
 * mkdocs (the backend puts the techdocs-core stand-in on its PYTHONPATH,
 * techdocs.generator.mkdocs.pythonPath). Prints a table and one JSON line; BENCH_VERBOSE=1 shows the backend's
 * log.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  readyAndSignedIn,
  startBackendProcess,
  stopProcessGroup,
  waitUntil,
} from 'system-tests/backendProcess';
import { root } from './lib/repo.mjs';

const runs = Number(process.argv[2] ?? 3);
const port = 7208;
const base = `http://localhost:${port}`;
const entity = 'default/component/order-service';

const output = process.env.BENCH_VERBOSE ? 'inherit' : 'ignore';
// the sandbox's control API (plain HTTP; Vault's 7214 is HTTPS) answers once
// every stand-in listens
const sandboxHealth = 'http://127.0.0.1:7209/faults';

async function once() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-techdocs-'));
  // the sandbox's GitHub serves order-service's repository (docs included);
  // one already running (make start / make sandbox) is used as it is
  const running = await fetch(sandboxHealth).then(
    r => r.ok,
    () => false,
  );
  const sandbox = running
    ? undefined
    : spawn(
        process.execPath,
        [path.join(root, 'packages/sandbox/bin/sandbox')],
        { cwd: root, detached: true, stdio: output },
      );
  let backend;
  try {
    if (sandbox) {
      await waitUntil(
        'the sandbox',
        async () => (await fetch(sandboxHealth)).ok || undefined,
        { timeoutMs: 60_000, intervalMs: 200 },
      );
    }
    backend = await startBackendProcess({
      port,
      output,
      env: {
        APP_CONFIG_backend_database_connection_directory: path.join(dir, 'db'),
        APP_CONFIG_techdocs_publisher_local_publishDirectory: path.join(
          dir,
          'docs',
        ),
      },
    });
    const token = await readyAndSignedIn(backend);
    const headers = { authorization: `Bearer ${token}` };
    // the entity must be in the catalog before its docs can be built
    await waitUntil(
      'order-service in the catalog',
      async () =>
        (
          await fetch(
            `${base}/api/catalog/entities/by-name/component/default/order-service`,
            { headers },
          )
        ).ok || undefined,
      { timeoutMs: 240_000, intervalMs: 200, backend },
    );

    // cold: what the Docs tab does on first view: sync (build), then the page
    const cold = performance.now();
    const sync = await fetch(`${base}/api/techdocs/sync/${entity}`, {
      headers: { ...headers, accept: 'text/event-stream' },
    });
    const events = await sync.text();
    if (!/event: finish/.test(events)) {
      throw new Error(`build did not finish:\n${events.slice(-2000)}`);
    }
    const page = await fetch(
      `${base}/api/techdocs/static/docs/${entity}/index.html`,
      { headers },
    );
    if (!page.ok) throw new Error(`index.html: ${page.status}`);
    await page.text();
    const coldMs = performance.now() - cold;

    // cached: the same page again, and a deeper one
    const cachedMs = [];
    for (const p of ['index.html', 'ops/runbook/index.html']) {
      const t = performance.now();
      const res = await fetch(
        `${base}/api/techdocs/static/docs/${entity}/${p}`,
        {
          headers,
        },
      );
      await res.text();
      cachedMs.push(performance.now() - t);
    }
    return { coldMs, cachedMs: Math.max(...cachedMs) };
  } finally {
    await Promise.all([backend?.stop(), sandbox && stopProcessGroup(sandbox)]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await once());
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold = median(results.map(r => r.coldMs));
const cached = median(results.map(r => r.cachedMs));
console.log('TechDocs (development, builder local), order-service, 10 pages');
console.log(
  `  cold build and render: ${(cold / 1000).toFixed(2)} s (median of ${runs})`,
);
console.log(`  cached page:           ${cached.toFixed(1)} ms`);
console.log(
  JSON.stringify({
    techdocsColdMs: Math.round(cold),
    techdocsCachedMs: Math.round(cached),
  }),
);

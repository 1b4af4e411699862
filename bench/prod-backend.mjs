#!/usr/bin/env node
/*
 * The backend as deployed, beside the stock create-app's built and run the
 * same way in the same run (issue 18).
 *
 *   node bench/prod-backend.mjs [--stock-dir /tmp/stock-app] [--keep]
 *        [--entities 10000] [--clients 50] [--seconds 60] [--runs 3]
 *        [--profile DIR]   (V8 profiles of every run, summed by package)
 *
 * 1. The stock app of @backstage/create-app 0.9.2 is scaffolded, installed
 *    and its frontend built in --stock-dir unless there already
 *    (bench/lib/stockApp.mjs, as bench/stock-app.mjs does).
 * 2. Both images are built as their Dockerfiles build them, without Docker
 *    (system-tests/imageFolder: `yarn build:backend`, the skeleton with
 *    production dependencies only, the bundle; ours adds templates/, the
 *    stock app its examples/), into a temporary folder (removed after
 *    unless --keep).
 * 3. bench/prod/measureImages.ts runs both images with plain node and
 *    measures them: ready time and idle RSS, catalog ingestion of the
 *    generated entities, and 50 clients for 60 s with the peak RSS (see
 *    there). Its JSON line, last, is this script's.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildImageFolder } from 'system-tests/imageFolder';
import { require, root } from './lib/repo.mjs';
import { childEnv, ensureStockApp } from './lib/stockApp.mjs';

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const stockRepo = path.resolve(arg('stock-dir', '/tmp/stock-app'));
const keep = argv.includes('--keep');

ensureStockApp(stockRepo);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-prod-'));
const portal = path.join(work, 'portal');
const stock = path.join(work, 'stock');
try {
  for (const [name, repo, into, extra] of [
    ['the portal', root, portal, ['templates']],
    ['the stock app', stockRepo, stock, ['examples']],
  ]) {
    console.log(`building ${name}'s image folder in ${into}...`);
    // childEnv: this Node's headers for native addons, and the stock app
    // has no lockfile of its own to keep immutable (stockApp.mjs)
    const timings = await buildImageFolder({
      repo,
      into,
      extra,
      env: childEnv,
    });
    console.log(
      `${name}: build ${timings.build_s.toFixed(
        0,
      )} s, production install ${timings.production_install_s.toFixed(0)} s`,
    );
  }
  if (arg('profile'))
    argv[argv.indexOf('--profile') + 1] = path.resolve(arg('profile'));
  const passOn = ['entities', 'clients', 'seconds', 'runs', 'profile'].flatMap(
    name => (arg(name) === undefined ? [] : [`--${name}`, arg(name)]),
  );
  const result = spawnSync(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      path.join(root, 'bench/prod/measureImages.ts'),
      '--portal',
      portal,
      '--stock',
      stock,
      ...passOn,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0)
    throw new Error(`bench/prod/measureImages.ts exited with ${result.status}`);
} finally {
  if (keep) console.log(`kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}

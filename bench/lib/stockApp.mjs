/*
 * The stock app of `@backstage/create-app@0.9.2`, ready to measure: scaffolded,
 * installed and its frontend built in a folder, each step only once (keep the
 * folder for reuse). Shared by bench/stock-app.mjs (the development backend
 * and the catalog page) and bench/prod-backend.mjs (its production image).
 *   1. scaffolds the app non-interactively (`npx -y @backstage/create-app@0.9.2
 *      --path DIR --skip-install`, the name from BACKSTAGE_APP_NAME). Its
 *      yarn.lock seed comes from GitHub; when that fetch fails the app keeps
 *      the template's empty yarn.lock;
 *   2. installs with the app's own yarn (.yarn/releases/yarn-*.cjs); without
 *      the seed, the @backstage packages the template names are first pinned
 *      to the release's versions (see pinReleaseVersions). better-sqlite3 is
 *      compiled against this Node's headers;
 *   3. builds the production app bundle (`yarn workspace app build`), which
 *      the app-backend plugin serves.
 * The time each step took is kept in DIR/.bench-setup.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { yarnOf } from 'system-tests/imageFolder';

export const CREATE_APP = '0.9.2';

// Children (npx, yarn, node-gyp) run on this Node (22), and native addons
// are compiled against its headers, not the ones ~/.npmrc points at.
const nodeBin = path.dirname(process.execPath);
export const childEnv = {
  ...process.env,
  PATH: `${nodeBin}${path.delimiter}${process.env.PATH}`,
  npm_config_nodedir: process.env.npm_config_nodedir ?? path.dirname(nodeBin),
  YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
};

/** Runs a command to completion in `cwd`, returning the seconds it took. */
export function run(what, cmd, args, cwd, env = childEnv) {
  console.log(`${what}...`);
  const started = performance.now();
  const result = spawnSync(cmd, args, {
    cwd,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0)
    throw new Error(
      `${what} failed (${result.error ?? `exit ${result.status}`})`,
    );
  const s = (performance.now() - started) / 1000;
  console.log(`${what}: ${s.toFixed(0)} s`);
  return s;
}

/*
 * Without the seed, every range in the template resolves to the newest
 * release on the registry today, and the newest @backstage packages no
 * longer fit the ones the template pins: plugin-signals-backend 0.3.21 (in
 * its ^0.3.19) calls httpRouter.addWebSocketHandler, which backend-defaults
 * 0.18.x (^0.18.0) lacks, so the backend never becomes ready. The versions
 * create-app put in the template (`^x.y.z`) are the release's own, so pin
 * each of those @backstage packages to exactly that version, for the whole
 * tree, through the root package.json's `resolutions`. (Resolving by
 * publish date does not work here: the registry's dates are not in release
 * order.) Returns how many packages were pinned.
 */
function pinReleaseVersions(dir) {
  const pins = {};
  for (const ws of ['.', 'packages/app', 'packages/backend']) {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(dir, ws, 'package.json'), 'utf8'),
    );
    for (const [name, range] of Object.entries({
      ...pkg.dependencies,
      ...pkg.devDependencies,
    }))
      if (name.startsWith('@backstage/') && /^\^\d/.test(range))
        pins[name] = range.slice(1);
  }
  const rootFile = path.join(dir, 'package.json');
  const rootPkg = JSON.parse(fs.readFileSync(rootFile, 'utf8'));
  rootPkg.resolutions = { ...rootPkg.resolutions, ...pins };
  fs.writeFileSync(rootFile, `${JSON.stringify(rootPkg, null, 2)}\n`);
  return Object.keys(pins).length;
}

/**
 * Scaffolds, installs and builds the stock app in `dir` where not done yet.
 * Returns its Yarn release, the setup record (seconds per step, how it was
 * installed) and the versions installed.
 */
export function ensureStockApp(dir) {
  // --- scaffold, install, build (each only if not done yet) ---------------------
  const setupFile = path.join(dir, '.bench-setup.json');
  const setup = fs.existsSync(setupFile)
    ? JSON.parse(fs.readFileSync(setupFile, 'utf8'))
    : {};
  const saveSetup = () =>
    fs.writeFileSync(setupFile, `${JSON.stringify(setup, null, 2)}\n`);

  if (!fs.existsSync(path.join(dir, 'backstage.json'))) {
    setup.scaffold_s = run(
      `scaffolding @backstage/create-app@${CREATE_APP} into ${dir}`,
      'npx', // npm's, run on this Node through PATH
      [
        '-y',
        `@backstage/create-app@${CREATE_APP}`,
        '--path',
        dir,
        '--skip-install',
      ],
      os.tmpdir(),
      // the app name would otherwise be asked for on a prompt
      { ...childEnv, BACKSTAGE_APP_NAME: 'stock-app' },
    );
    // The seed is a full lockfile; without it the template's is a stub.
    setup.yarn_lock_seed = fs.statSync(path.join(dir, 'yarn.lock')).size > 2000;
    saveSetup();
  }

  const yarn = yarnOf(dir);
  if (!fs.existsSync(path.join(dir, 'node_modules/.yarn-state.yml'))) {
    if (!setup.yarn_lock_seed && !setup.pinned_backstage_packages)
      setup.pinned_backstage_packages = pinReleaseVersions(dir);
    try {
      setup.install_s = run(
        'yarn install',
        process.execPath,
        [yarn, 'install'],
        dir,
      );
    } catch (error) {
      if (setup.pinned_backstage_packages) throw error;
      // the seeded lockfile pins something the registry no longer serves
      console.log(`${error.message}; retrying without the yarn.lock seed`);
      fs.rmSync(path.join(dir, 'yarn.lock'));
      setup.yarn_lock_seed_dropped = true;
      setup.pinned_backstage_packages = pinReleaseVersions(dir);
      setup.install_s = run(
        'yarn install (no lockfile)',
        process.execPath,
        [yarn, 'install'],
        dir,
      );
    }
    saveSetup();
  }

  if (!fs.existsSync(path.join(dir, 'packages/app/dist/index.html'))) {
    setup.build_s = run(
      'yarn workspace app build',
      process.execPath,
      [yarn, 'workspace', 'app', 'build'],
      dir,
    );
    saveSetup();
  }

  // --- what got installed ---------------------------------------------------------
  const backendRequire = createRequire(
    path.join(dir, 'packages/backend/package.json'),
  );
  const appRequire = createRequire(path.join(dir, 'packages/app/package.json'));
  const versionOf = (req, name) => req(`${name}/package.json`).version;
  const versions = {
    backstage_release: JSON.parse(
      fs.readFileSync(path.join(dir, 'backstage.json'), 'utf8'),
    ).version,
    backend_defaults: versionOf(backendRequire, '@backstage/backend-defaults'),
    plugin_catalog: versionOf(appRequire, '@backstage/plugin-catalog'),
    plugin_catalog_backend: versionOf(
      backendRequire,
      '@backstage/plugin-catalog-backend',
    ),
  };
  return { yarn, setup, versions, backendRequire };
}

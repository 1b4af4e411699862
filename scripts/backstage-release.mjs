#!/usr/bin/env node
/*
 * Keeps every @backstage/* package on one release line.
 *
 * Upstream pins a release with the manifest at versions.backstage.io (what
 * `backstage-cli versions:bump` and create-app's yarn.lock seed read). That
 * host is not reachable from our build machines, so this script rebuilds the
 * manifest from the npm registry: a package's version in the release is the
 * highest stable version published before the release cut-off below (the
 * versions create-app 0.9.2 writes for Backstage 1.55.0 all fall before it,
 * which the `check` mode verifies).
 *
 *   node scripts/backstage-release.mjs pin    # exact direct deps + root resolutions
 *   node scripts/backstage-release.mjs check  # fail if yarn.lock strays off the line
 *
 * To move to a new release: update RELEASE and CUTOFF, run `pin`, then
 * `yarn install`, then `check`.
 */
import fs from 'node:fs';
import path from 'node:path';

const RELEASE = '1.55.0';
const CUTOFF = '2026-09-21T00:00:00Z';

/*
 * Packages of the release whose version was published after the cut-off,
 * each with the reason it belongs to the release. Only a package with no
 * stable version before the cut-off may be listed.
 */
const PUBLISHED_AFTER_CUTOFF = {
  // published 2026-09-23; its dependencies are exactly the release's
  // (@backstage/catalog-model 1.10.1, backend-plugin-api 1.10.1,
  // plugin-catalog-node 2.2.5), and the registry has no earlier stable
  // version of it
  '@backstage/plugin-catalog-backend-module-ai-model': '0.1.4',
};

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const readJson = f => JSON.parse(fs.readFileSync(f, 'utf8'));
const writeJson = (f, j) =>
  fs.writeFileSync(f, `${JSON.stringify(j, null, 2)}\n`);

function workspaceManifests() {
  const files = [path.join(root, 'package.json')];
  for (const dir of ['packages', 'plugins']) {
    const base = path.join(root, dir);
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base)) {
      const f = path.join(base, name, 'package.json');
      if (fs.existsSync(f)) files.push(f);
    }
  }
  return files;
}

function lockedBackstagePackages() {
  const lock = fs.readFileSync(path.join(root, 'yarn.lock'), 'utf8');
  const found = new Map();
  for (const m of lock.matchAll(
    /^"?(@backstage\/[^@"]+)@[^\n]*\n\s+version: "?([^"\n]+)"?/gm,
  )) {
    if (!found.has(m[1])) found.set(m[1], new Set());
    found.get(m[1]).add(m[2]);
  }
  return found;
}

const packuments = new Map();
async function releaseVersion(name) {
  if (!packuments.has(name)) {
    const res = await fetch(
      `https://registry.npmjs.org/${name.replace('/', '%2f')}`,
    );
    if (!res.ok) throw new Error(`registry answered ${res.status} for ${name}`);
    packuments.set(name, await res.json());
  }
  const { time, versions } = packuments.get(name);
  const candidates = Object.keys(versions).filter(
    v => !v.includes('-') && time[v] && time[v] <= CUTOFF,
  );
  if (candidates.length === 0) return PUBLISHED_AFTER_CUTOFF[name];
  return candidates.sort(compareSemver).at(-1);
}

function compareSemver(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

async function mapLimit(items, limit, fn) {
  const out = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (i < items.length) {
        const idx = i++;
        out[idx] = await fn(items[idx]);
      }
    }),
  );
  return out;
}

/**
 * A package patched in .yarn/patches (`yarn patch`, e.g. an upstream fix not
 * released yet) is pinned to its patched release: `patch:<name>@npm%3A<v>#...`.
 */
function withPatch(name, version) {
  const dir = path.join(root, '.yarn/patches');
  const prefix = `${name.replace('/', '-')}-npm-${version}-`;
  const file = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .find(f => f.startsWith(prefix) && f.endsWith('.patch'))
    : undefined;
  return file
    ? `patch:${name}@npm%3A${version}#~/.yarn/patches/${file}`
    : version;
}

/** the release version a resolution pins, patched or not */
function versionOf(resolution) {
  const m = /^patch:.+@npm%3A([^#]+)#/.exec(resolution ?? '');
  return m ? m[1] : resolution;
}

async function pin() {
  const names = new Set(lockedBackstagePackages().keys());
  const manifests = workspaceManifests();
  for (const f of manifests) {
    const j = readJson(f);
    for (const field of [
      'dependencies',
      'devDependencies',
      'peerDependencies',
    ]) {
      for (const n of Object.keys(j[field] ?? {}))
        if (n.startsWith('@backstage/')) names.add(n);
    }
  }
  const sorted = [...names].sort();
  const versions = new Map();
  await mapLimit(sorted, 8, async n => {
    const v = await releaseVersion(n);
    if (v) versions.set(n, v);
    else console.warn(`no release of ${n} before ${CUTOFF}; left as is`);
  });
  for (const f of manifests) {
    const j = readJson(f);
    for (const field of ['dependencies', 'devDependencies']) {
      for (const n of Object.keys(j[field] ?? {})) {
        if (versions.has(n) && !j[field][n].startsWith('workspace:'))
          j[field][n] = versions.get(n);
      }
    }
    if (f === path.join(root, 'package.json')) {
      const others = Object.fromEntries(
        Object.entries(j.resolutions ?? {}).filter(
          ([n]) => !n.startsWith('@backstage/'),
        ),
      );
      j.resolutions = {
        ...others,
        ...Object.fromEntries(
          [...versions]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([n, v]) => [n, withPatch(n, v)]),
        ),
      };
    }
    writeJson(f, j);
  }
  console.log(
    `pinned ${versions.size} @backstage packages to release ${RELEASE}`,
  );
}

function check() {
  const rootJson = readJson(path.join(root, 'package.json'));
  const backstageJson = readJson(path.join(root, 'backstage.json'));
  const problems = [];
  if (backstageJson.version !== RELEASE) {
    problems.push(
      `backstage.json says ${backstageJson.version}, this script pins ${RELEASE}`,
    );
  }
  for (const [name, vs] of lockedBackstagePackages()) {
    if (vs.size > 1)
      problems.push(
        `${name} is locked at several versions: ${[...vs].join(', ')}`,
      );
    const want = versionOf(rootJson.resolutions?.[name]);
    if (!want)
      problems.push(
        `${name} has no pin in package.json resolutions (run: node scripts/backstage-release.mjs pin)`,
      );
    else if (!vs.has(want))
      problems.push(`${name} locked at ${[...vs]} but pinned to ${want}`);
  }
  if (problems.length) {
    console.error(
      `@backstage packages are off the ${RELEASE} release line:\n  ${problems.join(
        '\n  ',
      )}`,
    );
    process.exit(1);
  }
  console.log(`every @backstage package in yarn.lock is on release ${RELEASE}`);
}

const mode = process.argv[2];
if (mode === 'pin') await pin();
else if (mode === 'check') check();
else {
  console.error('usage: backstage-release.mjs pin|check');
  process.exit(2);
}

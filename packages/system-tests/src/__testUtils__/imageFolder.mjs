/*
 * The steps of a Backstage backend Dockerfile (ours: packages/backend/Dockerfile;
 * create-app's has the same three) without Docker, into a folder:
 *   1. `yarn build:backend` in the repository (the bundle and the skeleton of
 *      package.json files);
 *   2. the skeleton, the root files and what the image copies besides, then
 *      `yarn workspaces focus --all --production` there: production
 *      dependencies only;
 *   3. the bundle unpacked over it.
 * Then the image's CMD runs with plain node in that folder. Used by
 * src/image/image.integration.test.ts (ours) and bench/prod-backend.mjs
 * (ours and the stock create-app's). JavaScript, like backendProcess.mjs, so
 * the plain-Node benchmarks can import it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The Yarn release a repository pins (.yarn/releases/yarn-*.cjs). */
export function yarnOf(repo) {
  const dir = path.join(repo, '.yarn/releases');
  const release = fs.readdirSync(dir).find(f => f.endsWith('.cjs'));
  if (!release) throw new Error(`no Yarn release in ${dir}`);
  return path.join(dir, release);
}

/** Runs a command to completion; rejects with the end of its output. */
export function runCommand(cmd, args, cwd, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (out += d));
    child.on('error', reject);
    child.on('exit', code =>
      code === 0
        ? resolve(out)
        : reject(
            new Error(
              `${cmd} ${args.join(' ')} exited ${code}:\n${out.slice(-3000)}`,
            ),
          ),
    );
  });
}

/** The root files every Backstage backend image copies (besides .yarn). */
const ROOT_FILES = [
  '.yarnrc.yml',
  'backstage.json',
  'yarn.lock',
  'package.json',
  'app-config.yaml',
  'app-config.production.yaml',
];

/**
 * Builds the image's folder `into` from `repo`. `extra` names what else the
 * Dockerfile copies (folders or files, relative to the repository root);
 * `.yarn/releases` and `.yarn/patches` (when present) are always copied;
 * `env` is added to the commands' environment. Resolves with the seconds each step took.
 */
export async function buildImageFolder({ repo, into, extra = [], env = {} }) {
  const timings = {};
  const node = process.execPath;
  let t = Date.now();
  // NODE_ENV=production as in the image build (jest's NODE_ENV=test, say,
  // would select no browserslist environment)
  await runCommand(node, [yarnOf(repo), 'build:backend'], repo, {
    ...env,
    NODE_ENV: 'production',
  });
  timings.build_s = (Date.now() - t) / 1000;

  fs.mkdirSync(into, { recursive: true });
  for (const f of ROOT_FILES)
    fs.copyFileSync(path.join(repo, f), path.join(into, f));
  for (const p of ['.yarn/releases', '.yarn/patches', ...extra]) {
    if (fs.existsSync(path.join(repo, p)))
      fs.cpSync(path.join(repo, p), path.join(into, p), { recursive: true });
  }
  const dist = path.join(repo, 'packages/backend/dist');
  await runCommand(
    'tar',
    ['xzf', path.join(dist, 'skeleton.tar.gz'), '-C', into],
    into,
  );

  t = Date.now();
  await runCommand(
    node,
    [yarnOf(into), 'workspaces', 'focus', '--all', '--production'],
    into,
    { ...env, NODE_ENV: 'production' },
  );
  timings.production_install_s = (Date.now() - t) / 1000;
  await runCommand(
    'tar',
    ['xzf', path.join(dist, 'bundle.tar.gz'), '-C', into],
    into,
  );
  return timings;
}

/** The image's CMD: `node packages/backend --config ... --config ...`. */
export const IMAGE_CMD_ARGS = [
  'packages/backend',
  '--config',
  'app-config.yaml',
  '--config',
  'app-config.production.yaml',
];

#!/usr/bin/env node
/*
 * `make start`: runs the frontend (3000) and backend (7007) dev servers with
 * `yarn start` (backstage-cli repo start) and prints the URL once both answer.
 * Ports can be moved with APP_CONFIG_* variables, as everywhere in Backstage.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const yarn = path.join(root, '.yarn/releases/yarn-4.13.0.cjs');
const frontendPort = Number(process.env.APP_CONFIG_app_listen_port ?? 3000);
const backendPort = Number(process.env.APP_CONFIG_backend_listen_port ?? 7007);
const frontendUrl = `http://localhost:${frontendPort}`;
const backendUrl = `http://localhost:${backendPort}`;

for (const [what, port] of [
  ['frontend', frontendPort],
  ['backend', backendPort],
]) {
  if (await inUse(port)) {
    console.error(
      `Port ${port} (${what}) is already in use: stop what runs there (is the portal already running?) or move it, e.g. APP_CONFIG_${
        what === 'frontend' ? 'app' : 'backend'
      }_listen_port=${port + 1}.`,
    );
    process.exit(1);
  }
}

console.log(
  '==> Starting the portal: backend and frontend dev servers (first start compiles, ~1 min)',
);
const started = Date.now();
const child = spawn(process.execPath, [yarn, 'start'], {
  cwd: root,
  stdio: 'inherit',
  detached: true,
  env: {
    ...process.env,
    // The frontend dev server must not try to open a browser.
    BROWSER: 'none',
  },
});

let stopping = false;
const stop = signal => {
  stopping = true;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
child.on('exit', code => {
  if (!stopping && code !== 0)
    console.error(`yarn start exited with code ${code}`);
  process.exit(stopping ? 0 : code ?? 1);
});

await waitFor(`${backendUrl}/.backstage/health/v1/readiness`);
await waitFor(frontendUrl);
const seconds = Math.round((Date.now() - started) / 1000);
console.log(
  [
    '',
    `  Developer portal ready (${seconds}s): ${frontendUrl}`,
    '  Sign in as guest. Data is kept in .data/sqlite (make clean-data forgets it).',
    '  Ctrl-C stops it.',
    '',
  ].join('\n'),
);

async function waitFor(url) {
  for (;;) {
    if (child.exitCode !== null) return;
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

function inUse(port) {
  return new Promise(resolve => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

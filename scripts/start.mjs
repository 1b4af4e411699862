#!/usr/bin/env node
/*
 * `make start`: runs the sandbox (local stand-ins for GitHub, Kubernetes,
 * Argo CD, Vault, PagerDuty, Slack, SonarQube, Grafana, an OCI registry, Snyk, Cost Explorer and an example website on 7209-7222;
 * packages/sandbox), then
 * the Lighthouse audit service (3003; packages/lighthouse-audit-service), then
 * the frontend (3000) and backend (7007) dev servers with `yarn start`
 * (backstage-cli repo start), and prints the URL once everything answers.
 * A sandbox already running (`make sandbox`) is used as it is. The portal is
 * given the sandbox's CA (`sandbox env`: SANDBOX_CA_DATA, which
 * app-config.yaml's caData reads, and NODE_EXTRA_CA_CERTS), as it trusts the
 * Kubernetes, Vault and registry stand-ins' HTTPS.
 * Ports can be moved with APP_CONFIG_* variables, as everywhere in Backstage.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
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

// TechDocs builds spawn mkdocs (scripts/ensure-mkdocs.sh, run by make start).
if (!onPath('mkdocs')) {
  console.warn(
    '==> mkdocs is not on PATH: TechDocs pages will show a build error (see techdocs/README.md).',
  );
}

const started = Date.now();
const sandboxBin = path.join(root, 'packages/sandbox/bin/sandbox');
// the sandbox's CA (created on first use in .data/sandbox-ca), for the portal
const sandboxEnv = JSON.parse(
  execFileSync(process.execPath, [sandboxBin, 'env', '--json'], {
    cwd: root,
    encoding: 'utf8',
  }),
);
let sandbox;
let child;
let stopping = false;
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
if (await inUse(7210)) {
  console.log('==> Using the sandbox already running on ports 7209-7222');
} else {
  sandbox = spawn(process.execPath, [sandboxBin], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  sandbox.on('exit', code => {
    if (!stopping) {
      console.error(`The sandbox exited (code ${code}); stopping the portal.`);
      stop('SIGTERM');
      if (!child) process.exit(1);
    }
  });
  // its control API (plain HTTP) answers once every stand-in listens
  await waitFor('http://127.0.0.1:7209/faults');
}

// Lighthouse audits (packages/lighthouse-audit-service): PostgreSQL and
// Chromium; without them the portal runs and the Lighthouse card says the
// audit service does not answer.
let auditService;
if (await inUse(3003)) {
  console.log(
    '==> Using the Lighthouse audit service already running on port 3003',
  );
} else {
  auditService = spawn(
    process.execPath,
    [
      path.join(
        root,
        'packages/lighthouse-audit-service/bin/lighthouse-audit-service',
      ),
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  auditService.on('exit', code => {
    if (!stopping && code) {
      console.warn(
        `==> The Lighthouse audit service stopped (code ${code}, its reason above); the portal runs without Lighthouse audits.`,
      );
    }
  });
}

console.log(
  '==> Starting the portal: backend and frontend dev servers (first start compiles, ~1 min)',
);
child = spawn(process.execPath, [yarn, 'start'], {
  cwd: root,
  stdio: 'inherit',
  detached: true,
  env: {
    ...process.env,
    ...sandboxEnv,
    // The frontend dev server must not try to open a browser.
    BROWSER: 'none',
  },
});

function stop(signal) {
  stopping = true;
  try {
    if (child) process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
  sandbox?.kill(signal);
  auditService?.kill(signal);
}
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
    if (child?.exitCode != null || sandbox?.exitCode != null) return;
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

function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some(dir => {
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

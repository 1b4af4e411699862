/*
 * The real backend (packages/backend: src/index.ts with every plugin) in a
 * child process, started the way `yarn workspace backend start` starts it.
 * Shared by these system tests and by the benchmarks (bench/*.mjs import it
 * as `system-tests/backendProcess`), so it is plain JavaScript that both Jest
 * and Node run as it is; its types are in backendProcess.d.ts beside it.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { freePort } from 'sandbox/freePort';
import { IMAGE_CMD_ARGS } from './imageFolder.mjs';

export const repoRoot = path.resolve(import.meta.dirname, '../../../..');
export const backendDir = path.join(repoRoot, 'packages/backend');

/** the TypeScript transform `backstage-cli package start` runs the backend with */
const nodeTransform = createRequire(import.meta.url).resolve(
  '@backstage/cli-node/config/nodeTransform.cjs',
);

export const pgConnection = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD ?? '',
};

export async function stopProcessGroup(child, killAfterMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(
    () => process.kill(-child.pid, 'SIGKILL'),
    killAfterMs,
  );
  await exited;
  clearTimeout(timer);
}

export async function startBackendProcess(options = {}) {
  const port = options.port ?? (await freePort());
  const output = options.output ?? 'collect';
  // source-mapped stack traces in collected output; an image runs as its CMD
  const sourceMaps =
    output === 'collect' && !options.image ? ['--enable-source-maps'] : [];
  // an image's folder (imageFolder.mjs) runs as the image's CMD, with the
  // image's environment: PATH and what the caller gives, nothing inherited
  const env = options.image
    ? {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        NODE_OPTIONS: '--no-node-snapshot',
        // the whole of backend.listen, as a string: a create-app image's is
        // one (':7007'), and a key below a string cannot be set
        APP_CONFIG_backend_listen: `:${port}`,
        APP_CONFIG_backend_baseUrl: `http://localhost:${port}`,
        APP_CONFIG_app_baseUrl: `http://localhost:${port}`,
        ...options.env,
      }
    : {
        ...process.env,
        NODE_ENV: 'development',
        ESBK_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_baseUrl: `http://localhost:${port}`,
        // these backends run without the Lighthouse audit service (its own
        // tests start it): its scheduled audits would fail, and log so, 20 s in
        APP_CONFIG_lighthouse_schedule_initialDelay: '{"hours":24}',
        ...options.env,
      };
  for (const key of Object.keys(env))
    if (env[key] === undefined) delete env[key];
  const child = spawn(
    process.execPath,
    options.image
      ? [...sourceMaps, ...(options.args ?? IMAGE_CMD_ARGS)]
      : [
          // stack traces in collected output point into src/; a process
          // whose output nobody collects runs without, as the start script
          // runs it
          ...sourceMaps,
          '--require',
          nodeTransform,
          'src/index.ts',
          ...(options.args ?? ['--config', '../../app-config.yaml']),
        ],
    {
      cwd: options.image ?? backendDir,
      env,
      detached: true,
      stdio: output === 'collect' ? ['ignore', 'pipe', 'pipe'] : output,
    },
  );
  let collected = '';
  const collect = chunk => {
    // eslint-disable-next-line no-control-regex
    collected += chunk.toString('utf8').replace(/\u001b\[[0-9;]*m/g, '');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise(resolve =>
    child.once('exit', code => resolve(code)),
  );
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  return {
    port,
    baseUrl: `http://localhost:${port}`,
    pid: child.pid,
    output: () => collected,
    errorLines: () =>
      collected
        .split('\n')
        // the development log format, or production's JSON lines
        .filter(line => /^\S+Z \S+ error |"level":"error"/.test(line)),
    exited,
    hasExited,
    stop: killAfterMs => stopProcessGroup(child, killAfterMs),
    async kill() {
      if (hasExited()) return;
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    },
  };
}

export async function waitUntil(what, probe, options) {
  const deadline = Date.now() + options.timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (options.backend?.hasExited()) break;
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise(r => setTimeout(r, options.intervalMs ?? 500));
  }
  const tail = options.backend?.output().split('\n').slice(-40).join('\n');
  const exited = options.backend?.hasExited() ? ' (the backend exited)' : '';
  throw new Error(
    `Timed out waiting for ${what}${exited}${
      lastError ? ` (last error: ${lastError})` : ''
    }${tail ? `\n--- backend output ---\n${tail}` : ''}`,
  );
}

export async function readyAndSignedIn(backend) {
  await waitUntil(
    'backend readiness',
    async () => {
      const res = await fetch(
        `${backend.baseUrl}/.backstage/health/v1/readiness`,
      );
      return res.ok ? true : undefined;
    },
    { timeoutMs: 180_000, backend },
  );
  const res = await fetch(`${backend.baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  const body = await res.json();
  return body.backstageIdentity.token;
}

export async function dropDatabases(prefix, connection = pgConnection) {
  const client = new pg.Client({ ...connection, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select datname from pg_database where datname like $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows)
      await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}

/*
 * What the benchmarks share: the repository root, PostgreSQL settings, the
 * real backend (src/index.ts, every plugin) started as `yarn workspace
 * backend start` would, and dropping the databases a run created.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

export const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../..',
);
export const require = createRequire(
  path.join(root, 'packages/backend/package.json'),
);
const { Client } = require('pg');

/** POSTGRES_HOST/PORT/USER/PASSWORD, default 127.0.0.1:5432 postgres */
export const pg = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD ?? '',
};

/** The backend on `port` with app-config.yaml, `database` and extra env. */
export function spawnBackend({ port, database, env = {} }) {
  return spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      detached: true,
      stdio: 'ignore',
      env: {
        ...process.env,
        NODE_ENV: 'development',
        ESBK_TSCONFIG_PATH: path.join(root, 'tsconfig.json'),
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_baseUrl: `http://localhost:${port}`,
        APP_CONFIG_backend_database: JSON.stringify(database),
        ...env,
      },
    },
  );
}

/** Stops a backend from spawnBackend and waits for it to exit. */
export async function stopBackend(child) {
  if (child.exitCode !== null) return;
  process.kill(-child.pid, 'SIGTERM');
  await new Promise(r => child.once('exit', r));
}

/** Drops every database whose name starts with `prefix`. */
export async function dropDatabases(prefix) {
  const client = new Client({ ...pg, database: 'postgres' });
  await client.connect();
  const { rows } = await client.query(
    'select datname from pg_database where datname like $1',
    [`${prefix}%`],
  );
  for (const { datname } of rows)
    await client.query(`drop database "${datname}" with (force)`);
  await client.end();
}

/** Polls `probe` every 500 ms until it returns something truthy. */
export async function waitFor(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch {
      /* not yet */
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

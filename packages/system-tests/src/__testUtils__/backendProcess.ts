import { targetPaths } from '@backstage/cli-common';
import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/**
 * Runs the real backend (src/index.ts with every plugin) in a child process,
 * the way `yarn workspace backend start` does, for integration tests.
 */
export const repoRoot = targetPaths.rootDir;
export const backendDir = path.join(repoRoot, 'packages/backend');

export type BackendProcess = {
  port: number;
  /** http://localhost:<port> */
  baseUrl: string;
  /** Everything the process printed so far, colours removed. */
  output(): string;
  /** Log lines at level error. */
  errorLines(): string[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  hasExited(): boolean;
  stop(): Promise<void>;
};

/** A backend started by startBackendProcess, which can also be killed. */
export type KillableBackendProcess = BackendProcess & {
  /** SIGKILL to the whole process group, as a crash or an OOM kill would. */
  kill(): Promise<void>;
};

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

export async function startBackendProcess(options: {
  env?: Record<string, string | undefined>;
  args?: string[];
  port?: number;
}): Promise<KillableBackendProcess> {
  const port = options.port ?? (await freePort());
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'development',
    ESBK_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
    APP_CONFIG_backend_listen_port: String(port),
    APP_CONFIG_backend_baseUrl: `http://localhost:${port}`,
    // these backends run without the Lighthouse audit service (its own tests
    // start it): its scheduled audits would fail, and log so, 20 s in
    APP_CONFIG_lighthouse_schedule_initialDelay: '{"hours":24}',
    ...options.env,
  };
  for (const key of Object.keys(env))
    if (env[key] === undefined) delete env[key];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      ...(options.args ?? ['--config', '../../app-config.yaml']),
    ],
    { cwd: backendDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    // eslint-disable-next-line no-control-regex
    output += chunk.toString('utf8').replace(/\u001b\[[0-9;]*m/g, '');
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>(resolve =>
    child.once('exit', code => resolve(code)),
  );

  return {
    port,
    baseUrl: `http://localhost:${port}`,
    output: () => output,
    errorLines: () =>
      output.split('\n').filter(line => /^\S+Z \S+ error /.test(line)),
    exited,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-child.pid!, 'SIGTERM');
      const timer = setTimeout(
        () => process.kill(-child.pid!, 'SIGKILL'),
        15_000,
      );
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    },
  };
}

export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; backend?: BackendProcess },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (options.backend?.hasExited()) break;
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise(r => setTimeout(r, 500));
  }
  const tail = options.backend?.output().split('\n').slice(-40).join('\n');
  const exited = options.backend?.hasExited() ? ' (the backend exited)' : '';
  throw new Error(
    `Timed out waiting for ${what}${exited}${
      lastError ? ` (last error: ${lastError})` : ''
    }${tail ? `\n--- backend output ---\n${tail}` : ''}`,
  );
}

/** Waits for readiness and signs in as guest; returns a Backstage token. */
export async function readyAndSignedIn(
  backend: BackendProcess,
): Promise<string> {
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
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

/*
 * The types of backendProcess.mjs (see there why it is JavaScript).
 */
import type { ChildProcess } from 'node:child_process';

/** The repository root. */
export declare const repoRoot: string;
/** packages/backend, the backend's working directory. */
export declare const backendDir: string;

/**
 * The shared PostgreSQL: POSTGRES_HOST/PORT/USER/PASSWORD, default
 * 127.0.0.1:5432, user postgres, no password.
 */
export declare const pgConnection: {
  host: string;
  port: number;
  user: string;
  password: string;
};

export type BackendProcess = {
  port: number;
  /** http://localhost:<port> */
  baseUrl: string;
  /** The child's process id, which is also its process group's. */
  pid: number;
  /** Everything the process printed so far, colours removed. */
  output(): string;
  /** Log lines at level error. */
  errorLines(): string[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  hasExited(): boolean;
  /**
   * SIGTERM to the process group, SIGKILL `killAfterMs` later (default
   * 15 s); resolves on exit.
   */
  stop(killAfterMs?: number): Promise<void>;
};

/** A backend started by startBackendProcess, which can also be killed. */
export type KillableBackendProcess = BackendProcess & {
  /** SIGKILL to the whole process group, as a crash or an OOM kill would. */
  kill(): Promise<void>;
};

export type BackendProcessOptions = {
  /** Default: a free port (freePort of sandbox/freePort). */
  port?: number;
  /** Added to the process's environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /**
   * An image's folder (buildImageFolder of imageFolder.mjs): the backend
   * runs there as the image's CMD, NODE_ENV=production, with the image's
   * environment (PATH, app and backend base URLs on the port, and `env`;
   * nothing else inherited).
   */
  image?: string;
  /**
   * The backend's arguments; default `--config ../../app-config.yaml`
   * (with `image`: the image's CMD).
   */
  args?: string[];
  /**
   * What becomes of the backend's stdout and stderr:
   * - `'collect'` (the default): kept for output() and errorLines(), with
   *   source-mapped stack traces;
   * - `'ignore'` or `'inherit'`: dropped, or shared with this process, and
   *   the backend runs without source maps, as its start script runs it
   *   (what the benchmarks measure); output() is then empty.
   */
  output?: 'collect' | 'ignore' | 'inherit';
};

/**
 * Starts the backend in a process group of its own, on app-config.yaml,
 * NODE_ENV=development and the given port (APP_CONFIG_backend_listen_port and
 * baseUrl), with the Lighthouse audits postponed a day (no audit service
 * runs beside it). With `image`: the image's CMD in that folder,
 * NODE_ENV=production, `backend.listen` ':<port>', the app and backend base
 * URLs on the port, and only PATH and `env` in its environment. Resolves
 * once spawned; see readyAndSignedIn.
 */
export declare function startBackendProcess(
  options?: BackendProcessOptions,
): Promise<KillableBackendProcess>;

/**
 * Stops a child spawned `detached` (a process group of its own): SIGTERM to
 * the group, SIGKILL after `killAfterMs` (default 15 s); resolves on exit.
 */
export declare function stopProcessGroup(
  child: ChildProcess,
  killAfterMs?: number,
): Promise<void>;

/**
 * Calls `probe` every `intervalMs` (default 500) until it returns something
 * other than undefined, and returns that. Throws after `timeoutMs`, or as soon
 * as `backend` has exited, with the probe's last error and the end of the
 * backend's output.
 */
export declare function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; backend?: BackendProcess },
): Promise<T>;

/** Waits for readiness and signs in as guest; returns a Backstage token. */
export declare function readyAndSignedIn(
  backend: BackendProcess,
): Promise<string>;

/**
 * Drops every database whose name starts with `prefix` (the backend's
 * `backend.database.prefix`), on `connection` (default pgConnection).
 */
export declare function dropDatabases(
  prefix: string,
  connection?: { host: string; port: number; user: string; password?: string },
): Promise<void>;

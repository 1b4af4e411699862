/*
 * The shapes of the table: the cases and the outcomes they expect.
 */

/** What a case must produce. */
export type Expectation =
  /** A 4xx with a JSON error message (for HTTP) / an InputError (in process). */
  | { kind: 'reject' }
  /** A 2xx: the input is valid and is handled as data. */
  | { kind: 'accept'; why: string }
  /**
   * A 4xx with a JSON error message, or a 2xx whose result is empty: the
   * value was used as data (a filter) and matched nothing, e.g. an SQL
   * injection string that must not match every row.
   */
  | { kind: 'rejectOrEmpty'; isEmpty: (body: any) => boolean }
  /**
   * A 4xx with a JSON error message or a 2xx, both safe, where which one
   * depends on upstream parsing details (e.g. what parses as a URL).
   */
  | { kind: 'handled'; why: string }
  /**
   * A known problem, upstream or in the template: the allowed statuses (0:
   * the server closed the connection without a complete answer) and why.
   */
  | { kind: 'known'; statuses: number[]; why: string };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One request against the backend (all run against one process). */
export type HttpCase = {
  id: string;
  category: string;
  method: HttpMethod;
  /** Below /api, already percent-encoded; sent verbatim (no normalisation). */
  path: string;
  /** JSON body. */
  body?: unknown;
  /** Sent as is instead of a JSON body (malformed JSON, deep nesting, ...). */
  rawBody?: string;
  contentType?: string;
  /**
   * POST /scaffolder/v2/dry-run of the golden-path template (the test adds
   * the template and its skeleton) with these values.
   */
  goldenPathDryRun?: Record<string, unknown>;
  /**
   * POST /scaffolder/v2/dry-run of a one-step template running
   * vault:create-namespace with these inputs.
   */
  vaultDryRun?: { namespaceName: unknown; teamName: unknown };
  expect: Expectation;
  /** Text the answer must not contain (e.g. a file that must not be read). */
  mustNotContain?: string[];
};

/**
 * A real scaffolder task of the golden-path template whose input passes the
 * parameter schema and must be refused by an action before any step with a
 * side effect runs: the task fails with a clear message.
 */
export type TaskCase = {
  id: string;
  category: string;
  values: Record<string, unknown>;
  /** The failing step and a pattern of its error. */
  failsAt: string;
  message: RegExp;
};

/**
 * A catalog file served by the sandbox's GitHub, registered as a url
 * location: as a dry run (answer at once) or for real (the processing error
 * must show through the API).
 */
export type LocationFileCase = {
  id: string;
  category: string;
  file: string;
  content: string;
  mode: 'dry-run' | 'register';
  /** dry-run: reject or accept; register: the error must match. */
  expect: Expectation;
  processingError?: RegExp;
};

/** vault:create-namespace called in process, not as a dry run. */
export type VaultActionCase = {
  id: string;
  category: string;
  input: { namespaceName: unknown; teamName: unknown };
  expect: Expectation;
};

export type HostileTable = {
  http: HttpCase[];
  tasks: TaskCase[];
  locationFiles: LocationFileCase[];
  vaultActions: VaultActionCase[];
};

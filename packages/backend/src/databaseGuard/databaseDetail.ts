import { Client, ClientConfig } from 'pg';

/*
 * The one rule for "this error carries database details": what an answer
 * of the portal must not show its caller (databaseGuard.ts replaces it with
 * a short message and logs it whole). An error carries database details when
 * it, its `cause` or one of its `errors` (an AggregateError's) has any of:
 *
 * - the database's address: `<host>:<port>` with the configured port (as
 *   Node prints a refused or timed-out connection, `connect ECONNREFUSED
 *   10.0.0.5:5432`, whatever the host resolved to), fields `address`/`port`
 *   with that port, or the configured host name itself (unless it is a
 *   loopback name, which other local services share);
 * - a message of the pool or the driver: knex's "Timeout acquiring a
 *   connection", pg's "Connection terminated unexpectedly", PostgreSQL's
 *   "the database system is shutting down", "too many clients", SQLite's
 *   SQLITE_* codes and "database is locked", ...;
 * - the shape of a driver error: name DatabaseError (pg), SqliteError,
 *   KnexTimeoutError; a `severity` with a five-character SQLSTATE `code`;
 * - SQL text: a statement naming a quoted identifier or a `$n` parameter,
 *   as knex quotes every identifier and puts the statement in front of the
 *   driver's message.
 *
 * - this guard's own "did not answer" message, in the error of a call to
 *   another plugin that the guard answered (a plugin asking the permission
 *   or auth plugin while the database is silent).
 *
 * A socket error code (ECONNREFUSED, ETIMEDOUT, ECONNRESET, ...) counts only
 * with the database's address: other plugins' calls to GitHub, SonarQube or
 * Vault fail with the same codes, and their 502/503 text names the service
 * that failed, which the frontend shows on purpose.
 *
 * `unavailable` details (the database did not answer, refused or dropped
 * the connection, has no connection to spare) make a 503 "try again
 * shortly"; the others (`failed`: an SQL error, a constraint) keep their
 * status with a message that does not promise a retry would help.
 */

export type DatabaseDetailKind = 'unavailable' | 'failed';

/** What an answer says instead of the details, by kind. */
export const DATABASE_MESSAGES: Record<DatabaseDetailKind, string> = {
  unavailable: "The portal's database did not answer; try again shortly",
  failed: "The portal's database could not complete this request",
};

export type DatabaseDetail = {
  kind: DatabaseDetailKind;
  /** which rule matched, for the log */
  rule: string;
};

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where the database listens, as far as the configuration says. */
export type DatabaseAddress = { host?: string; port?: number };

const LOOPBACK = /^(?:localhost|127(?:\.\d+){3}|::1|\[::1\])$/i;

/** The address of `backend.database` (pg's defaults and PG* variables apply). */
export function databaseAddress(
  clientConfig: ClientConfig | undefined,
): DatabaseAddress {
  if (!clientConfig) return {};
  const client = new Client(clientConfig);
  return { host: client.host, port: Number(client.port) || undefined };
}

/** [rule name, pattern] of messages that mean the database did not answer */
const UNAVAILABLE_TEXT: [string, RegExp][] = [
  ['database guard', new RegExp(escape(DATABASE_MESSAGES.unavailable))],
  [
    'knex pool timeout',
    /Timeout acquiring a connection|pool is probably full/i,
  ],
  [
    'connection dropped',
    /Connection terminated|server closed the connection unexpectedly|terminating connection due to/i,
  ],
  [
    'connection timeout',
    /timeout exceeded when trying to connect|Query read timeout/i,
  ],
  [
    'client unusable',
    /Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end/i,
  ],
  [
    'server not accepting',
    /the database system is (?:starting up|shutting down|in recovery mode|not yet accepting connections)/i,
  ],
  [
    'no connection to spare',
    /too many clients already|remaining connection slots are reserved/i,
  ],
  ['sqlite busy', /\bSQLITE_(?:BUSY|LOCKED|CANTOPEN)\w*\b|database is locked/],
];

/** [rule name, pattern] of other database messages */
const FAILED_TEXT: [string, RegExp][] = [
  ['knex', /\bKnex(?:TimeoutError)?\b/],
  ['sqlite code', /\bSQLITE_[A-Z_]+\b/],
  [
    'postgres message',
    /password authentication failed|no pg_hba\.conf entry|(?:database|relation|role|column|schema|function) "[^"]*" does not exist|violates (?:unique|foreign key|not-null|check|exclusion) constraint|duplicate key value|canceling statement due to|could not serialize access|deadlock detected|invalid input syntax for type|syntax error at or near/i,
  ],
  ['sqlite message', /no such (?:table|column)|SqliteError/i],
  [
    'sql text',
    /\b(?:select\b[^;]*?\bfrom|insert\s+into|update|delete\s+from|create\s+(?:table|index|database|schema)|alter\s+table|drop\s+(?:table|index|database))\s+(?:[`"][^`"\n]+[`"])|\b(?:select|insert|update|delete)\b[^;]*?\$\d+\b/i,
  ],
];

/** SQLSTATE classes that say the database is out of reach, not the query wrong */
const UNAVAILABLE_SQLSTATE = /^(?:08...|57P0[123]|53300|53400)$/;

const DRIVER_ERROR_NAMES = /^(?:DatabaseError|SqliteError|KnexTimeoutError)$/;

function addressPatterns(address: DatabaseAddress): [string, RegExp][] {
  const patterns: [string, RegExp][] = [];
  if (address.port) {
    patterns.push([
      'database address',
      new RegExp(`[\\w\\].:-]:${address.port}(?!\\d)`),
    ]);
  }
  if (address.host && !LOOPBACK.test(address.host)) {
    patterns.push([
      'database host',
      new RegExp(`(?<![\\w.-])${escape(address.host)}(?![\\w-])`, 'i'),
    ]);
  }
  return patterns;
}

/**
 * The objects of a (serialized) error: itself and every object within it,
 * its cause, an AggregateError's errors, a ResponseError's body included.
 */
function errorObjects(error: unknown, depth = 0): Record<string, unknown>[] {
  if (!error || typeof error !== 'object' || depth > 5) return [];
  const record = toPlain(error);
  return [
    record,
    ...Object.values(record).flatMap(value =>
      Array.isArray(value)
        ? value.flatMap(item => errorObjects(item, depth + 1))
        : errorObjects(value, depth + 1),
    ),
  ];
}

/** every string of an error object but its stack, for the text rules */
function textOf(record: Record<string, unknown>): string {
  return Object.entries(record)
    .filter(
      ([key, value]) =>
        key !== 'stack' &&
        (typeof value === 'string' || typeof value === 'number'),
    )
    .map(([, value]) => String(value))
    .join('\n');
}

/**
 * The database details `error` carries (an Error, or an error as
 * serializeError of @backstage/errors put it in a response body), or
 * undefined when it carries none.
 */
export function findDatabaseDetail(
  error: unknown,
  address: DatabaseAddress,
): DatabaseDetail | undefined {
  const records = errorObjects(error);
  const text = records.map(textOf).join('\n');
  const unavailable: [string, RegExp][] = [
    ...addressPatterns(address),
    ...UNAVAILABLE_TEXT,
  ];
  for (const [rule, pattern] of unavailable) {
    if (pattern.test(text)) return { kind: 'unavailable', rule };
  }
  for (const record of records) {
    const port = Number(record.port);
    if (
      address.port &&
      port === address.port &&
      (record.address || record.syscall)
    ) {
      return { kind: 'unavailable', rule: 'database address' };
    }
    const code = typeof record.code === 'string' ? record.code : undefined;
    if (
      code &&
      typeof record.severity === 'string' &&
      /^[0-9A-Z]{5}$/.test(code)
    ) {
      return UNAVAILABLE_SQLSTATE.test(code)
        ? { kind: 'unavailable', rule: `SQLSTATE ${code}` }
        : { kind: 'failed', rule: `SQLSTATE ${code}` };
    }
    if (
      typeof record.name === 'string' &&
      DRIVER_ERROR_NAMES.test(record.name)
    ) {
      return { kind: 'failed', rule: `${record.name}` };
    }
  }
  for (const [rule, pattern] of FAILED_TEXT) {
    if (pattern.test(text)) return { kind: 'failed', rule };
  }
  return undefined;
}

/**
 * An error's fields as a plain object: its own enumerable ones and those an
 * Error keeps non-enumerable (name, message, cause, errors).
 */
function toPlain(error: object): Record<string, unknown> {
  const record = error as Record<string, unknown>;
  const plain: Record<string, unknown> = { ...record };
  for (const key of ['name', 'message', 'code', 'cause', 'errors']) {
    if (record[key] !== undefined) plain[key] = record[key];
  }
  return plain;
}

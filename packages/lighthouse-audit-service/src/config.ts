import fs from 'node:fs';
import type { PoolConfig } from 'pg';

/** How the audit service runs: read once from the environment. */
export type AuditServiceConfig = {
  port: number;
  /** `host`, `host:port` or `*.domain` entries (LAS_ALLOWED_HOSTS) */
  allowedHosts: string[];
  /** the Chromium the audits drive (CHROME_PATH) */
  chromePath: string;
  /** how long a website may take to answer 2xx before the audit FAILS */
  upTimeoutMs: number;
  /** its own database (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) */
  postgres: PoolConfig & { database: string };
  /** create the database when it is missing (development) */
  createDatabase: boolean;
};

/**
 * Development: the sandbox's example website and the portal's own frontend
 * (`make start`); production has no default and refuses to start without
 * LAS_ALLOWED_HOSTS.
 */
export const DEVELOPMENT_ALLOWED_HOSTS = [
  'localhost:3000',
  '127.0.0.1:3000',
  'localhost:7221',
  '127.0.0.1:7221',
];

export const DEFAULT_PORT = 3003;
export const DEFAULT_DATABASE = 'lighthouse_audit_service';

function number(env: NodeJS.ProcessEnv, name: string, fallback: number) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number; it is "${raw}".`);
  }
  return value;
}

/** The configuration from environment variables, or an error naming them. */
export function readAuditServiceConfig(
  env: NodeJS.ProcessEnv = process.env,
): AuditServiceConfig {
  const production = env.NODE_ENV === 'production';
  const listed = env.LAS_ALLOWED_HOSTS?.split(',')
    .map(h => h.trim())
    .filter(Boolean);
  if (production && !listed?.length) {
    throw new Error(
      'LAS_ALLOWED_HOSTS is not set: list the hosts the audit service may audit (host, host:port or *.domain, comma-separated).',
    );
  }
  const chromePath =
    env.CHROME_PATH ||
    ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(p =>
      fs.existsSync(p),
    );
  if (!chromePath) {
    throw new Error(
      "No Chromium: set CHROME_PATH, or install Debian's chromium (apt-get install chromium).",
    );
  }
  return {
    port: number(env, 'LAS_PORT', DEFAULT_PORT),
    allowedHosts: listed ?? DEVELOPMENT_ALLOWED_HOSTS,
    chromePath,
    upTimeoutMs: number(env, 'LAS_UP_TIMEOUT_MS', 30_000),
    postgres: {
      host: env.PGHOST || '127.0.0.1',
      port: number(env, 'PGPORT', 5432),
      user: env.PGUSER || 'postgres',
      password: env.PGPASSWORD || undefined,
      database: env.PGDATABASE || DEFAULT_DATABASE,
      max: 5,
    },
    createDatabase: !production || env.LAS_CREATE_DATABASE === 'true',
  };
}

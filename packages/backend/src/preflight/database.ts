import { Config } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { Client, ClientConfig } from 'pg';

/**
 * Checks that the configured database can be used, so that an unreachable
 * PostgreSQL is reported once instead of by every plugin that opens it.
 * Resolves to a one-line problem description, or undefined when all is well.
 */
export async function checkDatabase(
  config: Config,
  options: { timeoutMs?: number; cwd?: string } = {},
): Promise<string | undefined> {
  const client = config.getOptionalString('backend.database.client');
  if (client === 'pg') {
    return checkPostgres(
      postgresClientConfig(config)!,
      options.timeoutMs ?? 5000,
    );
  }
  if (client === 'better-sqlite3' || client === 'sqlite3') {
    const directory = config.getOptionalString(
      'backend.database.connection.directory',
    );
    // Relative to the backend's working directory, as the database manager reads it.
    if (directory) {
      fs.mkdirSync(path.resolve(options.cwd ?? process.cwd(), directory), {
        recursive: true,
      });
    }
  }
  return undefined;
}

/**
 * What pg's Client takes to reach the database of `backend.database` when
 * its client is `pg` (undefined otherwise): the connection string, or the
 * connection object with a numeric port and the `postgres` database when
 * none is named (plugins' databases are created from there).
 */
export function postgresClientConfig(config: Config): ClientConfig | undefined {
  if (config.getOptionalString('backend.database.client') !== 'pg') {
    return undefined;
  }
  const connection = config.get('backend.database.connection') as
    | string
    | ClientConfig;
  return typeof connection === 'string'
    ? { connectionString: connection }
    : {
        ...connection,
        port:
          connection.port === undefined ? undefined : Number(connection.port),
        database: connection.database ?? 'postgres',
      };
}

async function checkPostgres(
  options: ClientConfig,
  timeoutMs: number,
): Promise<string | undefined> {
  const pg = new Client({ ...options, connectionTimeoutMillis: timeoutMs });
  const where = describe(pg);
  try {
    await pg.connect();
    await pg.query('select 1');
    return undefined;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === '28P01' || code === '28000') {
      return `PostgreSQL at ${where} refused user "${pg.user}": ${message}. Check POSTGRES_USER and POSTGRES_PASSWORD.`;
    }
    const reason =
      code && !message.includes(code) ? `${code}: ${message}` : message;
    return `PostgreSQL is not reachable at ${where} (${reason}). Start it, or point POSTGRES_HOST and POSTGRES_PORT at a running server.`;
  } finally {
    await pg.end().catch(() => {});
  }
}

function describe(pg: Client): string {
  return `${pg.host ?? 'localhost'}:${pg.port ?? 5432}`;
}

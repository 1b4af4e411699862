import { Client, type PoolConfig } from 'pg';

/**
 * Creates the service's own database when it does not exist yet (the
 * upstream service only creates its table), connecting to `postgres`.
 */
export async function ensureDatabase(
  config: PoolConfig & { database: string },
): Promise<void> {
  const client = new Client({
    ...config,
    database: 'postgres',
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Cannot reach PostgreSQL at ${config.host}:${config.port} as ${
        config.user
      }: ${(error as Error).message}`,
    );
  }
  try {
    const { rowCount } = await client.query(
      'SELECT 1 FROM pg_database WHERE datname = $1',
      [config.database],
    );
    if (!rowCount) {
      // identifiers cannot be parameters; quote it as PostgreSQL does
      await client.query(
        `CREATE DATABASE "${config.database.replace(/"/g, '""')}"`,
      );
    }
  } catch (error) {
    // another instance created it in the meantime
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-adoption-backend',
  'migrations',
);

/** The plugin's database, migrated (every feature's tables are in migrations/). */
export async function adoptionDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({ directory: migrationsDir });
  }
  return knex;
}

/** PostgreSQL returns Date (and bigint strings); SQLite milliseconds. */
export const toDate = (v: unknown): Date =>
  v instanceof Date ? v : new Date(Number(v));

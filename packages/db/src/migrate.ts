import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './connection.ts';

/** Where the SQL migrations live; the api's build copies them next to its bundle. */
export const defaultMigrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

export async function runMigrations(db: Database, migrationsFolder = defaultMigrationsFolder): Promise<void> {
  await migrate(db, { migrationsFolder });
}

/** Sample policy documents (text, with a manifest) that load with the demo data. */
export const defaultSeedLibraryFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../seed-library');

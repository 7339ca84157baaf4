import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultMigrationsFolder, defaultSeedLibraryFolder, runMigrations, type Database } from '@fieldschool/db';

// Built, data folders sit beside the bundle (build.mjs copies them there); run from
// source, packages/db has them.
const here = path.dirname(fileURLToPath(import.meta.url));
const bundled = path.basename(here) === 'dist';

export const migrationsFolder = bundled ? path.join(here, 'migrations') : defaultMigrationsFolder;
export const seedLibraryFolder = bundled ? path.join(here, 'seed-library') : defaultSeedLibraryFolder;

export function migrate(db: Database): Promise<void> {
  return runMigrations(db, migrationsFolder);
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, type DatabaseConnection } from './connection.ts';
import { runMigrations } from './migrate.ts';
import { removeClusterOutside, startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.ts';

const TEMPLATE = 'fieldschool_test_template';

/**
 * One PostgreSQL per test run: the one DATABASE_URL names, or an embedded one under
 * `dataDir`. A template database is migrated once (then `prepareTemplate` adds what an app
 * installs beside our migrations, such as its job queue); every test file clones it.
 */
export async function startTestPostgres(
  dataDir: string,
  options: { prepareTemplate?: (connection: DatabaseConnection) => Promise<void> } = {},
): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({ dataDir });
    adminUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  const template = connectDatabase(withDatabase(adminUrl, TEMPLATE), { max: 1 });
  await runMigrations(template.db);
  await options.prepareTemplate?.(template);
  await template.close();
  return {
    adminUrl,
    stop: async () => {
      if (!embedded) return;
      await embedded.stop();
      removeClusterOutside(dataDir);
    },
  };
}

/** A fresh, migrated database cloned from the template; dropped by `drop()`. */
export async function createTestDatabase(adminUrl: string): Promise<DatabaseConnection & { url: string; drop(): Promise<void> }> {
  const name = `fieldschool_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const connection = connectDatabase(url, { max: 5 });
  return {
    ...connection,
    url,
    drop: async () => {
      await connection.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

import pg from 'pg';

// One key for everything that prepares a database: migrations, the job queue's schema, the demo seed.
const SETUP_LOCK = "hashtextextended('fieldschool.setup', 0)";

/**
 * Runs `fn` while this process holds the database's setup lock (a session advisory lock
 * on a connection of its own, so `fn` may use a pool of any size). Api instances and the
 * CLI starting at the same moment then migrate and seed one after the other; unlocked, two
 * migrations raced on CREATE SCHEMA and one start failed, and both would have seeded.
 * A process that dies holding the lock loses its connection, and with it the lock.
 */
export async function withSetupLock<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'fieldschool setup' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${SETUP_LOCK})`);
    return await fn();
  } finally {
    // Ending the session releases the lock.
    await client.end().catch(() => undefined);
  }
}

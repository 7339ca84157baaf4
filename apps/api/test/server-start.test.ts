import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const server = path.resolve(import.meta.dirname, '../src/server.ts');

/** Starts `src/server.ts` the way `pnpm start` starts the build, and returns how it ended. */
async function start(env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', server], { env: { ...process.env, ...env }, timeout: 90_000 });
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
      const { stdout } = await run('ps', ['-eo', 'args']);
      expect(stdout).not.toContain(path.join(dataDir, 'pg'));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

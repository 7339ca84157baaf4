// Which process runs the embedded servers of a DATA_DIR: DATA_DIR/api.pid holds its pid and
// start time (the pair survives pid reuse). Holding the claim is what makes it safe to stop
// any server still running on that DATA_DIR: it can only be one a dead api left behind.
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { processInfo, ServerStartError } from '@fieldschool/db';

interface Claim {
  pid: number;
  startTime: number;
}

const claimFile = (dataDir: string) => path.join(dataDir, 'api.pid');

const isAlive = (claim: Claim) => processInfo(claim.pid)?.startTime === claim.startTime;

/** The pid of the live process holding DATA_DIR, if any. */
export function dataDirHolder(dataDir: string): number | undefined {
  try {
    const claim = JSON.parse(readFileSync(claimFile(dataDir), 'utf8')) as Claim;
    return isAlive(claim) ? claim.pid : undefined;
  } catch {
    return undefined;
  }
}

/** Claims DATA_DIR for this process, or fails when a live one holds it. Resolves with the release. */
export async function claimDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = claimFile(dataDir);
  const mine: Claim = { pid: process.pid, startTime: processInfo(process.pid)!.startTime };
  const write = (flag: 'wx' | 'w') => writeFile(file, JSON.stringify(mine), { flag, mode: 0o600 });
  try {
    await write('wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = dataDirHolder(dataDir);
    if (holder !== undefined) {
      throw new ServerStartError(`FieldSchool (pid ${holder}) is already running with DATA_DIR ${dataDir}: stop it first, or set another DATA_DIR`);
    }
    await write('w'); // left by a run that was killed
  }
  return async () => {
    const current = await readFile(file, 'utf8').catch(() => '');
    if (current === JSON.stringify(mine)) await rm(file, { force: true });
  };
}

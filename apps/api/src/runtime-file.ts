import { rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where a running api tells command-line tools (reindex) how to reach its servers. */
export interface RuntimeInfo {
  databaseUrl: string;
  meiliUrl: string;
  meiliKey: string | null;
}

const fileIn = (dataDir: string) => path.join(dataDir, 'runtime.json');

export async function recordRuntime(dataDir: string, info: RuntimeInfo): Promise<void> {
  await writeFile(fileIn(dataDir), JSON.stringify(info), { mode: 0o600 });
}

export async function forgetRuntime(dataDir: string): Promise<void> {
  await rm(fileIn(dataDir), { force: true });
}

export function readRuntime(dataDir: string): RuntimeInfo | undefined {
  const file = fileIn(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo) : undefined;
}

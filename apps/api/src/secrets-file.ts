import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Secrets } from './plugins/secrets.ts';

/**
 * ID_NUMBER_KEY (hex) when several api instances must agree; otherwise a key generated
 * once and kept in DATA_DIR. Lose it and ID numbers can no longer be matched.
 */
export async function loadSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Secrets> {
  if (env.ID_NUMBER_KEY) {
    if (!/^[0-9a-f]{64}$/i.test(env.ID_NUMBER_KEY)) throw new Error('ID_NUMBER_KEY must be 64 hexadecimal characters (32 bytes)');
    return { idNumberKey: Buffer.from(env.ID_NUMBER_KEY, 'hex') };
  }
  const file = path.join(dataDir, 'id-number-key');
  if (!existsSync(file)) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return { idNumberKey: Buffer.from((await readFile(file, 'utf8')).trim(), 'hex') };
}

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Secrets } from './plugins/secrets.ts';

/**
 * ID_NUMBER_KEY (hex, checked by readConfig) when several api instances must agree;
 * otherwise a key generated once and kept in DATA_DIR. Lose it and ID numbers can no
 * longer be matched.
 */
export async function loadSecrets(dataDir: string, idNumberKey: string | undefined): Promise<Secrets> {
  if (idNumberKey) return { idNumberKey: Buffer.from(idNumberKey, 'hex') };
  const file = path.join(dataDir, 'id-number-key');
  if (!existsSync(file)) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return { idNumberKey: Buffer.from((await readFile(file, 'utf8')).trim(), 'hex') };
}

import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../errors.ts';

/** Where original files live. Local disk now; an S3-compatible store can implement the same. */
export interface FileStore {
  /** Stores the bytes under their SHA-256 and returns it; storing the same bytes twice is a no-op. */
  put(bytes: Uint8Array): Promise<string>;
  open(sha256: string): Readable;
  has(sha256: string): boolean;
}

/** Content-addressed files under `<root>/ab/cd/<sha256>`, written atomically. */
export function localFileStore(root: string): FileStore {
  const where = (sha256: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };
  return {
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const file = where(sha256);
      if (existsSync(file)) return sha256;
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, bytes, { flag: 'wx' });
      await rename(temporary, file);
      return sha256;
    },
    open: (sha256) => {
      const file = where(sha256);
      // A row whose bytes are not here: FILES_DIR not shared between api machines, or a restore without files/.
      if (!existsSync(file)) throw new AppError('file_missing', `stored file ${sha256} is missing from the file store`);
      return createReadStream(file);
    },
    has: (sha256) => existsSync(where(sha256)),
  };
}

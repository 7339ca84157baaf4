import { inflateRawSync } from 'node:zlib';

/** Limits for an uploaded zip (a DOCX): a real one is a few MB of XML and images. */
export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
  /** Uncompressed / compressed, checked for entries above 1 MB. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 5_000, maxTotalBytes: 200 * 1024 * 1024, maxRatio: 200 };

export class ZipError extends Error {
  constructor(
    message: string,
    readonly kind: 'corrupt' | 'too_large',
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function findEndOfCentralDirectory(view: DataView): number {
  const stop = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === EOCD) return i;
  }
  throw new ZipError('no end of central directory', 'corrupt');
}

function readEntries(bytes: Uint8Array): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.byteLength < 22) throw new ZipError('too short for a zip', 'corrupt');
  const end = findEndOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw new ZipError('zip64 archives are not accepted', 'too_large');
  const decoder = new TextDecoder();
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > view.byteLength || view.getUint32(offset, true) !== CENTRAL) {
      throw new ZipError('central directory is damaged', 'corrupt');
    }
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    entries.push({
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      size: view.getUint32(offset + 24, true),
      localOffset: view.getUint32(offset + 42, true),
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates an entry with its declared size as a hard cap, so a lying header cannot blow up memory. */
function verifyEntry(bytes: Uint8Array, view: DataView, entry: Entry): void {
  if (entry.localOffset + 30 > view.byteLength || view.getUint32(entry.localOffset, true) !== LOCAL) {
    throw new ZipError(`local header of ${entry.name} is damaged`, 'corrupt');
  }
  const start = entry.localOffset + 30 + view.getUint16(entry.localOffset + 26, true) + view.getUint16(entry.localOffset + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (entry.size !== entry.compressedSize) throw new ZipError(`stored entry ${entry.name} has two sizes`, 'corrupt');
    return;
  }
  if (entry.method !== 8) throw new ZipError(`entry ${entry.name} uses compression method ${entry.method}`, 'corrupt');
  try {
    const out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
    if (out.byteLength !== entry.size) throw new ZipError(`entry ${entry.name} is not the size it declares`, 'corrupt');
  } catch (error) {
    if (error instanceof ZipError) throw error;
    const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new ZipError(`entry ${entry.name} ${tooLarge ? 'inflates past its declared size' : 'cannot be inflated'}`, tooLarge ? 'too_large' : 'corrupt');
  }
}

/**
 * Lists a zip's entry names after checking it is safe to hand to an unzipping library:
 * entry count, total and per-entry ratio from the central directory, then every entry
 * inflated with its declared size as the cap (catches headers that lie).
 */
export function inspectZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): string[] {
  const entries = readEntries(bytes);
  if (entries.length > limits.maxEntries) throw new ZipError(`${entries.length} entries`, 'too_large');
  const total = entries.reduce((sum, entry) => sum + entry.size, 0);
  if (total > limits.maxTotalBytes) throw new ZipError(`uncompressed size over ${limits.maxTotalBytes} bytes`, 'too_large');
  for (const entry of entries) {
    if (entry.size > 1024 * 1024 && entry.size / Math.max(1, entry.compressedSize) > limits.maxRatio) {
      throw new ZipError(`entry ${entry.name} has a compression ratio over ${limits.maxRatio}`, 'too_large');
    }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const entry of entries) {
    if (!entry.name.endsWith('/')) verifyEntry(bytes, view, entry);
  }
  return entries.map((e) => e.name);
}

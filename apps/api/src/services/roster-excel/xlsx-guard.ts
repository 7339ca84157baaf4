import { AppError } from '../../errors.ts';

/*
 * An .xlsx is a zip. Before any parser inflates it, its central directory is read: a file
 * that is not a zip (a renamed .xls or .csv, a truncated download) is refused, and so is a
 * zip bomb — entries that would inflate far beyond what a roster of 20,000 rows needs, or
 * at a ratio no spreadsheet has. The sizes are the ones the archive declares; the parts are
 * then read by their declared place and size (zip-part.ts), so a lying archive cannot run on.
 */

const MAX_ENTRIES = 2000;
/** 20,000 rows of six columns are about 6 MB of sheet XML; leave room for styles and strings. */
const MAX_INFLATED_BYTES = 200 * 1024 * 1024;
/** Spreadsheet XML compresses 5 to 20 times; runs of one byte compress a thousand times. */
const MAX_RATIO = 200;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

export const notXlsx = (detail: string) => new AppError('roster_file_invalid', detail, { field: 'file' });

/** Where a part of the workbook lies in the archive, as its directory declares it. */
export interface XlsxPart {
  /** 0 stored, 8 deflated. */
  method: number;
  headerAt: number;
  compressed: number;
  size: number;
}

/** Checks the archive and answers its parts by name, in the archive's order. */
export function assertSafeXlsx(bytes: Buffer): Map<string, XlsxPart> {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) throw notXlsx('The file is not an .xlsx workbook');
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at -= 1) {
    if (bytes.readUInt32LE(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw notXlsx('The workbook is damaged: its zip directory is missing');
  const entries = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  if (entries > MAX_ENTRIES) throw notXlsx('The workbook holds too many parts');
  let inflated = 0;
  const parts = new Map<string, XlsxPart>();
  for (let index = 0; index < entries; index += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) throw notXlsx('The workbook is damaged: its zip directory is cut short');
    const compressed = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    // 0xFFFFFFFF means a ZIP64 size: no roster needs 4 GB.
    if (size === 0xffffffff || compressed === 0xffffffff) throw notXlsx('The workbook declares a part larger than any roster');
    if (size > MAX_RATIO * Math.max(compressed, 1024)) throw notXlsx('The workbook inflates at a ratio no spreadsheet has (a zip bomb?)');
    inflated += size;
    if (inflated > MAX_INFLATED_BYTES) throw notXlsx('The workbook inflates to more than a roster can hold');
    parts.set(name, { method: bytes.readUInt16LE(at + 10), headerAt: bytes.readUInt32LE(at + 42), compressed, size });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  if (![...parts.keys()].some((name) => name.startsWith('xl/worksheets/'))) throw notXlsx('The zip holds no worksheet: it is not an .xlsx workbook');
  return parts;
}

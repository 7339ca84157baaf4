import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { notXlsx, type XlsxPart } from './xlsx-guard.ts';

/*
 * One part of the workbook as text, read from the upload where the zip directory says it
 * lies, in whatever order the reader needs it. (exceljs's WorkbookReader reads the zip front
 * to back instead: a sheet stored before the shared strings, as Excel and exceljs store it,
 * is copied to a temporary file it removes only if the whole workbook is read, and a
 * damaged deflate stream there leaves it waiting forever.)
 */

const LOCAL = 0x04034b50;

/** The part's text, decoded across chunk ends; more bytes than the directory declares is a damaged file. */
export async function* partText(bytes: Buffer, part: XlsxPart): AsyncGenerator<string> {
  const at = part.headerAt;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL) throw notXlsx('The workbook is damaged: a part is not where its directory says');
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const data = bytes.subarray(start, start + part.compressed);
  if (data.length < part.compressed) throw notXlsx('The workbook is damaged: a part is cut short');
  if (part.method !== 0 && part.method !== 8) throw notXlsx('The workbook is compressed in a way no spreadsheet uses');
  const decoder = new TextDecoder('utf-8');
  let inflated = 0;
  const chunks = part.method === 8 ? Readable.from([data]).pipe(createInflateRaw()) : [data];
  try {
    for await (const chunk of chunks as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > part.size) throw notXlsx('The workbook is damaged: a part inflates beyond its declared size');
      yield decoder.decode(chunk, { stream: true });
    }
  } catch (error) {
    throw error instanceof Error && 'code' in error && String(error.code).startsWith('Z_') ? notXlsx('The workbook is damaged: a part does not inflate') : error;
  }
  yield decoder.decode();
}

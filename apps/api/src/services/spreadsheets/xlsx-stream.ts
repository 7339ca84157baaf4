import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/*
 * Every .xlsx download is streamed through here: rows go to the reply as they are written, so a
 * file of any length costs the memory of a few pages of rows. A text is written as a string cell
 * (an inline string), never as a formula, whatever it begins with.
 */

export interface XlsxColumn {
  header: string;
  width: number;
}

export interface XlsxOptions {
  /**
   * Files people edit and upload again (rosters, evaluations): a bold, frozen header row, and
   * every text cell in the Text number format, so a value that begins with = + - or @ (a name
   * typed as a formula, say) or a number kept as text ("0012") stays text when someone edits
   * it in Excel. Styles cost exceljs about 2.5× the time a row; a large read-only report
   * (the attendance list) goes without them.
   */
  editable: boolean;
}

export interface XlsxStream {
  stream: Readable;
  /** Resolves when the workbook can take another row: await it, or rows pile up in memory. */
  addRow(values: ReadonlyArray<string | number | null>): Promise<void>;
  finish(): Promise<void>;
}

/**
 * exceljs writes a sheet into its zip (archiver) without waiting: its buffer ignores the answer
 * of write(), so a writer faster than deflate piles the whole sheet up in the zip entry's
 * stream (RSS +230 MiB for 450,000 rows). That stream still says when it needs to drain, and
 * waiting for it keeps memory flat. (The entry stream is exceljs's internal, pinned at 4.4.0;
 * xlsx-stream.test.ts fails if it moves.)
 */
function zipEntryDrained(sheet: ExcelJS.Worksheet): Promise<unknown> | undefined {
  const entry = (sheet as unknown as { stream: { pipes: Writable[] } }).stream.pipes[0] as (Writable & { _writableState: { needDrain: boolean } }) | undefined;
  return entry?._writableState.needDrain ? once(entry, 'drain') : undefined;
}

export function xlsxStream(sheetName: string, columns: readonly XlsxColumn[], options: XlsxOptions): XlsxStream {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: options.editable });
  const sheet = workbook.addWorksheet(sheetName, options.editable ? { views: [{ state: 'frozen', ySplit: 1 }] } : {});
  sheet.columns = columns.map((column) => ({ header: column.header, width: column.width }));
  if (options.editable) sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  // A reader who hangs up (the reply closed) must not leave the writer waiting for a drain forever.
  const closed = new Promise<void>((resolve) => stream.once('close', resolve));
  return {
    stream,
    async addRow(values) {
      if (stream.destroyed) throw new Error('The download was closed before the workbook was finished');
      const row = sheet.addRow(values.map((value) => value ?? ''));
      if (options.editable) {
        values.forEach((value, index) => {
          if (typeof value === 'string') row.getCell(index + 1).numFmt = '@';
        });
      }
      row.commit();
      // The reply's own backpressure reaches the entry stream through archiver's pipes.
      const drained = zipEntryDrained(sheet);
      if (drained) await Promise.race([drained, closed]);
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/** Runs `write` into the workbook in the background; a failure ends the download with an error instead of a cut file. */
export function streamedXlsx(out: XlsxStream, write: () => Promise<void>): Readable {
  write()
    .then(() => out.finish())
    .catch((error: unknown) => out.stream.destroy(error as Error));
  return out.stream;
}

/** Content-Disposition for a Chinese file name (RFC 6266 / 5987), with an ASCII fallback. */
export function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

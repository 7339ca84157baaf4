import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/*
 * Streamed .xlsx output: rows go to the reply as they are written, so a village of any size
 * costs the memory of one page of rows. Every text cell is a string cell with the Text
 * number format: a value that begins with = + - or @ (a name typed as a formula, say) is
 * shown as typed and stays text even when someone edits it in Excel, never a formula
 * (CSV/Excel formula injection).
 */

export interface XlsxColumn {
  header: string;
  width: number;
}

/** Cells that a spreadsheet would take as a formula or a command. */
export const FORMULA_LEAD = /^[=+\-@]/;

export interface XlsxStream {
  stream: Readable;
  addRow(values: ReadonlyArray<string | number | null>): void;
  finish(): Promise<void>;
}

export function xlsxStream(sheetName: string, columns: readonly XlsxColumn[]): XlsxStream {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ header: column.header, width: column.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return {
    stream,
    addRow(values) {
      const row = sheet.addRow(values.map((value) => value ?? ''));
      values.forEach((value, index) => {
        if (typeof value === 'string') row.getCell(index + 1).numFmt = '@';
      });
      row.commit();
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/** Content-Disposition for a Chinese file name (RFC 6266 / 5987), with an ASCII fallback. */
export function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

import ExcelJS from 'exceljs';
import { completeIdNumber } from '@fieldschool/contracts';

export const ROSTER_HEADER = ['姓名', '户号', '性别', '出生年份', '手机号', '身份证号'];

/** A roster .xlsx as a village would send it: the template's header row, then `rows`. */
export async function rosterWorkbook(rows: Array<Array<ExcelJS.CellValue>>, header: string[] = ROSTER_HEADER): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('花名册');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** `count` valid rows, each with its own ID number (born 1950–1999). */
export function generatedRows(count: number, offset = 0): Array<Array<ExcelJS.CellValue>> {
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    return [`农户${i}`, String(i), i % 2 ? '男' : '女', 1950 + (i % 50), null, completeIdNumber(`5133351950${String(i).padStart(7, '0')}`)];
  });
}

import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { xlsxStream, type XlsxStream } from '../src/services/spreadsheets/xlsx-stream.ts';

const ROW = ['2031-03-02 10:00', '建设镇', '=HYPERLINK("http://evil.example")', '马铃薯种植技术培训', '扎西', 12] as const;
const columns = ROW.map((_, index) => ({ header: `列${index + 1}`, width: 12 }));

/** Whether the row's promise is still pending after the event loop has turned once. */
async function blocks(pending: Promise<void>): Promise<boolean> {
  let settled = false;
  void pending.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  return !settled;
}

async function read(out: XlsxStream): Promise<ExcelJS.Worksheet> {
  const chunks: Buffer[] = [];
  out.stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve, reject) => out.stream.on('end', resolve).on('error', reject));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

describe('a streamed workbook', () => {
  it('makes the writer wait while nobody reads the file, and then writes every row', async () => {
    const out = xlsxStream('签到记录', columns, { editable: false });
    // Nobody reads yet: a writer that is never told to wait would take all 100,000 rows into memory.
    let written = 0;
    let waiting: Promise<void> | undefined;
    while (written < 100_000) {
      const pending = out.addRow(ROW);
      written += 1;
      if (await blocks(pending)) {
        waiting = pending;
        break;
      }
    }
    expect(waiting, 'addRow never waited for the reader').toBeDefined();
    expect(written).toBeLessThan(20_000);

    const sheet = read(out);
    await waiting;
    for (let i = 0; i < 30_000; i += 1) await out.addRow(ROW);
    await out.finish();
    const rows = (await sheet).actualRowCount;
    expect(rows).toBe(1 + written + 30_000);
  });

  it('writes a formula-like text as a text cell, and in the Text format in a file people edit', async () => {
    for (const editable of [false, true]) {
      const out = xlsxStream('花名册', columns, { editable });
      const sheet = read(out);
      await out.addRow(ROW);
      await out.finish();
      const row = (await sheet).getRow(2);
      expect(row.getCell(3).value).toBe(ROW[2]);
      expect(row.getCell(3).type).toBe(ExcelJS.ValueType.String);
      expect(row.getCell(6).value).toBe(12);
      expect(row.getCell(3).numFmt).toBe(editable ? '@' : undefined);
      expect((await sheet).getRow(1).font?.bold).toBe(editable ? true : undefined);
    }
  });

  it('stops the writer with an error when the reader hangs up, instead of leaving it waiting', async () => {
    const out = xlsxStream('签到记录', columns, { editable: false });
    let pending = out.addRow(ROW);
    while (!(await blocks(pending))) pending = out.addRow(ROW);
    out.stream.destroy();
    await pending;
    await expect(out.addRow(ROW)).rejects.toThrow(/closed/);
  });
});

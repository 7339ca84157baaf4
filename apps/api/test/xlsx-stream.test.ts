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
  it('makes the writer wait for the zip instead of piling rows up, and writes every row', async () => {
    const out = xlsxStream('签到记录', columns, { editable: false });
    const sheet = read(out);
    // Deflate's results come back through the event loop. A writer that is never told to wait
    // runs its whole loop on microtasks and buffers every row (about 15 MB here) before the zip
    // sees one; one that waits for the zip's drain hands the event loop back again and again.
    let turns = 0;
    let done = false;
    const count = () => {
      turns += 1;
      if (!done) setImmediate(count);
    };
    setImmediate(count);
    for (let i = 0; i < 100_000; i += 1) await out.addRow(ROW);
    done = true;
    expect(turns, 'addRow never waited for the zip').toBeGreaterThan(50);
    await out.finish();
    expect((await sheet).actualRowCount).toBe(1 + 100_000);
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

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { schema } from '@fieldschool/db';
import { completeIdNumber } from '@fieldschool/contracts';
import { useTestApp, type Session } from './test-app.ts';
import { generatedRows, ROSTER_HEADER, rosterWorkbook } from './roster-files.ts';
import { uploadRequest } from './upload.ts';
import { seedScheduling, sessionBody } from './scheduling-fixtures.ts';
import { readRoster } from '../src/services/roster-excel/read-roster.ts';

const ctx = useTestApp('roster-excel');
let admin: Session;

beforeAll(async () => {
  admin = await ctx.signIn('admin');
});

const HEADER = ROSTER_HEADER;
/** A valid ID number per n, born 1970 + n % 40. */
const idOf = (n: number) => completeIdNumber(`513335${1970 + (n % 40)}0101${String(n % 1000).padStart(3, '0')}`.slice(0, 17));

const workbook = rosterWorkbook;

const send = (path: 'check' | 'import', bytes: Buffer, village = ctx.fixtures.mamen.id, query = '') =>
  ctx.app.inject(uploadRequest(admin, `/api/v1/villages/${village}/roster/${path}${query}`, { name: '花名册.xlsx', bytes }));
const farmersOf = (villageId: string) => ctx.db.db.select().from(schema.farmers).where(eq(schema.farmers.villageId, villageId));

async function readXlsx(bytes: Buffer): Promise<ExcelJS.CellValue[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: ExcelJS.CellValue[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return rows;
}

describe('the roster template', () => {
  it('has the columns and one example row, and imports as it is', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/rosters/template.xlsx', headers: admin.headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain("filename*=UTF-8''%E8%8A%B1");
    const rows = await readXlsx(response.rawPayload);
    expect(rows[0]).toEqual(HEADER);
    expect(rows[1]![0]).toBe('泽仁拉姆');
    const imported = await send('import', response.rawPayload, ctx.fixtures.achaVillage.id);
    expect(imported.json()).toMatchObject({ rows: 1, creates: 1, problemCount: 0, imported: true });
  });
});

describe('importing a roster', () => {
  it('reports row by row before writing anything, and writes nothing while a row is invalid', async () => {
    const bytes = await workbook([
      ['扎西多吉', '3', '男', 1975, '13800001111', idOf(1)],
      ['', '4', '女', 1980, null, null],
      ['拉姆措', '5', '不详', 1880, '123', '513335198001010021'],
    ]);
    const check = await send('check', bytes);
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({
      rows: 3,
      creates: 1,
      problemCount: 5,
      imported: false,
      problems: [
        { row: 3, column: 'name', reason: 'required' },
        { row: 4, column: 'gender', reason: 'gender_invalid' },
        { row: 4, column: 'birthYear', reason: 'birth_year_invalid' },
        { row: 4, column: 'phone', reason: 'phone_invalid' },
        { row: 4, column: 'idNumber', reason: 'id_number_invalid' },
      ],
    });
    const refused = await send('import', bytes);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'roster_rows_invalid', field: 'file', report: { problemCount: 5, imported: false } });
    expect(await farmersOf(ctx.fixtures.mamen.id)).toHaveLength(0);
    const valid = await send('import', bytes, ctx.fixtures.mamen.id, '?validRowsOnly=true');
    expect(valid.json()).toMatchObject({ creates: 1, imported: true });
    const [farmer] = await farmersOf(ctx.fixtures.mamen.id);
    expect(farmer).toMatchObject({ name: '扎西多吉', gender: 'male', birthYear: 1975, householdNo: '3', idNumberLast4: idOf(1).slice(-4), namePinyinInitials: 'zxdj' });
  });

  it('updates the farmer with the same ID number instead of adding one, and reports a possible duplicate without an ID number', async () => {
    const first = await workbook([
      ['次仁', '8', '男', 1960, null, idOf(2)],
      ['白玛', '9', '女', 1990, null, null],
    ]);
    expect((await send('import', first, ctx.fixtures.genga.id)).json()).toMatchObject({ creates: 2, updates: 0 });
    const again = await workbook([
      ['次仁旺堆', '8', '男', 1960, '13900002222', idOf(2)],
      ['白玛', '9', '女', 1990, null, null],
      ['白玛', '10', '女', 1991, null, null],
    ]);
    const report = (await send('import', again, ctx.fixtures.genga.id)).json();
    const baima = (await farmersOf(ctx.fixtures.genga.id)).find((f) => f.name === '白玛' && f.birthYear === 1990)!;
    expect(report).toMatchObject({ creates: 1, updates: 1, possibleDuplicates: [{ row: 3, farmerId: baima.id, name: '白玛' }], imported: true });
    const farmers = await farmersOf(ctx.fixtures.genga.id);
    expect(farmers.map((f) => f.name).sort()).toEqual(['次仁旺堆', '白玛', '白玛'].sort());
    expect(farmers.find((f) => f.name === '次仁旺堆')).toMatchObject({ phone: '13900002222', idNumberLast4: idOf(2).slice(-4) });
  });

  it('names row 3,000 of 20,000 when its ID number is invalid, writes none of the rows before it, and imports all 20,000 rows once it is right', { timeout: 120_000 }, async () => {
    const rows = generatedRows(20_000);
    const bad = rows.map((row) => [...row]);
    // Sheet row 3,000 is data row 2,999 (the header is row 1).
    const right = bad[2998]![5] as string;
    bad[2998]![5] = right.slice(0, 17) + (right[17] === '0' ? '1' : '0');
    const badFile = await workbook(bad);
    const before = (await farmersOf(ctx.fixtures.achaVillage.id)).length;
    const report = (await send('check', badFile, ctx.fixtures.achaVillage.id)).json();
    expect(report).toMatchObject({ rows: 20_000, problemCount: 1, problems: [{ row: 3000, column: 'idNumber', reason: 'id_number_invalid' }] });
    // The import writes chunk by chunk: the two chunks read before row 3,000 are rolled back with the refusal.
    const refused = await send('import', badFile, ctx.fixtures.achaVillage.id);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'roster_rows_invalid', report: { problemCount: 1, imported: false } });
    expect(await farmersOf(ctx.fixtures.achaVillage.id)).toHaveLength(before);
    const imported = (await send('import', await workbook(rows), ctx.fixtures.achaVillage.id)).json();
    expect(imported).toMatchObject({ rows: 20_000, creates: 20_000, imported: true });
  });

  it('keeps a formula in a name cell as its text, and exports it as text, never as a formula', async () => {
    const bytes = await workbook([[{ formula: 'HYPERLINK("http://evil.example","点我")', result: '点我' }, '1', '女', 1970, null, null], ['@SUM(1+1)', '2', '男', 1971, null, null]]);
    expect((await send('import', bytes, ctx.fixtures.mamen.id)).json()).toMatchObject({ creates: 2 });
    const names = (await farmersOf(ctx.fixtures.mamen.id)).map((f) => f.name);
    expect(names).toContain('=HYPERLINK("http://evil.example","点我")');
    expect(names).toContain('@SUM(1+1)');
    const exported = await ctx.app.inject({ method: 'GET', url: `/api/v1/villages/${ctx.fixtures.mamen.id}/roster.xlsx`, headers: admin.headers });
    expect(exported.statusCode).toBe(200);
    const sheetXml = await (await JSZip.loadAsync(exported.rawPayload)).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheetXml).not.toContain('<f>');
    const rows = await readXlsx(exported.rawPayload);
    expect(rows.map((row) => row[0])).toContain('=HYPERLINK("http://evil.example","点我")');
    expect(rows.map((row) => row[0])).toContain('@SUM(1+1)');
  });
});

describe('what the import keeps while it reads', () => {
  it('names a repeated ID number, and lists the first 1,000 problems of a roster full of them, counting all', async () => {
    const id = idOf(7);
    const rows = Array.from({ length: 1500 }, (_, i) => [`格桑${i}`, String(i), '男', 1970, null, id]);
    const report = (await send('check', await workbook(rows), ctx.fixtures.achaVillage.id)).json();
    expect(report).toMatchObject({ rows: 1500, creates: 1, problemCount: 1499 });
    expect(report.problems).toHaveLength(1000);
    expect(report.problems[0]).toEqual({ row: 3, column: 'idNumber', reason: 'id_number_repeated' });
    expect(report.problems.at(-1).row).toBe(1002);
  });

  it('lists the first 1,000 possible duplicates, counting all', async () => {
    const village = ctx.fixtures.mamen.id;
    const names = Array.from({ length: 1005 }, (_, i) => `扎西${i}`);
    await ctx.db.db.insert(schema.farmers).values(names.map((name) => ({ villageId: village, name, namePinyin: name, gender: 'male' as const, birthYear: 1980, cardToken: randomBytes(16).toString('base64url') })));
    const rows = names.map((name, i) => [name, String(i), '男', 1980, null, null]);
    const report = (await send('check', await workbook(rows), village)).json();
    expect(report).toMatchObject({ rows: 1005, creates: 0, possibleDuplicateCount: 1005 });
    expect(report.possibleDuplicates).toHaveLength(1000);
    expect(report.possibleDuplicates[0]).toMatchObject({ row: 2, name: '扎西0' });
    expect(report.possibleDuplicates.at(-1)).toMatchObject({ row: 1001, name: '扎西999' });
  });

  it('reads a rich-text name as its text', async () => {
    const bytes = await workbook([[{ richText: [{ text: '卓' }, { font: { bold: true }, text: '玛' }] }, '1', '女', 1980, null, null]]);
    const rows: string[] = [];
    await readRoster(bytes, async (chunk) => void rows.push(...chunk.map((row) => row.fields.name)));
    expect(rows).toEqual(['卓玛']);
  });
});

describe('the import’s temporary data', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'roster-temp-test-'));
    vi.stubEnv('TMPDIR', dir);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The files this process holds open that were unlinked: the shared strings while an import reads its rows. */
  const unlinkedOpenFiles = () =>
    readdirSync('/proc/self/fd').flatMap((fd) => {
      try {
        const target = readlinkSync(`/proc/self/fd/${fd}`);
        return target.startsWith(dir) && target.endsWith('(deleted)') ? [target] : [];
      } catch {
        return []; // closed meanwhile
      }
    });

  it('holds the shared strings in a file that is already unlinked while the rows are read, and closes it when the reading ends or the caller fails', async () => {
    const bytes = await workbook(generatedRows(2500, 700_000));
    const during: { onDisk: string[]; held: string[] }[] = [];
    await readRoster(bytes, async () => void during.push({ onDisk: readdirSync(dir), held: unlinkedOpenFiles() }));
    // Nothing in the folder even mid-import, so a SIGKILL there leaves nothing behind.
    expect(during[0]).toEqual({ onDisk: [], held: [expect.stringMatching(/shared-strings \(deleted\)$/)] });
    expect(unlinkedOpenFiles()).toEqual([]);
    await expect(
      readRoster(bytes, async () => {
        throw new Error('the database went away');
      }),
    ).rejects.toThrow('the database went away');
    expect(unlinkedOpenFiles()).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is gone after an import, a refused import, a refused header and a damaged sheet', async () => {
    const village = ctx.fixtures.achaVillage.id;
    expect((await send('import', await workbook(generatedRows(10, 800_000)), village)).json()).toMatchObject({ creates: 10, imported: true });
    expect(readdirSync(dir)).toEqual([]);
    expect((await send('import', await workbook([['', '1', '女', 1980, null, null]]), village)).json()).toMatchObject({ code: 'roster_rows_invalid' });
    expect(readdirSync(dir)).toEqual([]);
    expect((await send('import', await workbook([['卓玛', 'x']], ['姓名', '血型']), village)).json()).toMatchObject({ code: 'roster_columns_invalid' });
    expect(readdirSync(dir)).toEqual([]);
    // A deflate stream broken inside the sheet is refused, not waited on.
    const damaged = await workbook(generatedRows(2000, 900_000));
    damaged.fill(0xff, damaged.indexOf('xl/worksheets/sheet1.xml') + 3000, damaged.indexOf('xl/worksheets/sheet1.xml') + 3050);
    expect((await send('import', damaged, village)).json()).toMatchObject({ code: 'roster_file_invalid', field: 'file' });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('files that are not a roster', () => {
  it('refuses a renamed text file, a cut-off workbook and a zip bomb, writing nothing', async () => {
    const before = (await ctx.db.db.select().from(schema.farmers)).length;
    const good = await workbook([['卓玛', '1', '女', 1980, null, null]]);
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/worksheets/sheet1.xml', ' '.repeat(60 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    for (const bytes of [Buffer.from('姓名,户号\n卓玛,1\n'), good.subarray(0, Math.floor(good.length / 2)), bomb, Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(4000)])]) {
      const response = await send('import', bytes);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'roster_file_invalid', field: 'file' });
    }
    expect((await ctx.db.db.select().from(schema.farmers)).length).toBe(before);
  });

  it('refuses a file over 10 MB with 413', async () => {
    const zip = new JSZip();
    zip.file('xl/worksheets/sheet1.xml', randomBytes(11 * 1024 * 1024));
    const big = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
    const response = await send('check', big);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'roster_too_large', field: 'file' });
  });

  it('names a missing or unknown column', async () => {
    const missing = await send('check', await workbook([['1', '女']], ['户号', '性别']));
    expect(missing.json()).toMatchObject({ code: 'roster_columns_invalid', field: 'name' });
    const unknown = await send('check', await workbook([['卓玛', 'x']], ['姓名', '血型']));
    expect(unknown.json()).toMatchObject({ code: 'roster_columns_invalid', errors: [{ field: '血型', code: 'unknown' }] });
  });
});

describe('exports', () => {
  it('streams a session’s attendance list with names, villages and Shanghai times', async () => {
    const scheduling = await seedScheduling(ctx.db.db, ctx.fixtures);
    const session = (await ctx.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: admin.headers, payload: sessionBody(scheduling, ctx.fixtures) })).json().sessions[0];
    const [farmer] = await ctx.db.db.select().from(schema.farmers).where(and(eq(schema.farmers.villageId, ctx.fixtures.genga.id), eq(schema.farmers.name, '次仁旺堆')));
    await ctx.db.db.insert(schema.attendances).values({
      id: randomUUID(),
      sessionId: session.id,
      farmerId: farmer!.id,
      method: 'roster',
      deviceId: 'phone',
      recordedBy: scheduling.trainerId,
      checkedInAt: new Date('2031-03-04T01:05:00Z'),
    });
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions/${session.id}/attendance.xlsx`, headers: admin.headers });
    expect(response.statusCode).toBe(200);
    const rows = await readXlsx(response.rawPayload);
    expect(rows[0]).toEqual(['姓名', '村', '户号', '身份证后四位', '状态', '签到方式', '签到时间']);
    expect(rows[1]).toEqual(['次仁旺堆', '根呷村', '8', idOf(2).slice(-4), '出席', '名单勾选', '2031-03-04 09:05']);
    const secretary = await ctx.signIn('acha-secretary');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions/${session.id}/attendance.xlsx`, headers: secretary.headers })).statusCode).toBe(404);
  });
});

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { schema } from '@fieldschool/db';
import { localDateTime } from '@fieldschool/contracts/local-clock';
import { useTestApp, type Session } from './test-app.ts';
import { seedReports, type ReportFixtures } from './report-fixtures.ts';

const ctx = useTestApp('report-exports');
let data: ReportFixtures;
const as: Record<string, Session> = {};

beforeAll(async () => {
  data = await seedReports(ctx.db.db, ctx.fixtures);
  // A name a spreadsheet would run as a formula.
  const prankster = { id: randomUUID(), name: '=1+1', villageId: ctx.fixtures.genga.id, cardToken: randomUUID() };
  await ctx.db.db.insert(schema.farmers).values(prankster);
  await ctx.db.db.insert(schema.attendances).values({
    id: randomUUID(), sessionId: data.sessions.gengaMarch.id, farmerId: prankster.id, status: 'absent', method: 'roster', deviceId: 'x', recordedBy: data.trainers.trainer.id, checkedInAt: data.sessions.gengaMarch.endsAt,
  });
  for (const username of ['admin', 'hepo-admin']) as[username] = await ctx.signIn(username);
});

const get = (username: string, path: string) => ctx.app.inject({ method: 'GET', url: `/api/v1/reports/${path}`, headers: as[username]!.headers });

async function pdfText(bytes: Buffer): Promise<string[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  const pdf = await task.promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await task.destroy();
  return pages;
}

describe('report exports', () => {
  it('writes the filtered attendance list as CSV with formulas escaped', async () => {
    const response = await get('admin', 'attendances.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const text = response.body;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe('开始时间,乡镇,培训村,课程,主题,农民,农民所在村,性别,状态,签到方式,签到时间');
    // Every record of every status: 15 from the fixtures and one more.
    expect(lines).toHaveLength(1 + 16);
    expect(lines[1]).toBe('2031-03-04 09:00,河坡乡,根呷村,马铃薯规模化种植,农业技术,' + lines[1]!.split(',').slice(5).join(','));
    expect(lines.find((line) => line.includes('1+1'))).toContain(",'=1+1,");
    // PostgreSQL writes the times on the county's clock, as the app's own clock does.
    expect(lines.find((line) => line.includes('1+1'))!.split(',').at(-1)).toBe(localDateTime(new Date(data.sessions.gengaMarch.endsAt)));
  });

  it('writes the same list as an Excel workbook, the formula-like name as text', async () => {
    const response = await get('admin', 'attendances.xlsx?topic=agri_tech');
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('签到记录')!;
    // 马铃薯 sessions: 5 + 3 + 2 (cancelled, still listed) records.
    expect(sheet.rowCount).toBe(1 + 10);
    expect(sheet.getRow(1).getCell(6).value).toBe('农民');
    const cell = sheet.getColumn(6).values.find((value) => value === '=1+1');
    expect(cell).toBe('=1+1');
    let formulas = 0;
    sheet.eachRow((row) => row.eachCell((c) => (formulas += c.type === ExcelJS.ValueType.Formula ? 1 : 0)));
    expect(formulas).toBe(0);
  });

  it('keeps exports to the scope: a place outside it is a bad filter (400)', async () => {
    expect((await get('hepo-admin', `attendances.xlsx?orgUnitId=${ctx.fixtures.acha.id}`)).statusCode).toBe(400);
    expect((await get('hepo-admin', `attendances.csv?orgUnitId=${ctx.fixtures.achaVillage.id}`)).statusCode).toBe(400);
    expect((await get('hepo-admin', `summary.pdf?orgUnitId=${ctx.fixtures.acha.id}`)).statusCode).toBe(400);
    const hepo = (await get('hepo-admin', 'attendances.csv')).body.trim().split(/\r?\n/);
    expect(hepo.slice(1).every((line) => line.split(',')[1] === '河坡乡')).toBe(true);
    expect(hepo).toHaveLength(1 + 13);
  });

  it('prints a one-page summary in Chinese with the figures and two charts', async () => {
    const response = await get('admin', 'summary.pdf?from=2031-01-01&to=2031-12-31');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pages = await pdfText(response.rawPayload);
    expect(pages).toHaveLength(1);
    const text = pages[0]!.replace(/\s+/g, '');
    expect(text).toContain('白玉县农民培训工作统计');
    expect(text).toContain('2031-01-01至2031-12-31');
    expect(text).toContain('11人次/7人');
    expect(text).toContain('按月培训人次与人数');
    expect(text).toContain('各主题培训人次');
    expect(text).toContain('医疗卫生');
  });
});

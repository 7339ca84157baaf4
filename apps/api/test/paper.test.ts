import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { schema } from '@fieldschool/db';
import { completeIdNumber } from '@fieldschool/contracts';
import { useTestApp, type Session } from './test-app.ts';
import { renderPage, sheetPhoto } from './sheet-photos.ts';
import { seedScheduling, sessionBody, at } from './scheduling-fixtures.ts';


const ctx = useTestApp('paper');
let admin: Session;
let trainer: Session;
let scheduling: Awaited<ReturnType<typeof seedScheduling>>;
let sessionId: string;
let otherSessionId: string;
let sheetPdf: Buffer;

/** The text of every page, as pdf.js reads it back. */
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

const upload = (url: string, photo: Buffer, headers = trainer.headers) => {
  const boundary = '----paper' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="sheet.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return ctx.app.inject({ method: 'POST', url, payload, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } });
};
const printSheet = async (session: string, blankRows = 5) => {
  const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/sessions/${session}/sign-in-sheet.pdf?blankRows=${blankRows}`, headers: trainer.headers });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  return response.rawPayload;
};
const attendanceCount = async () => (await ctx.db.db.select().from(schema.attendances)).length;

beforeAll(async () => {
  scheduling = await seedScheduling(ctx.db.db, ctx.fixtures);
  admin = await ctx.signIn('admin');
  trainer = await ctx.signIn('trainer');
  const names = ['泽仁拉姆', '扎西多吉', '次仁旺堆', '白玛央宗', '格桑卓玛', '丹增', '尼玛次仁', '达瓦', '央金', '洛绒', '曲珍', '拉巴'];
  for (const [i, name] of names.entries()) {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/farmers',
      headers: admin.headers,
      payload: { villageId: i < 9 ? ctx.fixtures.genga.id : ctx.fixtures.mamen.id, name, householdNo: String(10 + i), idNumber: completeIdNumber(`51333519800101${String(100 + i)}`) },
    });
    expect(response.statusCode).toBe(201);
  }
  // A farmer of another township, not invited.
  await ctx.app.inject({ method: 'POST', url: '/api/v1/farmers', headers: admin.headers, payload: { villageId: ctx.fixtures.achaVillage.id, name: '阿察的农户' } });
  const create = async (overrides: Record<string, unknown>) => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: admin.headers, payload: sessionBody(scheduling, ctx.fixtures, overrides) });
    expect(response.statusCode).toBe(201);
    return response.json().sessions[0].id as string;
  };
  sessionId = await create({ targetVillageIds: [ctx.fixtures.genga.id, ctx.fixtures.mamen.id] });
  otherSessionId = await create({ startsAt: at('2031-03-05T09:00'), endsAt: at('2031-03-05T11:00') });
  await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/materials',
    headers: admin.headers,
    payload: { title: '马铃薯种植明白纸', topic: 'agri_tech', format: 'leaflet', courseIds: [scheduling.courseId] },
  });
  sheetPdf = await printSheet(sessionId);
});

describe('farmer QR cards', () => {
  it('prints 8 cards to an A4 page with name, village and household, and a QR code of the card token, never the ID number', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/villages/${ctx.fixtures.genga.id}/cards.pdf`, headers: admin.headers });
    expect(response.statusCode).toBe(200);
    const pages = await pdfText(response.rawPayload);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('泽仁拉姆');
    expect(pages[0]).toContain('河坡乡 根呷村');
    expect(pages[0]).toContain('户号：10');
    expect(pages.join('')).not.toMatch(/51333519800101/);
    const farmers = await ctx.db.db.select().from(schema.farmers).where(eq(schema.farmers.villageId, ctx.fixtures.genga.id));
    const raster = renderPage(response.rawPayload, 1, 150);
    const { data, info } = await sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: 1 } })
      .extract({ left: 0, top: 0, width: Math.floor(raster.width / 2), height: Math.floor(raster.height / 4) })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const code = jsQR(new Uint8ClampedArray(data), info.width, info.height)!;
    const first = farmers.find((f) => f.householdNo === '10')!;
    expect(code.data).toBe(first.cardToken);
  });

  it('reissues a lost card with a new token: the old one matches no farmer any more', async () => {
    const [farmer] = await ctx.db.db.select().from(schema.farmers).where(eq(schema.farmers.name, '扎西多吉'));
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/farmers/${farmer!.id}/card/reissue`, headers: admin.headers });
    expect(response.statusCode).toBe(200);
    const [after] = await ctx.db.db.select().from(schema.farmers).where(eq(schema.farmers.id, farmer!.id));
    expect(after!.cardToken).not.toBe(farmer!.cardToken);
    expect(await ctx.db.db.select().from(schema.farmers).where(eq(schema.farmers.cardToken, farmer!.cardToken))).toHaveLength(0);
    const chosen = await ctx.app.inject({ method: 'GET', url: `/api/v1/farmers/cards.pdf?ids=${farmer!.id}`, headers: admin.headers });
    expect((await pdfText(chosen.rawPayload))[0]).toContain('扎西多吉');
    const secretary = await ctx.signIn('acha-secretary');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/farmers/cards.pdf?ids=${farmer!.id}`, headers: secretary.headers })).json()).toMatchObject({ field: 'ids' });
  });
});

describe('the sign-in sheet', () => {
  it('is A4 in Chinese: course, date, village, trainer, a row per invited farmer with household and last 4 ID digits, materials, blank rows', async () => {
    const [page, ...more] = await pdfText(sheetPdf);
    expect(more).toEqual([]);
    const text = page!.replace(/\s+/g, '');
    for (const expected of ['签到表·马铃薯规模化种植', '2031年3月4日09:00–11:00', '河坡乡根呷村', '培训师：trainer', '泽仁拉姆', '拉巴', '马铃薯种植明白纸', '签名', '现场登记']) expect(text).toContain(expected);
    expect(text).not.toContain('阿察的农户');
    expect(text).toContain(completeIdNumber('51333519800101100').slice(-4));
    const [sheet] = await ctx.db.db.select().from(schema.paperSheets).where(eq(schema.paperSheets.sessionId, sessionId));
    expect(sheet!.rows).toHaveLength(1);
    expect(sheet!.rows[0]).toHaveLength(12 + 5);
    expect(sheet!.rows[0]!.slice(12)).toEqual([null, null, null, null, null]);
  });

  it('is printed only by the session’s trainers and the area’s admins', async () => {
    const secretary = await ctx.signIn('secretary');
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/sessions/${sessionId}/sign-in-sheet.pdf`, headers: secretary.headers })).statusCode).toBe(403);
  });
});

describe('reading a photographed sheet back', () => {
  const cases = [
    { name: 'straight', options: { signed: [0, 3, 7, 16] } },
    { name: 'turned 4°, smaller, grainy, lit from the left', options: { signed: [1, 2, 11], rotate: 4, scale: 0.85, noise: 12, unevenLight: 0.45, seed: 3 } },
    { name: 'turned −3°, larger, grainy', options: { signed: [5, 13, 14], rotate: -3, scale: 1.25, noise: 8, unevenLight: 0.25, seed: 5 } },
    { name: 'nothing signed', options: { signed: [], rotate: 2, noise: 10, seed: 9 } },
  ];
  for (const { name, options } of cases) {
    it(`finds exactly the signed rows: ${name}`, { timeout: 60_000 }, async () => {
      const response = await upload(`/api/v1/sessions/${sessionId}/paper/read`, await sheetPhoto(sheetPdf, options));
      expect(response.statusCode).toBe(200);
      const reading = response.json();
      expect(reading).toMatchObject({ page: 0, pageCount: 1 });
      expect(reading.rows).toHaveLength(17);
      expect(reading.rows.filter((row: { marked: boolean }) => row.marked).map((row: { row: number }) => row.row)).toEqual(options.signed);
      expect(Math.min(...reading.rows.map((row: { confidence: number }) => row.confidence))).toBeGreaterThan(0.6);
      expect(reading.rows[0]).toMatchObject({ number: 1, farmerName: '泽仁拉姆' });
    });
  }

  it('refuses another session’s sheet, a photo with no sheet and a blurred one, writing nothing', { timeout: 60_000 }, async () => {
    const before = await attendanceCount();
    const other = await upload(`/api/v1/sessions/${sessionId}/paper/read`, await sheetPhoto(await printSheet(otherSessionId), { signed: [0] }));
    expect(other.json()).toMatchObject({ status: 400, code: 'sheet_other_session' });
    const noise = Buffer.alloc(1200 * 1600);
    for (let i = 0; i < noise.length; i += 1) noise[i] = (i * 7919 + ((i / 1200) | 0) * 104729) % 251;
    const noSheet = await sharp(noise, { raw: { width: 1200, height: 1600, channels: 1 } }).jpeg().toBuffer();
    expect((await upload(`/api/v1/sessions/${sessionId}/paper/read`, noSheet)).json()).toMatchObject({ code: 'sheet_not_found', field: 'photo' });
    const blurred = await sheetPhoto(sheetPdf, { signed: [0], blur: 6 });
    expect((await upload(`/api/v1/sessions/${sessionId}/paper/read`, blurred)).json()).toMatchObject({ code: 'sheet_unreadable', field: 'photo' });
    expect((await upload(`/api/v1/sessions/${sessionId}/paper/read`, Buffer.from('not a picture'))).json()).toMatchObject({ code: 'file_type_unsupported' });
    expect(await attendanceCount()).toBe(before);
  });

  it('confirms the corrected rows as attendances; the same photo twice gives duplicates, not new rows; a blank row counts as a walk-in', { timeout: 60_000 }, async () => {
    const photo = await sheetPhoto(sheetPdf, { signed: [0, 4, 13], rotate: 1.5, noise: 6 });
    const confirmRead = async () => {
      const reading = (await upload(`/api/v1/sessions/${sessionId}/paper/read`, photo)).json();
      // The trainer adds row 6 by hand (a thumbprint too faint) before confirming.
      const rows = [...reading.rows.filter((row: { marked: boolean }) => row.marked).map((row: { row: number }) => row.row), 6];
      return (await ctx.app.inject({ method: 'POST', url: `/api/v1/sessions/${sessionId}/paper/confirm`, headers: trainer.headers, payload: { sheetId: reading.sheetId, page: 0, rows } })).json();
    };
    const before = await attendanceCount();
    const first = await confirmRead();
    expect(first.results.map((r: { row: number; result: string }) => [r.row, r.result])).toEqual([
      [0, 'created'],
      [4, 'created'],
      [6, 'created'],
    ]);
    expect(first.walkIns).toBe(1);
    expect(await attendanceCount()).toBe(before + 3);
    const second = await confirmRead();
    expect(second.results.map((r: { result: string }) => r.result)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await attendanceCount()).toBe(before + 3);
  });

  it('lists the printed sheets row by row for ticking by hand, and refuses a sheet of another session', async () => {
    const sheets = (await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions/${sessionId}/paper/sheets`, headers: trainer.headers })).json();
    expect(sheets.items[0].pages[0][2]).toMatchObject({ row: 2, number: 3, farmerName: expect.any(String) });
    const [other] = await ctx.db.db.select().from(schema.paperSheets).where(eq(schema.paperSheets.sessionId, otherSessionId));
    const refused = await ctx.app.inject({ method: 'POST', url: `/api/v1/sessions/${sessionId}/paper/confirm`, headers: trainer.headers, payload: { sheetId: other!.id, page: 0, rows: [0] } });
    expect(refused.json()).toMatchObject({ code: 'sheet_other_session' });
    const ticked = await ctx.app.inject({ method: 'POST', url: `/api/v1/sessions/${sessionId}/paper/confirm`, headers: trainer.headers, payload: { sheetId: sheets.items[0].id, page: 0, rows: [9] } });
    expect(ticked.json().results).toEqual([expect.objectContaining({ row: 9, result: 'created' })]);
  });
});

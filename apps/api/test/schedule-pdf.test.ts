import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import { SCHEDULE_FONT } from '../src/services/schedule-pdf.ts';
import { useTestApp } from './test-app.ts';
import { at, seedScheduling, sessionBody } from './scheduling-fixtures.ts';

const ctx = useTestApp('schedule-pdf');
let scheduling: Awaited<ReturnType<typeof seedScheduling>>;
let weekPdf: Buffer;

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

const print = (headers: Record<string, string>, query: string) => ctx.app.inject({ method: 'GET', url: `/api/v1/sessions/schedule.pdf?${query}`, headers });
const week = `from=${encodeURIComponent(at('2031-03-03T00:00'))}&to=${encodeURIComponent(at('2031-03-10T00:00'))}`;

beforeAll(async () => {
  scheduling = await seedScheduling(ctx.db.db, ctx.fixtures);
  const admin = await ctx.signIn('admin');
  const create = async (overrides: Record<string, unknown>) => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: admin.headers, payload: sessionBody(scheduling, ctx.fixtures, overrides) });
    expect(response.statusCode).toBe(201);
    return response.json().sessions[0].id as string;
  };
  await create({ startsAt: at('2031-03-04T09:00'), endsAt: at('2031-03-04T11:30'), trainerIds: [scheduling.trainerId, scheduling.trainer2Id] });
  // 00:30 in Shanghai is the evening before in UTC: it belongs to Thursday's page.
  await create({ startsAt: at('2031-03-06T00:30'), endsAt: at('2031-03-06T02:00'), villageId: ctx.fixtures.mamen.id, venue: '田间地头' });
  const [course] = (await ctx.db.pool.query(`INSERT INTO courses (title, topic, org_unit_id, created_by) VALUES ('新农合医保政策解读', 'healthcare', $1, $2) RETURNING id`, [ctx.fixtures.county.id, scheduling.adminId])).rows;
  await create({ courseId: course.id, startsAt: at('2031-03-05T14:00'), endsAt: at('2031-03-05T16:00'), villageId: ctx.fixtures.achaVillage.id, venue: '阿察村小学', trainerIds: [scheduling.trainer2Id] });
  const cancelled = await create({ startsAt: at('2031-03-07T09:00'), endsAt: at('2031-03-07T10:00') });
  await ctx.app.inject({ method: 'POST', url: `/api/v1/sessions/${cancelled}/cancel`, headers: admin.headers, payload: { reason: '大雪封山' } });
  // Outside the week: not printed.
  await create({ startsAt: at('2031-03-10T09:00'), endsAt: at('2031-03-10T10:00'), venue: '下周的场地' });
  const response = await print(admin.headers, week);
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  weekPdf = response.rawPayload;
});

describe('the printed schedule', () => {
  it('lists the week day by day in Asia/Shanghai time, with courses, villages, venues and trainers', async () => {
    const [page, ...more] = await pdfText(weekPdf);
    expect(more).toEqual([]);
    const text = page!.replace(/\s+/g, '');
    expect(text).toContain('培训日程表');
    expect(text).toContain('2031年3月3日至3月9日');
    const order = ['3月4日星期二', '09:00–11:30', '马铃薯规模化种植', '河坡乡根呷村', '村活动室', 'trainer、trainer2',
      '3月5日星期三', '14:00–16:00', '新农合医保政策解读', '阿察镇阿察村', '阿察村小学',
      '3月6日星期四', '00:30–02:00', '河坡乡马门村', '田间地头',
      '3月7日星期五', '【已取消】马铃薯规模化种植'];
    let from = 0;
    for (const piece of order) {
      const found = text.indexOf(piece, from);
      expect(found, `${piece} after position ${from}`).toBeGreaterThanOrEqual(from);
      from = found + piece.length;
    }
    expect(text).not.toContain('下周的场地');
    expect(text).toContain('共4场');
  });

  it('prints only what the filter and the reader’s area allow', async () => {
    const admin = await ctx.signIn('admin');
    const [township] = await pdfText((await print(admin.headers, `${week}&townshipId=${ctx.fixtures.acha.id}`)).rawPayload);
    expect(township).toContain('阿察镇');
    expect(township).toContain('新农合医保政策解读');
    expect(township).not.toContain('马铃薯');
    const [trainer] = await pdfText((await print(admin.headers, `${week}&trainerId=${scheduling.trainerId}`)).rawPayload);
    expect(trainer).toContain('培训师：trainer');
    expect(trainer).not.toContain('新农合');
    // The secretary of 根呷村 sees only the sessions in and for their village.
    const secretary = await ctx.signIn('secretary');
    const [own] = await pdfText((await print(secretary.headers, week)).rawPayload);
    expect(own).toContain('根呷村');
    expect(own).not.toContain('阿察村小学');
    const elsewhere = await print(secretary.headers, `${week}&villageId=${ctx.fixtures.achaVillage.id}`);
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json()).toMatchObject({ code: 'not_found', field: 'villageId' });
  });

  it('refuses a span that ends before it starts or is longer than six weeks', async () => {
    const admin = await ctx.signIn('admin');
    const backwards = await print(admin.headers, `from=${encodeURIComponent(at('2031-03-10T00:00'))}&to=${encodeURIComponent(at('2031-03-03T00:00'))}`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ code: 'query_invalid', field: 'to' });
    const year = await print(admin.headers, `from=${encodeURIComponent(at('2031-01-01T00:00'))}&to=${encodeURIComponent(at('2032-01-01T00:00'))}`);
    expect(year.statusCode).toBe(400);
    expect(year.json()).toMatchObject({ code: 'query_invalid', field: 'to' });
    expect((await print(admin.headers, `to=${encodeURIComponent(at('2031-03-03T00:00'))}`)).statusCode).toBe(400);
  });

  it('has a glyph for every Chinese character the demo county’s names, venues and courses are made of', async () => {
    const font = fontkit.openSync(SCHEDULE_FONT) as fontkit.Font;
    const seedFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/db/src/seed');
    const sources = [...(await readdir(seedFolder)).filter((name) => name.endsWith('.ts')).map((name) => path.join(seedFolder, name)), path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/seed-schedule.ts')];
    const characters = new Set<string>();
    for (const file of sources) for (const character of await readFile(file, 'utf8')) if (/\p{Script=Han}/u.test(character)) characters.add(character);
    expect(characters.size).toBeGreaterThan(200);
    expect([...characters].filter((character) => !font.hasGlyphForCodePoint(character.codePointAt(0)!)).join('')).toBe('');
  });

  const pdftoppm = (() => {
    try {
      execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!pdftoppm)('renders on A4 with ink on the page (pdftoppm, from poppler-utils)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fieldschool-schedule-'));
    try {
      const pdfFile = path.join(dir, 'week.pdf');
      await import('node:fs/promises').then((fs) => fs.writeFile(pdfFile, weekPdf));
      // 72 dpi: one pixel per point, so A4 is 595 × 842; grey, as a PGM that is easy to read.
      execFileSync('pdftoppm', ['-r', '72', '-gray', '-f', '1', '-l', '1', pdfFile, path.join(dir, 'page')]);
      if (process.env.KEEP_SCHEDULE_PNG) execFileSync('pdftoppm', ['-r', '100', '-png', '-f', '1', '-l', '1', pdfFile, process.env.KEEP_SCHEDULE_PNG]);
      const [image] = (await readdir(dir)).filter((name) => name.endsWith('.pgm'));
      const bytes = await readFile(path.join(dir, image!));
      const [, width, height] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 32).toString('latin1'))!.map(Number);
      expect(Math.abs(width! - 595)).toBeLessThanOrEqual(1);
      expect(Math.abs(height! - 842)).toBeLessThanOrEqual(1);
      const pixels = bytes.subarray(bytes.length - width! * height!);
      const dark = pixels.filter((value) => value < 128).length / pixels.length;
      // Text and rules of a short week cover about 1 % of the page: not blank, not a black page.
      expect(dark).toBeGreaterThan(0.004);
      expect(dark).toBeLessThan(0.2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

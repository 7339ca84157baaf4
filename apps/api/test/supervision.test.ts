import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { schema } from '@fieldschool/db';
import { DEFAULT_SECRETARY_SETTINGS } from '../src/config.ts';
import { score } from '../src/services/secretaries/supervision.ts';
import { useTestApp } from './test-app.ts';

const ctx = useTestApp('supervision');
const ids: Record<string, string> = {};

beforeAll(async () => {
  for (const user of await ctx.db.db.select({ id: schema.users.id, username: schema.users.username }).from(schema.users)) ids[user.username] = user.id;
  const entry = (workDate: string) => ({ id: randomUUID(), secretaryId: ids.secretary!, villageId: ctx.fixtures.genga.id, workDate, activities: ['household_visit'] });
  // 2026 Q3: July met (4 days), August short (2 days), September on leave.
  await ctx.db.db.insert(schema.workDayEntries).values(['2026-07-02', '2026-07-09', '2026-07-16', '2026-07-23', '2026-08-05', '2026-08-19'].map(entry));
  await ctx.db.db.insert(schema.secretaryLeaves).values({ secretaryId: ids.secretary!, month: '2026-09-01', reason: '党校培训', approvedBy: ids.admin! });
  await ctx.db.db.insert(schema.practicalMatters).values({ villageId: ctx.fixtures.genga.id, title: '通村路', category: 'road', status: 'done', doneOn: '2026-08-30' });
  const [course] = await ctx.db.db.insert(schema.courses).values({ title: '医保政策', topic: 'healthcare', orgUnitId: ctx.fixtures.county.id }).returning();
  await ctx.db.db.insert(schema.trainingSessions).values({
    courseId: course!.id,
    villageId: ctx.fixtures.genga.id,
    startsAt: new Date('2026-08-12T02:00:00Z'),
    endsAt: new Date('2026-08-12T04:00:00Z'),
    capacity: 40,
    status: 'completed',
    checkinSecret: randomUUID(),
  });
});

describe('supervision and evaluation (督导考评)', () => {
  it('scores from the published weights: days and entries per month (leave counts as met), a matter done and a session held', async () => {
    const admin = await ctx.signIn('admin');
    const rules = (await ctx.app.inject({ method: 'GET', url: '/api/v1/secretaries/evaluation-rules', headers: admin.headers })).json();
    expect(rules.criteria.map((c: { criterion: string; weight: number }) => `${c.criterion}=${c.weight}`)).toEqual(['days=40', 'logEntries=20', 'mattersDone=25', 'sessionsHeld=15']);
    const view = await ctx.app.inject({ method: 'GET', url: '/api/v1/supervision?year=2026&quarter=3', headers: admin.headers });
    expect(view.statusCode).toBe(200);
    const [genga, acha] = [view.json().rows.find((r: { secretaryId: string }) => r.secretaryId === ids.secretary), view.json().rows.find((r: { secretaryId: string }) => r.secretaryId === ids['acha-secretary'])];
    expect(genga).toMatchObject({
      villageName: '根呷村',
      months: [
        { month: '2026-07', days: 4, entries: 4, onLeave: false, shortfall: false },
        { month: '2026-08', days: 2, entries: 2, onLeave: false, shortfall: true },
        { month: '2026-09', days: 0, entries: 0, onLeave: true, shortfall: false },
      ],
      logEntries: 6,
      mattersDone: 1,
      sessionsHeld: 1,
      // 40 × 2.5/3 + 20 × 2.5/3 + 25 + 15
      score: 90,
    });
    expect(acha).toMatchObject({ score: 0, mattersDone: 0, sessionsHeld: 0 });
  });

  it('weights are settings: the same facts under other weights score otherwise', () => {
    const facts = { months: [{ days: 4, entries: 4, onLeave: false }, { days: 2, entries: 2, onLeave: false }], mattersDone: 0, sessionsHeld: 0, quarters: 1 };
    expect(score(DEFAULT_SECRETARY_SETTINGS, facts)).toBe(45);
    expect(score({ ...DEFAULT_SECRETARY_SETTINGS, weights: { days: 1, logEntries: 0, mattersDone: 0, sessionsHeld: 0 } }, facts)).toBe(75);
  });

  it("keeps the supervisor's comment per quarter, shows a township admin only their area, and refuses a trainer", async () => {
    const hepo = await ctx.signIn('hepo-admin');
    const saved = await ctx.app.inject({ method: 'PUT', url: `/api/v1/supervision/${ids.secretary}/comment`, headers: hepo.headers, payload: { year: 2026, quarter: 3, comment: '=HYPERLINK("http://x","入户走访扎实")' } });
    expect(saved.statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/v1/supervision/${ids['acha-secretary']}/comment`, headers: hepo.headers, payload: { year: 2026, quarter: 3, comment: '好' } })).statusCode).toBe(404);
    const view = (await ctx.app.inject({ method: 'GET', url: '/api/v1/supervision?year=2026&quarter=3', headers: hepo.headers })).json();
    expect(view.rows.map((r: { secretaryId: string }) => r.secretaryId)).toEqual([ids.secretary]);
    expect(view.rows[0].comment).toBe('=HYPERLINK("http://x","入户走访扎实")');
    const trainer = await ctx.signIn('trainer');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/supervision?year=2026', headers: trainer.headers })).statusCode).toBe(403);
  });

  it('exports the view to .xlsx, a comment that looks like a formula written as text', async () => {
    const admin = await ctx.signIn('admin');
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/supervision/export?year=2026&quarter=3', headers: admin.headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('2026年第3季度');
    expect(sheet.getRow(1).values).toContain('督导意见');
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const genga = rows.find((row) => row.includes('根呷村'))!;
    expect(genga).toContain(90);
    expect(genga).toContain('0（请假）');
    const commentCell = sheet.getRow(rows.indexOf(genga) + 1).getCell(sheet.columnCount);
    expect(commentCell.type).toBe(ExcelJS.ValueType.String);
    expect(commentCell.formula).toBeUndefined();
    expect(commentCell.value).toBe('=HYPERLINK("http://x","入户走访扎实")');
  });
});

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { useTestApp, type Session } from './test-app.ts';
import { seedReports, type ReportFixtures } from './report-fixtures.ts';
import { compareReports } from './report-harness.ts';
import { foldReportDeltas } from '../src/services/reports/fold-deltas.ts';

const ctx = useTestApp('reports');
let data: ReportFixtures;
const as: Record<string, Session> = {};

beforeAll(async () => {
  data = await seedReports(ctx.db.db, ctx.fixtures);
  for (const username of ['admin', 'hepo-admin', 'secretary', 'acha-secretary', 'trainer', 'report-trainer']) as[username] = await ctx.signIn(username);
});

const get = (username: string, path: string) => ctx.app.inject({ method: 'GET', url: `/api/v1/reports/${path}`, headers: as[username]!.headers });
const figures = async (username: string, query = '') => {
  const response = await get(username, `summary${query ? `?${query}` : ''}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().figures;
};

describe('report figures', () => {
  it('counts 人次 and 人 as the county reports them', async () => {
    const county = await figures('admin');
    // Present and late only, cancelled session left out: 3 + 2 + 3 + 3.
    expect(county.attendances).toBe(11);
    // 泽仁拉姆 came three times in two townships: one farmer.
    expect(county.farmers).toBe(8 - 1);
    expect(county).toMatchObject({ sessionsHeld: 5, sessionsPlanned: 1, sessionsCancelled: 1, materials: 19, villagesReached: 3, villagesTotal: 3, partyMemberAttendances: 6 });
    expect(county.householdCategories).toEqual({ dibao: 3, wubao: 2, monitored: 1 });
    // 2 h × 2 trainers + 2 h + 2.5 h + 2.5 h + 1 h
    expect(county.trainerHours).toBe(12);
  });

  it('does not add distinct farmers up across townships', async () => {
    const county = await figures('admin');
    const hepo = await figures('admin', `orgUnitId=${ctx.fixtures.hepo.id}`);
    const acha = await figures('admin', `orgUnitId=${ctx.fixtures.acha.id}`);
    expect(hepo.farmers + acha.farmers).toBe(county.farmers + 1);
    expect(hepo.attendances + acha.attendances).toBe(county.attendances);
  });

  it('puts a session that crosses midnight in the month and day it starts in Asia/Shanghai', async () => {
    const months = (await get('admin', 'by-month')).json().items;
    expect(months.map((row: { month: string }) => row.month)).toEqual(['2031-03', '2031-04', '2031-05', '2031-06']);
    // 4 March (3) + the session of 31 March 22:30 local (2).
    expect(months[0]).toMatchObject({ month: '2031-03', attendances: 5, sessionsHeld: 2 });
    // The 00:30 session of 1 April local time is 31 March in UTC: April's.
    expect(months[1]).toMatchObject({ month: '2031-04', attendances: 3, sessionsHeld: 1 });
    const lastDayOfMarch = await figures('admin', 'from=2031-03-31&to=2031-03-31');
    expect(lastDayOfMarch.attendances).toBe(2);
  });

  it('limits each role to its scope, and answers 404 outside it', async () => {
    expect((await figures('hepo-admin')).attendances).toBe(8);
    const secretary = await figures('secretary');
    expect(secretary).toMatchObject({ attendances: 5, villagesTotal: 1 });
    expect(secretary.householdCategories).not.toBeNull();
    const trainer = await figures('trainer');
    expect(trainer.attendances).toBe(3 + 2 + 3);
    expect(trainer.householdCategories).toBeNull();
    expect(trainer.trainerHours).toBe(2 + 2 + 2.5);
    const outside = await get('hepo-admin', `summary?orgUnitId=${ctx.fixtures.acha.id}`);
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ code: 'org_unit_invalid', field: 'orgUnitId' });
    expect((await get('secretary', `by-unit?orgUnitId=${ctx.fixtures.mamen.id}`)).statusCode).toBe(400);
    expect((await get('admin', 'summary?from=2031-13-01')).statusCode).toBe(400);
  });

  it('lists villages with their last held session', async () => {
    const villages = (await get('admin', 'by-unit?level=village')).json().items;
    const acha = villages.find((row: { id: string }) => row.id === ctx.fixtures.achaVillage.id);
    expect(acha).toMatchObject({ sessionsHeld: 2, attendances: 3, farmers: 3, lastSessionAt: data.sessions.achaEmpty.startsAt.toISOString() });
    const townships = (await get('admin', 'by-unit')).json().items;
    expect(townships.map((row: { name: string }) => row.name).sort()).toEqual(['河坡乡', '阿察镇'].sort());
  });

  it('agrees with plain SQL for every scope level and filter combination', async () => {
    const result = await compareReports(ctx.db.db, ctx.app);
    expect(result.viewers).toEqual(expect.arrayContaining(['admin', 'hepo-admin', 'secretary', 'trainer']));
    expect(result.mismatches).toEqual([]);
    expect(result.comparisons).toBeGreaterThan(500);
  });

  it('the comparison catches a rollup that is off by one', async () => {
    const bump = (by: number) => ctx.db.db.execute(sql`UPDATE report_session_stats SET attendances = attendances + ${by} WHERE session_id = ${data.sessions.achaMay.id}`);
    await bump(1);
    try {
      const result = await compareReports(ctx.db.db, ctx.app, { usernames: ['admin'], queries: [{}] });
      expect(result.mismatches.map((m) => `${m.endpoint}.${m.field}`)).toEqual(expect.arrayContaining(['summary.attendances', 'by-month[2031-05].attendances']));
    } finally {
      await bump(-1);
    }
  });

  it('stays exact whatever writer changes the raw rows', async () => {
    const db = ctx.db.db;
    // A status corrected on paper, a provisional farmer merged (attendances moved), a farmer's attributes, materials.
    await db.update(schema.attendances).set({ status: 'present' }).where(eq(schema.attendances.farmerId, data.farmers.yangzom.id));
    const walkIn = { id: randomUUID(), name: '央宗', villageId: ctx.fixtures.genga.id, cardToken: randomUUID(), provisional: true };
    await db.insert(schema.farmers).values(walkIn);
    await db.insert(schema.attendances).values({
      id: randomUUID(), sessionId: data.sessions.achaMay.id, farmerId: walkIn.id, status: 'present', method: 'walk_in', deviceId: 'phone', recordedBy: data.trainers.trainer.id, checkedInAt: new Date(),
    });
    await db.update(schema.attendances).set({ farmerId: data.farmers.yangzom.id }).where(eq(schema.attendances.farmerId, walkIn.id));
    await db.update(schema.farmers).set({ gender: 'male', partyMember: true, householdCategory: 'monitored' }).where(eq(schema.farmers.id, data.farmers.traveller.id));
    await db.delete(schema.materialDistributions).where(eq(schema.materialDistributions.sessionId, data.sessions.gengaMidnight.id));
    await db.delete(schema.attendances).where(eq(schema.attendances.farmerId, data.farmers.lobsang.id));
    await db.execute(sql`UPDATE training_sessions SET village_id = ${ctx.fixtures.mamen.id} WHERE id = ${data.sessions.achaEmpty.id}`);
    const county = await figures('admin');
    expect(county.attendances).toBe(11 + 1 + 1 - 1);
    expect(county.householdCategories).toEqual({ dibao: 0, wubao: 2, monitored: 4 });
    const result = await compareReports(ctx.db.db, ctx.app);
    expect(result.mismatches).toEqual([]);
  });

  it('folds the writers’ deltas into the rollup without changing a figure, while a writer is mid-transaction', async () => {
    const db = ctx.db.db;
    const deltas = async () =>
      ((await db.execute(sql`SELECT ((SELECT count(*) FROM report_session_deltas) + (SELECT count(*) FROM report_farmer_deltas))::int AS n`)).rows[0] as { n: number }).n;
    expect(await deltas()).toBeGreaterThan(0);
    const before = await figures('admin');

    // A check-in written but not committed while the fold runs: its delta is not the fold's to move.
    const walkIn = { id: randomUUID(), name: '次仁', villageId: ctx.fixtures.genga.id, cardToken: randomUUID(), provisional: true };
    await db.insert(schema.farmers).values(walkIn);
    const writer = await ctx.db.pool.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(
        `INSERT INTO attendances (id, session_id, farmer_id, status, method, device_id, recorded_by, checked_in_at) VALUES ($1, $2, $3, 'present', 'walk_in', 'phone', $4, now())`,
        [randomUUID(), data.sessions.achaMay.id, walkIn.id, data.trainers.trainer.id],
      );
      expect(await foldReportDeltas(db)).toBeGreaterThan(0);
      expect(await deltas()).toBe(0);
      expect(await figures('admin')).toEqual(before);
      await writer.query('COMMIT');
    } finally {
      writer.release();
    }
    // The session's delta, and one per key the new farmer is new to (county, township, village × periods × topics).
    const pending = await deltas();
    expect(pending).toBeGreaterThan(1);
    const after = await figures('admin');
    expect([after.attendances, after.farmers]).toEqual([before.attendances + 1, before.farmers + 1]);
    expect(await foldReportDeltas(db)).toBe(pending);
    expect(await deltas()).toBe(0);
    expect((await compareReports(ctx.db.db, ctx.app)).mismatches).toEqual([]);
  });

  it('counts a farmer once when two writers check them in to one month at once, and drops them once when both take it back', async () => {
    const db = ctx.db.db;
    const march = 'from=2031-03-01&to=2031-03-31';
    const before = await figures('admin', march);
    const farmer = { id: randomUUID(), name: '扎西拉姆', villageId: ctx.fixtures.genga.id, cardToken: randomUUID(), provisional: true };
    await db.insert(schema.farmers).values(farmer);
    const first = await ctx.db.pool.connect();
    const second = await ctx.db.pool.connect();
    // Each in its own transaction, the second begun before the first commits: neither sees the other's row when it writes.
    const race = async (statement: (sessionId: string) => [string, unknown[]]) => {
      await first.query('BEGIN');
      await second.query('BEGIN');
      await first.query(...statement(data.sessions.gengaMarch.id));
      const blocked = second.query(...statement(data.sessions.gengaMidnight.id));
      await first.query('COMMIT');
      await blocked;
      await second.query('COMMIT');
    };
    try {
      await race((sessionId) => [
        `INSERT INTO attendances (id, session_id, farmer_id, status, method, device_id, recorded_by, checked_in_at) VALUES ($1, $2, $3, 'present', 'walk_in', 'phone', $4, now())`,
        [randomUUID(), sessionId, farmer.id, data.trainers.trainer.id],
      ]);
      const both = await figures('admin', march);
      expect([both.attendances, both.farmers]).toEqual([before.attendances + 2, before.farmers + 1]);
      expect((await compareReports(ctx.db.db, ctx.app)).mismatches).toEqual([]);

      await race((sessionId) => [`DELETE FROM attendances WHERE session_id = $1 AND farmer_id = $2`, [sessionId, farmer.id]]);
      const neither = await figures('admin', march);
      expect([neither.attendances, neither.farmers]).toEqual([before.attendances, before.farmers]);
      expect((await compareReports(ctx.db.db, ctx.app)).mismatches).toEqual([]);
    } finally {
      first.release();
      second.release();
    }
  });

  it('keys the counted attendances again when a session, a course or a village changes', async () => {
    const db = ctx.db.db;
    const exact = async () => expect((await compareReports(ctx.db.db, ctx.app)).mismatches).toEqual([]);
    const session = (id: string, set: Partial<typeof schema.trainingSessions.$inferInsert>) => db.update(schema.trainingSessions).set(set).where(eq(schema.trainingSessions.id, id));
    // Cancelled, then held after all; the cancelled one restored.
    await session(data.sessions.gengaMarch.id, { status: 'cancelled' });
    await exact();
    await session(data.sessions.gengaMarch.id, { status: 'completed' });
    await session(data.sessions.cancelled.id, { status: 'completed' });
    await exact();
    // Moved to another month, village and course; a course's topic changed.
    await session(data.sessions.mamenApril.id, { startsAt: new Date('2031-06-30T17:00:00Z'), endsAt: new Date('2031-06-30T19:00:00Z'), villageId: ctx.fixtures.achaVillage.id, courseId: data.courses.insurance.id });
    await db.update(schema.courses).set({ topic: 'law' }).where(eq(schema.courses.id, data.courses.potato.id));
    await exact();
    // A village moved to another township (its path with it).
    const moved = `${ctx.fixtures.hepo.path}${ctx.fixtures.achaVillage.id}/`;
    await db.update(schema.orgUnits).set({ parentId: ctx.fixtures.hepo.id, path: moved }).where(eq(schema.orgUnits.id, ctx.fixtures.achaVillage.id));
    await exact();
    // An attendance moved to another session, one made counted and one not.
    await db.execute(sql`UPDATE attendances SET session_id = ${data.sessions.achaMay.id} WHERE session_id = ${data.sessions.gengaMarch.id} AND farmer_id = ${data.farmers.dorje.id}`);
    await db.execute(sql`UPDATE attendances SET status = CASE status WHEN 'excused' THEN 'late'::attendance_status ELSE 'absent'::attendance_status END
      WHERE session_id = ${data.sessions.gengaMarch.id}`);
    await exact();
  });
});

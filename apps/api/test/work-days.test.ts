import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import type { WorkDaySyncItem } from '@fieldschool/contracts';
import { DEFAULT_SECRETARY_SETTINGS } from '../src/config.ts';
import { workDayItems } from '../src/services/sync/work-day-items.ts';
import { daysAgo, principalOf, seedSecretarySessions } from './secretary-fixtures.ts';
import { useTestApp, type Session } from './test-app.ts';

const ctx = useTestApp('work-days');
let sessions: Awaited<ReturnType<typeof seedSecretarySessions>>;
let secretary: Session;
beforeAll(async () => {
  sessions = await seedSecretarySessions(ctx.db.db, ctx.fixtures);
  secretary = await ctx.signIn('secretary');
});

const entry = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  villageId: ctx.fixtures.genga.id,
  workDate: daysAgo(1),
  activities: ['household_visit'],
  note: '走访3户，了解医保缴费情况',
  householdNos: ['07', '12', '15'],
  sessionId: null,
  ...overrides,
});
const syncItem = (overrides: Record<string, unknown> = {}) => ({ kind: 'work_day', ...entry(overrides) }) as WorkDaySyncItem;
const post = (payload: Record<string, unknown>, headers = secretary.headers) => ctx.app.inject({ method: 'POST', url: '/api/v1/work-days', headers, payload });
const month = (date: string) => date.slice(0, 7);

describe('work days (POST /work-days)', () => {
  it('records a day with its session; the same id again is a no-op', async () => {
    const body = entry({ activities: ['training', 'meeting'], sessionId: sessions.gengaSessionId });
    const first = await post(body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ result: 'created', workDay: { id: body.id, sessionTitle: '牦牛养殖', householdNos: ['07', '12', '15'] } });
    const again = await post({ ...body, note: 'changed on the phone' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ result: 'duplicate', workDay: { note: body.note } });
    const rows = await ctx.db.db.select().from(schema.workDayEntries).where(eq(schema.workDayEntries.id, body.id));
    expect(rows).toHaveLength(1);
    const audit = await ctx.db.db.select().from(schema.auditLog).where(eq(schema.auditLog.entityId, body.id));
    expect(audit.map((row) => row.action)).toEqual(['work_day.create']);
  });

  it('counts two entries on one date as one day and keeps both', async () => {
    const date = daysAgo(2);
    const before = (await ctx.app.inject({ method: 'GET', url: `/api/v1/work-days?month=${month(date)}`, headers: secretary.headers })).json();
    expect((await post(entry({ workDate: date }))).statusCode).toBe(201);
    expect((await post(entry({ workDate: date, activities: ['matter'], note: '协调通村路' }))).statusCode).toBe(201);
    const after = (await ctx.app.inject({ method: 'GET', url: `/api/v1/work-days?month=${month(date)}`, headers: secretary.headers })).json();
    expect(after.progress.entries).toBe(before.progress.entries + 2);
    const sameDay = after.items.filter((item: { workDate: string }) => item.workDate === date);
    expect(sameDay).toHaveLength(2);
    const wasCounted = before.items.some((item: { workDate: string }) => item.workDate === date);
    expect(after.progress.days).toBe(before.progress.days + (wasCounted ? 0 : 1));
    expect(after.progress.required).toBe(4);
  });

  it('refuses a day in the future and one too far back, with the reason and the field', async () => {
    const future = await post(entry({ workDate: daysAgo(-1) }));
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ code: 'work_day_in_future', field: 'workDate' });
    const old = await post(entry({ workDate: daysAgo(DEFAULT_SECRETARY_SETTINGS.maxDaysBack + 1) }));
    expect(old.statusCode).toBe(400);
    expect(old.json()).toMatchObject({ code: 'work_day_too_old', field: 'workDate' });
    // The last day of the window is still open.
    expect((await post(entry({ workDate: daysAgo(DEFAULT_SECRETARY_SETTINGS.maxDaysBack) }))).statusCode).toBe(201);
  });

  it('answers 404 for another village, and refuses a session not held in the village', async () => {
    const other = await post(entry({ villageId: ctx.fixtures.achaVillage.id }));
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('not_found');
    const session = await post(entry({ sessionId: sessions.achaSessionId }));
    expect(session.statusCode).toBe(400);
    expect(session.json()).toMatchObject({ code: 'work_day_session_invalid', field: 'sessionId' });
  });

  it('is for secretaries only; a bad body names its field', async () => {
    const admin = await ctx.signIn('admin');
    expect((await post(entry(), admin.headers)).statusCode).toBe(403);
    const bad = await post(entry({ activities: ['dancing'] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toMatch(/^activities/);
  });

  it('lists a month to an admin of the area by secretary, 404 outside it and to other secretaries', async () => {
    const [row] = await ctx.db.db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.username, 'secretary'));
    const m = month(daysAgo(1));
    const admin = await ctx.signIn('hepo-admin');
    const seen = await ctx.app.inject({ method: 'GET', url: `/api/v1/work-days?month=${m}&secretaryId=${row!.id}`, headers: admin.headers });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().progress.secretaryId).toBe(row!.id);
    const [acha] = await ctx.db.db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.username, 'acha-secretary'));
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/work-days?month=${m}&secretaryId=${acha!.id}`, headers: admin.headers })).statusCode).toBe(404);
    const other = await ctx.signIn('acha-secretary');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/work-days?month=${m}&secretaryId=${row!.id}`, headers: other.headers })).statusCode).toBe(404);
    const trainer = await ctx.signIn('trainer');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/work-days?month=${m}`, headers: trainer.headers })).statusCode).toBe(403);
  });
});

describe('the work_day sync handler, inside a transaction', () => {
  const handler = workDayItems(DEFAULT_SECRETARY_SETTINGS);

  it('answers per item in order: created, duplicate, rejected; one rejected item does not fail the batch; the same batch twice answers the same', async () => {
    const principal = await principalOf(ctx.db.db, 'secretary');
    const good = syncItem();
    const future = syncItem({ workDate: daysAgo(-2) });
    const otherVillage = syncItem({ villageId: ctx.fixtures.achaVillage.id });
    const batch = [good, future, good, otherVillage];
    const run = () => ctx.db.db.transaction((tx) => handler.handle({ tx, principal, deviceId: 'phone-1', receivedAt: new Date() }, batch));
    const first = await run();
    expect(first).toEqual([
      { id: good.id, result: 'created', recordId: good.id },
      { id: future.id, result: 'rejected', reason: 'work_day_in_future' },
      { id: good.id, result: 'duplicate', recordId: good.id },
      { id: otherVillage.id, result: 'rejected', reason: 'not_found' },
    ]);
    const second = await run();
    expect(second[0]).toEqual({ id: good.id, result: 'duplicate', recordId: good.id });
    expect(second.slice(1)).toEqual(first.slice(1));
    const [row] = await ctx.db.db.select().from(schema.workDayEntries).where(eq(schema.workDayEntries.id, good.id));
    expect(row).toMatchObject({ deviceId: 'phone-1', villageId: ctx.fixtures.genga.id });
  });

  it('answers duplicate for an entry re-sent after its window closed, and refuses another secretary reusing its id', async () => {
    const principal = await principalOf(ctx.db.db, 'secretary');
    const item = syncItem({ workDate: daysAgo(3) });
    await ctx.db.db.transaction((tx) => handler.handle({ tx, principal, deviceId: 'phone-1', receivedAt: new Date() }, [item]));
    const later = new Date(Date.now() + 30 * 86_400_000);
    const [resent] = await ctx.db.db.transaction((tx) => handler.handle({ tx, principal, deviceId: 'phone-1', receivedAt: later }, [item]));
    expect(resent).toMatchObject({ result: 'duplicate' });
    const other = await principalOf(ctx.db.db, 'acha-secretary');
    const [stolen] = await ctx.db.db.transaction((tx) =>
      handler.handle({ tx, principal: other, deviceId: 'phone-2', receivedAt: new Date() }, [{ ...item, villageId: ctx.fixtures.achaVillage.id }]),
    );
    expect(stolen).toMatchObject({ result: 'rejected', reason: 'conflict' });
    expect(handler.roles).toEqual(['secretary']);
  });
});

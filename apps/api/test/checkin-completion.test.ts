import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { markAbsentees } from '../src/services/checkins/absent.ts';
import { useTestApp, type Session } from './test-app.ts';
import { at, item, scheduleSession, seedCheckin } from './checkin-fixtures.ts';

const ctx = useTestApp('checkin-completion');
let seeded: Awaited<ReturnType<typeof seedCheckin>>;
let admin: Session;
let trainer: Session;
beforeAll(async () => {
  seeded = await seedCheckin(ctx.db.db, ctx.fixtures);
  admin = await ctx.signIn('admin');
  trainer = await ctx.signIn('trainer');
});

const sync = (who: Session, items: unknown[], deviceId = 'phone-a') =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/checkins/sync', headers: who.headers, payload: { deviceId, items } });
const attendancesOf = (id: string) => ctx.db.db.select().from(schema.attendances).where(eq(schema.attendances.sessionId, id));
/** Moves a scheduled session into the past, as if its day had come and gone. */
const moveToPast = (id: string, daysAgo: number) => {
  const startsAt = new Date(Date.now() - daysAgo * 86_400_000);
  return ctx.db.db.update(schema.trainingSessions).set({ startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000) }).where(eq(schema.trainingSessions.id, id));
};

describe('completing a session', () => {
  it('marks every invited farmer without an attendance absent, once; a check-in synced afterwards replaces the absent', async () => {
    const id = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-08-05');
    const g = seeded.farmers.genga;
    await sync(trainer, [item(id, g[0]!, at('2031-08-05T09:00')), item(id, seeded.farmers.mamen[0]!, at('2031-08-05T09:00'))]);
    await moveToPast(id, 2);
    const [row] = await ctx.db.db.select().from(schema.trainingSessions).where(eq(schema.trainingSessions.id, id));
    const done = await ctx.app.inject({ method: 'POST', url: `/api/v1/sessions/${id}/status`, headers: trainer.headers, payload: { status: 'completed' } });
    expect(done.statusCode).toBe(200);
    const rows = await attendancesOf(id);
    // 5 in 根呷村 and 5 in 马门村 are invited; 阿察村 is not.
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r.status === 'absent')).toHaveLength(8);
    expect(rows.some((r) => seeded.farmers.acha.includes(r.farmerId))).toBe(false);
    expect(await markAbsentees(ctx.db.db, id, seeded.scheduling.adminId)).toBe(0);
    // The phone that was offline all day syncs after the session was completed.
    const late = item(id, g[1]!, row!.startsAt.toISOString());
    const response = await sync(trainer, [late], 'phone-offline');
    expect(response.json().results[0].result).toBe('merged');
    const [replaced] = await ctx.db.db.select().from(schema.attendances).where(and(eq(schema.attendances.sessionId, id), eq(schema.attendances.farmerId, g[1]!)));
    expect(replaced).toMatchObject({ status: 'present', deviceId: 'phone-offline', method: 'roster' });
    expect(replaced!.checkedInAt.toISOString()).toBe(row!.startsAt.toISOString());
  });
});

describe('POST /farmers/:id/merge', () => {
  it('moves a walk-in’s attendances into the farmer they are, keeps the earlier check-in where both attended, and both ids still resolve', async () => {
    const [s1, s2, s3] = [
      await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-09-02'),
      await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-09-03'),
      await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-09-04'),
    ];
    const real = seeded.farmers.mamen[2]!;
    const walkIn = { id: randomUUID(), name: '次仁多吉', villageId: ctx.fixtures.mamen.id, gender: 'male', birthYear: 1968 };
    const w1 = { id: randomUUID(), sessionId: s1, provisionalFarmer: walkIn, status: 'present', method: 'walk_in', checkedInAt: at('2031-09-02T09:00') };
    const w2 = item(s2!, walkIn.id, at('2031-09-03T09:02'), { method: 'walk_in' });
    const r2 = item(s2!, real, at('2031-09-03T09:40'), { method: 'qr_card' });
    const r3 = item(s3!, real, at('2031-09-04T09:00'));
    await sync(trainer, [w1]);
    await sync(trainer, [w2, r2, r3]);
    const trainerTry = await ctx.app.inject({ method: 'POST', url: `/api/v1/farmers/${walkIn.id}/merge`, headers: trainer.headers, payload: { intoId: real } });
    expect(trainerTry.statusCode).toBe(403);
    const self = await ctx.app.inject({ method: 'POST', url: `/api/v1/farmers/${walkIn.id}/merge`, headers: admin.headers, payload: { intoId: walkIn.id } });
    expect(self.json()).toMatchObject({ code: 'merge_invalid', field: 'intoId' });

    const merged = await ctx.app.inject({ method: 'POST', url: `/api/v1/farmers/${walkIn.id}/merge`, headers: admin.headers, payload: { intoId: real } });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toEqual({ id: walkIn.id, intoId: real, moved: 2, collapsed: 1 });
    // (The first test left them an absent at its session.)
    const ofReal = (await ctx.db.db.select().from(schema.attendances).where(eq(schema.attendances.farmerId, real))).filter((a) => [s1, s2, s3].includes(a.sessionId));
    expect(ofReal.map((a) => a.sessionId).sort()).toEqual([s1, s2, s3].sort());
    // At s2 the walk-in's 9:02 beat the card scan at 9:40.
    expect(ofReal.find((a) => a.sessionId === s2)).toMatchObject({ id: w2.id, method: 'walk_in' });
    expect(await ctx.db.db.select().from(schema.attendances).where(eq(schema.attendances.farmerId, walkIn.id))).toEqual([]);

    const gone = await ctx.app.inject({ method: 'GET', url: `/api/v1/farmers/${walkIn.id}`, headers: admin.headers });
    expect(gone.statusCode).toBe(200);
    expect(gone.json()).toMatchObject({ id: walkIn.id, mergedIntoId: real, provisional: true });
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/farmers/${real}`, headers: admin.headers })).json().mergedIntoId).toBeUndefined();
    // The removed attendance's check-in, sent again, is a duplicate of the one kept; one by the old id lands on the farmer merged into.
    expect((await sync(trainer, [r2])).json().results[0]).toEqual({ id: r2.id, result: 'duplicate', attendanceId: w2.id });
    const s4 = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-09-05');
    const byOldId = item(s4, walkIn.id, at('2031-09-05T09:00'));
    expect((await sync(trainer, [byOldId])).json().results[0].result).toBe('created');
    expect((await attendancesOf(s4))[0]!.farmerId).toBe(real);

    const [audit] = await ctx.db.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'farmer.merge'), eq(schema.auditLog.entityId, walkIn.id)));
    expect(audit!.after).toMatchObject({ intoId: real, moved: 2, collapsed: 1, removedAttendances: [r2.id] });
    const again = await ctx.app.inject({ method: 'POST', url: `/api/v1/farmers/${walkIn.id}/merge`, headers: admin.headers, payload: { intoId: real } });
    expect(again.json()).toMatchObject({ code: 'merge_invalid', field: 'id' });
  });

  it('is not found for a farmer outside the admin’s area', async () => {
    const hepoAdmin = await ctx.signIn('hepo-admin');
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/farmers/${seeded.farmers.acha[0]}/merge`, headers: hepoAdmin.headers, payload: { intoId: seeded.farmers.genga[4] } });
    expect(response.statusCode).toBe(404);
  });
});

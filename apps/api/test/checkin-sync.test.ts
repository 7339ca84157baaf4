import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { MAX_SYNC_ITEMS } from '@fieldschool/contracts';
import { useTestApp, type Session } from './test-app.ts';
import { at, item, scheduleSession, seedCheckin } from './checkin-fixtures.ts';

const ctx = useTestApp('checkin-sync');
let seeded: Awaited<ReturnType<typeof seedCheckin>>;
let admin: Session;
let trainer: Session;
let sessionId: string;
beforeAll(async () => {
  seeded = await seedCheckin(ctx.db.db, ctx.fixtures);
  admin = await ctx.signIn('admin');
  trainer = await ctx.signIn('trainer');
  sessionId = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-06');
});

const sync = (who: Session, items: unknown[], deviceId = 'phone-a') =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/checkins/sync', headers: who.headers, payload: { deviceId, items } });
const attendancesOf = (id: string) => ctx.db.db.select().from(schema.attendances).where(eq(schema.attendances.sessionId, id));

describe('POST /checkins/sync', () => {
  it('creates one attendance per item, in order, late after the course’s grace minutes, and the same batch again changes nothing', async () => {
    const [f1, f2, f3] = seeded.farmers.genga;
    const items = [
      item(sessionId, f1!, at('2031-05-06T08:55')),
      item(sessionId, f2!, at('2031-05-06T09:20'), { method: 'qr_card' }),
      item(sessionId, seeded.farmers.mamen[0]!, at('2031-05-06T09:10'), { status: 'excused', method: 'paper' }),
      item(sessionId, f3!, at('2031-05-06T09:15')),
    ];
    const first = await sync(trainer, items);
    expect(first.statusCode).toBe(200);
    expect(first.json().results).toEqual(items.map((i) => ({ id: i.id, result: 'created', attendanceId: i.id })));
    const rows = await attendancesOf(sessionId);
    const statusOf = (id: string) => rows.find((r) => r.farmerId === id)?.status;
    // 15 minutes of grace: 9:20 is late, 9:15 is not; excused stays excused.
    expect([statusOf(f1!), statusOf(f2!), statusOf(seeded.farmers.mamen[0]!), statusOf(f3!)]).toEqual(['present', 'late', 'excused', 'present']);
    expect(rows.find((r) => r.farmerId === f2)).toMatchObject({ method: 'qr_card', deviceId: 'phone-a' });

    const again = await sync(trainer, items);
    expect(again.json().results).toEqual(items.map((i) => ({ id: i.id, result: 'duplicate', attendanceId: i.id })));
    expect(await attendancesOf(sessionId)).toEqual(rows);
  });

  it('refuses 501 items with problem+json and writes nothing', async () => {
    const id = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-07');
    const items = Array.from({ length: MAX_SYNC_ITEMS + 1 }, () => item(id, seeded.farmers.genga[0]!, at('2031-05-07T09:00')));
    const response = await sync(trainer, items);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'validation_failed', field: 'items' });
    expect(await attendancesOf(id)).toEqual([]);
  });

  it('takes 500 items in one request', async () => {
    const id = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-08');
    const walkIns = Array.from({ length: MAX_SYNC_ITEMS }, (_, i) => ({
      id: randomUUID(),
      sessionId: id,
      provisionalFarmer: { id: randomUUID(), name: `扎西多吉${i}`, villageId: ctx.fixtures.mamen.id, gender: 'male', birthYear: 1970, phone: '13800000000' },
      status: 'present',
      method: 'walk_in',
      checkedInAt: at('2031-05-08T09:00'),
    }));
    const response = await sync(trainer, walkIns);
    expect(response.statusCode).toBe(200);
    expect(response.json().results.filter((r: { result: string }) => r.result === 'created')).toHaveLength(MAX_SYNC_ITEMS);
    expect(await attendancesOf(id)).toHaveLength(MAX_SYNC_ITEMS);
  });

  it('rejects a malformed item or an unknown kind on its own and takes the good ones around it', async () => {
    const id = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-09');
    const good1 = item(id, seeded.farmers.genga[0]!, at('2031-05-09T09:00'));
    const noStatus = { ...item(id, seeded.farmers.genga[1]!, at('2031-05-09T09:00')), status: 'asleep' };
    const badTime = item(id, seeded.farmers.genga[2]!, 'yesterday morning');
    const bothFarmers = item(id, seeded.farmers.genga[3]!, at('2031-05-09T09:00'), {
      provisionalFarmer: { id: randomUUID(), name: '次仁', villageId: ctx.fixtures.genga.id, gender: 'female', birthYear: 1980 },
    });
    const neither = { ...item(id, seeded.farmers.genga[3]!, at('2031-05-09T09:00')), farmerId: undefined };
    const extraField = { ...item(id, seeded.farmers.genga[4]!, at('2031-05-09T09:00')), password: 'x' };
    const otherKind = { id: randomUUID(), kind: 'weather_report', rain: true };
    const good2 = item(id, seeded.farmers.mamen[1]!, at('2031-05-09T09:05'));
    const response = await sync(trainer, [good1, noStatus, badTime, bothFarmers, neither, extraField, otherKind, good2]);
    expect(response.statusCode).toBe(200);
    expect(response.json().results.map((r: { result: string; reason?: string }) => r.reason ?? r.result)).toEqual([
      'created', 'invalid_item', 'invalid_item', 'invalid_item', 'invalid_item', 'invalid_item', 'kind_unknown', 'created',
    ]);
    expect((await attendancesOf(id)).map((a) => a.id).sort()).toEqual([good1.id, good2.id].sort());
  });

  it('rejects per item: a cancelled session, an unknown one, a farmer not invited or unknown, another trainer’s session, a time outside the window', async () => {
    const cancelled = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-12');
    const cancel = await ctx.app.inject({ method: 'POST', url: `/api/v1/sessions/${cancelled}/cancel`, headers: admin.headers, payload: { reason: '大雪封山' } });
    expect(cancel.statusCode).toBe(200);
    const others = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-13', { trainerIds: [seeded.scheduling.trainer2Id] });
    const open = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-14');
    const g = seeded.farmers.genga;
    const items = [
      item(cancelled, g[0]!, at('2031-05-12T09:00')),
      item(randomUUID(), g[0]!, at('2031-05-12T09:00')),
      item(open, seeded.farmers.acha[0]!, at('2031-05-14T09:00')),
      item(open, randomUUID(), at('2031-05-14T09:00')),
      item(others, g[0]!, at('2031-05-13T09:00')),
      // The window is 9:00–11:00 with 120 minutes either side.
      item(open, g[1]!, at('2031-05-14T06:59')),
      item(open, g[2]!, at('2031-05-14T13:01')),
      item(open, g[3]!, at('2031-05-14T12:59')),
      // A walk-in from a village the session does not invite.
      {
        id: randomUUID(), sessionId: open, status: 'present', method: 'walk_in', checkedInAt: at('2031-05-14T09:00'),
        provisionalFarmer: { id: randomUUID(), name: '拉姆', villageId: ctx.fixtures.achaVillage.id, gender: 'female', birthYear: 1990 },
      },
    ];
    const response = await sync(trainer, items);
    expect(response.json().results.map((r: { result: string; reason?: string }) => r.reason ?? r.result)).toEqual([
      'session_cancelled', 'session_not_found', 'farmer_not_invited', 'farmer_not_found', 'not_your_session',
      'outside_session_window', 'outside_session_window', 'created', 'farmer_not_invited',
    ]);
    expect(await attendancesOf(cancelled)).toEqual([]);
    expect(await attendancesOf(others)).toEqual([]);
    expect((await attendancesOf(open)).map((a) => a.farmerId)).toEqual([g[3]]);
    const walkIn = await ctx.db.db.select().from(schema.farmers).where(eq(schema.farmers.name, '拉姆'));
    expect(walkIn).toEqual([]);
  });

  it('lets an admin check in within their area only', async () => {
    const inHepo = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-15');
    const inAcha = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-16', { villageId: ctx.fixtures.achaVillage.id, targetVillageIds: [] });
    const hepoAdmin = await ctx.signIn('hepo-admin');
    const response = await sync(hepoAdmin, [item(inHepo, seeded.farmers.genga[0]!, at('2031-05-15T09:00')), item(inAcha, seeded.farmers.acha[0]!, at('2031-05-16T09:00'))], 'office-pc');
    expect(response.json().results.map((r: { result: string; reason?: string }) => r.reason ?? r.result)).toEqual(['created', 'not_your_session']);
  });

  it('refuses a whole batch with 403 when it holds a check-in from a secretary, and writes nothing', async () => {
    const id = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-19');
    const secretary = await ctx.signIn('secretary');
    const response = await sync(secretary, [item(id, seeded.farmers.genga[0]!, at('2031-05-19T09:00'))]);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'forbidden' });
    expect(await attendancesOf(id)).toEqual([]);
  });

  it('merges a second phone’s check-in of the same farmer into one attendance: the earliest time wins, both devices are audited', async () => {
    const id = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-20');
    const farmer = seeded.farmers.genga[0]!;
    const fromA = item(id, farmer, at('2031-05-20T09:30'));
    const fromB = item(id, farmer, at('2031-05-20T09:05'), { method: 'qr_card' });
    expect((await sync(trainer, [fromA], 'phone-a')).json().results[0]).toEqual({ id: fromA.id, result: 'created', attendanceId: fromA.id });
    expect((await sync(admin, [fromB], 'phone-b')).json().results[0]).toEqual({ id: fromB.id, result: 'merged', attendanceId: fromA.id });
    const [row, ...rest] = await attendancesOf(id);
    expect(rest).toEqual([]);
    // 9:05 is within the grace minutes: present, by phone B's card scan.
    expect(row).toMatchObject({ id: fromA.id, status: 'present', method: 'qr_card', deviceId: 'phone-b', checkedInAt: new Date(at('2031-05-20T09:05')) });
    const [merge] = await ctx.db.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'attendance.merge'), eq(schema.auditLog.entityId, fromA.id)));
    expect((merge!.after as { devices: string[] }).devices.sort()).toEqual(['phone-a', 'phone-b']);
    // Re-sending B's item is now a duplicate that names the same attendance.
    expect((await sync(admin, [fromB], 'phone-b')).json().results[0]).toEqual({ id: fromB.id, result: 'duplicate', attendanceId: fromA.id });
  });

  it('two phones syncing the same farmers at the same moment make one attendance each', async () => {
    const id = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-21');
    const farmers = [...seeded.farmers.genga, ...seeded.farmers.mamen];
    for (let round = 0; round < 5; round += 1) {
      const a = farmers.map((f) => item(id, f, at('2031-05-21T09:00')));
      const b = [...farmers].reverse().map((f) => item(id, f, at('2031-05-21T09:01')));
      const [ra, rb] = await Promise.all([sync(trainer, a, `a${round}`), sync(admin, b, `b${round}`)]);
      expect([ra.statusCode, rb.statusCode]).toEqual([200, 200]);
      const results = [...ra.json().results, ...rb.json().results] as { result: string; attendanceId: string }[];
      if (round === 0) expect(results.filter((r) => r.result === 'created')).toHaveLength(farmers.length);
      else expect(results.every((r) => r.result === 'merged')).toBe(true);
    }
    const rows = await attendancesOf(id);
    expect(rows).toHaveLength(farmers.length);
  });

  it('answers the same batch sent twice at the same moment (a re-send while the first is in flight) once as created, once as duplicate', async () => {
    const farmers = [...seeded.farmers.genga, ...seeded.farmers.mamen];
    // Several rounds: which of the two reaches each row first varies from run to run.
    for (const day of ['2031-06-16', '2031-06-17', '2031-06-18', '2031-06-19', '2031-06-20']) {
      const id = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, day);
      const batch = farmers.map((f) => item(id, f, at(`${day}T09:00`)));
      const [first, again] = await Promise.all([sync(trainer, batch), sync(trainer, batch)]);
      expect([first.statusCode, again.statusCode], `${first.body} ${again.body}`).toEqual([200, 200]);
      const answers = [first.json().results, again.json().results] as { id: string; result: string; attendanceId: string }[][];
      for (const [k, one] of batch.entries()) {
        expect(answers.map((results) => results[k]!.result).sort(), one.id).toEqual(['created', 'duplicate']);
        expect(answers.map((results) => results[k]!.attendanceId)).toEqual([one.id, one.id]);
      }
      expect(await attendancesOf(id)).toHaveLength(farmers.length);
    }
  });

  it('registers a walk-in as a provisional farmer under the phone’s id, once', async () => {
    const id = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-22');
    const walkIn = { id: randomUUID(), name: '泽仁拉姆', villageId: ctx.fixtures.mamen.id, gender: 'female', birthYear: 1985, phone: '13912345678' };
    const first = { id: randomUUID(), sessionId: id, provisionalFarmer: walkIn, status: 'present', method: 'walk_in', checkedInAt: at('2031-05-22T09:00') };
    expect((await sync(trainer, [first])).json().results[0].result).toBe('created');
    // Sent again (the ack was lost), and a later check-in of the same walk-in at another session by id.
    const next = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-23');
    const response = await sync(trainer, [first, item(next, walkIn.id, at('2031-05-23T09:00'))]);
    expect(response.json().results.map((r: { result: string }) => r.result)).toEqual(['duplicate', 'created']);
    const rows = await ctx.db.db.select().from(schema.farmers).where(eq(schema.farmers.id, walkIn.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: '泽仁拉姆', provisional: true, villageId: ctx.fixtures.mamen.id, namePinyinInitials: 'zrlm' });
    expect(rows[0]!.cardToken.length).toBeGreaterThan(10);
  });

  it('answers a re-sent item as a duplicate even after its session was cancelled', async () => {
    const id = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-05-26');
    const one = item(id, seeded.farmers.genga[0]!, at('2031-05-26T09:00'));
    await sync(trainer, [one]);
    await ctx.app.inject({ method: 'POST', url: `/api/v1/sessions/${id}/cancel`, headers: admin.headers, payload: { reason: '停电' } });
    expect((await sync(trainer, [one])).json().results[0]).toEqual({ id: one.id, result: 'duplicate', attendanceId: one.id });
    const [{ n }] = (await ctx.db.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM sync_receipts WHERE item_id = ${one.id}`)).rows as [{ n: number }];
    expect(n).toBe(1);
  });
});

describe('GET /sessions/:id/offline', () => {
  it('gives the roster of the invited villages, the materials, who is checked in, and the code secret to the session’s trainer', async () => {
    const id = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-06-02');
    const [material] = await ctx.db.db.insert(schema.materials).values({ title: '马铃薯种植手册', topic: 'agri_tech', orgUnitId: ctx.fixtures.county.id }).returning();
    await ctx.db.db.insert(schema.courseMaterials).values({ courseId: seeded.scheduling.courseId, materialId: material!.id }).onConflictDoNothing();
    await sync(trainer, [item(id, seeded.farmers.mamen[0]!, at('2031-06-02T09:00'))]);
    const now = Date.now();
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions/${id}/offline`, headers: trainer.headers });
    expect(response.statusCode).toBe(200);
    const bundle = response.json();
    expect(bundle.session).toMatchObject({ id, villageName: '根呷村', lateAfterMinutes: 15, courseTitle: '马铃薯规模化种植' });
    expect(bundle.villages.map((v: { name: string }) => v.name)).toEqual(['根呷村', '马门村']);
    const villagesOnRoster = new Set(bundle.roster.map((f: { villageId: string }) => f.villageId));
    expect(villagesOnRoster).toEqual(new Set([ctx.fixtures.genga.id, ctx.fixtures.mamen.id]));
    expect(bundle.roster.some((f: { id: string }) => seeded.farmers.acha.includes(f.id))).toBe(false);
    expect(Object.keys(bundle.roster[0]).sort()).toEqual(['cardToken', 'householdNo', 'id', 'idNumberLast4', 'name', 'namePinyin', 'namePinyinInitials', 'villageId']);
    expect(bundle.materials).toEqual([{ id: material!.id, title: '马铃薯种植手册' }]);
    expect(bundle.checkedIn).toEqual([{ farmerId: seeded.farmers.mamen[0], status: 'present', checkedInAt: at('2031-06-02T09:00') }]);
    expect(bundle.checkinSecret.length).toBeGreaterThan(20);
    const days = (Date.parse(bundle.expiresAt) - Date.parse(bundle.generatedAt)) / 86_400_000;
    expect(days).toBe(7);
    expect(Math.abs(Date.parse(bundle.generatedAt) - now)).toBeLessThan(60_000);
  });

  it('leaves out farmers merged away, keeps the secret from a trainer not on the session, and refuses secretaries', async () => {
    const id = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-06-03');
    const [gone] = await ctx.db.db
      .insert(schema.farmers)
      .values({ villageId: ctx.fixtures.genga.id, name: '重复登记', cardToken: randomUUID(), provisional: true, mergedIntoId: seeded.farmers.genga[0]! })
      .returning();
    const other = await ctx.signIn('trainer2');
    const bundle = (await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions/${id}/offline`, headers: other.headers })).json();
    expect(bundle.checkinSecret).toBe('');
    expect(bundle.roster.some((f: { id: string }) => f.id === gone!.id)).toBe(false);
    const secretary = await ctx.signIn('secretary');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions/${id}/offline`, headers: secretary.headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions/${randomUUID()}/offline`, headers: trainer.headers })).statusCode).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('documents the check-in api', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of ['/api/v1/checkins/sync', '/api/v1/sessions/{id}/offline', '/api/v1/self-checkin', '/api/v1/self-checkin/{id}', '/api/v1/farmers/{id}/merge']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { useTestApp } from './test-app.ts';
import { at, seedScheduling, sessionBody } from './scheduling-fixtures.ts';

const ctx = useTestApp('conflicts');
let scheduling: Awaited<ReturnType<typeof seedScheduling>>;
beforeAll(async () => {
  scheduling = await seedScheduling(ctx.db.db, ctx.fixtures);
});

const body = (overrides: Record<string, unknown> = {}) => sessionBody(scheduling, ctx.fixtures, overrides);
const create = (headers: Record<string, string>, payload: unknown) => ctx.app.inject({ method: 'POST', url: '/api/v1/sessions', headers, payload: payload as object });
const sessionsOn = async (day: string) =>
  (await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions?from=${at(`${day}T00:00`)}&to=${at(`${day}T23:59`)}`, headers: (await ctx.signIn('admin')).headers })).json().items;

describe('conflicts', () => {
  it('refuses the same trainer twice at once, listing the session it clashes with, and saves nothing', async () => {
    const trainer = await ctx.signIn('trainer');
    const first = (await create(trainer.headers, body({ startsAt: at('2031-05-05T09:00'), endsAt: at('2031-05-05T11:00') }))).json().sessions[0];
    const clash = await create(trainer.headers, body({ villageId: ctx.fixtures.mamen.id, venue: '小学', startsAt: at('2031-05-05T10:00'), endsAt: at('2031-05-05T12:00') }));
    expect(clash.statusCode).toBe(409);
    expect(clash.headers['content-type']).toContain('application/problem+json');
    expect(clash.json()).toMatchObject({ code: 'schedule_conflict', status: 409 });
    expect(clash.json().conflicts).toEqual([
      expect.objectContaining({ rule: 'trainer_overlap', sessionId: first.id, trainerId: scheduling.trainerId, plannedStartsAt: at('2031-05-05T10:00'), sessionVillageName: '根呷村' }),
    ]);
    expect(await sessionsOn('2031-05-05')).toHaveLength(1);
  });

  it('refuses the same venue twice at once, whoever the trainers; another venue in the village is fine', async () => {
    const admin = await ctx.signIn('admin');
    const first = (await create(admin.headers, body({ venue: '村活动室', startsAt: at('2031-05-06T09:00'), endsAt: at('2031-05-06T11:00') }))).json().sessions[0];
    const clash = await create(admin.headers, body({ venue: ' 村活动室 ', trainerIds: [scheduling.trainer2Id], startsAt: at('2031-05-06T10:30'), endsAt: at('2031-05-06T12:00') }));
    expect(clash.statusCode).toBe(409);
    expect(clash.json().conflicts).toEqual([expect.objectContaining({ rule: 'venue_overlap', sessionId: first.id, trainerId: null })]);
    const elsewhere = await create(admin.headers, body({ venue: '田间地头', trainerIds: [scheduling.trainer2Id], startsAt: at('2031-05-06T10:30'), endsAt: at('2031-05-06T12:00') }));
    expect(elsewhere.statusCode).toBe(201);
  });

  it('refuses too little time to drive to a far village, with the minutes missing; a near village an hour later is fine', async () => {
    const trainer = await ctx.signIn('trainer');
    const first = (await create(trainer.headers, body({ startsAt: at('2031-05-07T09:00'), endsAt: at('2031-05-07T11:00') }))).json().sessions[0];
    const estimate = (await ctx.app.inject({ method: 'GET', url: `/api/v1/travel-times/estimate?fromVillageId=${ctx.fixtures.genga.id}&toVillageId=${ctx.fixtures.achaVillage.id}`, headers: trainer.headers })).json();
    // About 66 km as the crow flies: some 3½ hours of mountain road, plus the 30-minute buffer.
    expect(estimate).toMatchObject({ source: 'estimate' });
    expect(estimate.distanceKm).toBeGreaterThan(60);
    expect(estimate.distanceKm).toBeLessThan(70);
    expect(estimate.minutes).toBe(Math.ceil((estimate.distanceKm * 1.6) / 30 * 60) + 30);

    const far = await create(trainer.headers, body({ villageId: ctx.fixtures.achaVillage.id, startsAt: at('2031-05-07T12:00'), endsAt: at('2031-05-07T13:00') }));
    expect(far.statusCode).toBe(409);
    expect(far.json().conflicts).toEqual([
      expect.objectContaining({ rule: 'travel_time', sessionId: first.id, trainerId: scheduling.trainerId, travelMinutes: estimate.minutes, minutesMissing: estimate.minutes - 60 }),
    ]);
    // The rule looks both ways: a session before the existing one needs the drive back too.
    const before = await create(trainer.headers, body({ villageId: ctx.fixtures.achaVillage.id, startsAt: at('2031-05-07T06:00'), endsAt: at('2031-05-07T07:00') }));
    expect(before.json().conflicts).toEqual([expect.objectContaining({ rule: 'travel_time', minutesMissing: estimate.minutes - 120 })]);
    const near = await create(trainer.headers, body({ villageId: ctx.fixtures.mamen.id, startsAt: at('2031-05-07T12:00'), endsAt: at('2031-05-07T13:00') }));
    expect(near.statusCode).toBe(201);
  });

  it('uses the township-to-township time an admin set, and the county buffer', async () => {
    const trainer = await ctx.signIn('trainer');
    await create(trainer.headers, body({ startsAt: at('2031-05-08T09:00'), endsAt: at('2031-05-08T11:00') }));
    const far = body({ villageId: ctx.fixtures.achaVillage.id, startsAt: at('2031-05-08T12:00'), endsAt: at('2031-05-08T13:00') });
    const check = async () => (await ctx.app.inject({ method: 'POST', url: '/api/v1/sessions/conflicts', headers: trainer.headers, payload: far })).json();
    expect((await check()).conflicts).toHaveLength(1);

    const admin = await ctx.signIn('admin');
    const pair = { townshipAId: ctx.fixtures.acha.id, townshipBId: ctx.fixtures.hepo.id };
    const set = await ctx.app.inject({ method: 'PUT', url: '/api/v1/travel-times/overrides', headers: admin.headers, payload: { ...pair, minutes: 25 } });
    expect(set.statusCode).toBe(200);
    expect(set.json().overrides).toEqual([expect.objectContaining({ minutes: 25 })]);
    // 25 minutes of road and the 30-minute buffer fit into the hour between.
    expect(await check()).toEqual({ occurrences: 1, conflicts: [] });
    await ctx.app.inject({ method: 'PUT', url: '/api/v1/travel-times/buffer', headers: admin.headers, payload: { bufferMinutes: 45 } });
    expect((await check()).conflicts).toEqual([expect.objectContaining({ rule: 'travel_time', travelMinutes: 70, minutesMissing: 10 })]);
    // Only a county admin sets the buffer; trainers set no travel times.
    const hepoAdmin = await ctx.signIn('hepo-admin');
    expect((await ctx.app.inject({ method: 'PUT', url: '/api/v1/travel-times/buffer', headers: hepoAdmin.headers, payload: { bufferMinutes: 5 } })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'PUT', url: '/api/v1/travel-times/overrides', headers: trainer.headers, payload: { ...pair, minutes: 1 } })).statusCode).toBe(403);

    const removed = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/travel-times/overrides?townshipAId=${pair.townshipBId}&townshipBId=${pair.townshipAId}`, headers: admin.headers });
    expect(removed.json().overrides).toEqual([]);
    await ctx.app.inject({ method: 'PUT', url: '/api/v1/travel-times/buffer', headers: admin.headers, payload: { bufferMinutes: 30 } });
    expect((await check()).conflicts).toHaveLength(1);
    expect(await sessionsOn('2031-05-08')).toHaveLength(1);
  });

  it('lets an admin save anyway with a reason, audited with the conflicts; a trainer may not', async () => {
    const admin = await ctx.signIn('admin');
    const first = (await create(admin.headers, body({ startsAt: at('2031-05-09T09:00'), endsAt: at('2031-05-09T11:00') }))).json().sessions[0];
    const draft = body({ villageId: ctx.fixtures.achaVillage.id, startsAt: at('2031-05-09T12:00'), endsAt: at('2031-05-09T13:00') });
    const trainer = await ctx.signIn('trainer');
    const refused = await create(trainer.headers, { ...draft, override: { reason: '我骑摩托' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'override_not_allowed', field: 'override' });

    const saved = await create(admin.headers, { ...draft, override: { reason: '县里派车，走新修的隧道' } });
    expect(saved.statusCode).toBe(201);
    const id = saved.json().sessions[0].id;
    const [audit] = await ctx.db.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'session.conflict_override'), eq(schema.auditLog.entityId, id)));
    expect(audit!.after).toMatchObject({ reason: '县里派车，走新修的隧道', conflicts: [expect.objectContaining({ rule: 'travel_time', sessionId: first.id })] });
  });

  it('refuses a whole series when one of its weeks clashes', async () => {
    const trainer = await ctx.signIn('trainer');
    const busy = (await create(trainer.headers, body({ villageId: ctx.fixtures.mamen.id, startsAt: at('2031-06-17T09:30'), endsAt: at('2031-06-17T10:30') }))).json().sessions[0];
    const series = await create(trainer.headers, body({ startsAt: at('2031-06-03T09:00'), endsAt: at('2031-06-03T11:00'), recurrence: { freq: 'weekly', count: 4 } }));
    expect(series.statusCode).toBe(409);
    expect(series.json().conflicts).toEqual([expect.objectContaining({ rule: 'trainer_overlap', sessionId: busy.id, plannedStartsAt: at('2031-06-17T09:00') })]);
    expect(await sessionsOn('2031-06-03')).toHaveLength(0);
    expect(await sessionsOn('2031-06-10')).toHaveLength(0);
  });

  it('checks a draft without saving, and a move against everything but the session moved', async () => {
    const trainer = await ctx.signIn('trainer');
    const a = (await create(trainer.headers, body({ startsAt: at('2031-07-01T09:00'), endsAt: at('2031-07-01T10:00') }))).json().sessions[0];
    const b = (await create(trainer.headers, body({ startsAt: at('2031-07-01T14:00'), endsAt: at('2031-07-01T15:00') }))).json().sessions[0];
    const check = await ctx.app.inject({ method: 'POST', url: '/api/v1/sessions/conflicts', headers: trainer.headers, payload: body({ startsAt: at('2031-07-01T09:30'), endsAt: at('2031-07-01T10:30') }) });
    expect(check.json()).toEqual({
      occurrences: 1,
      conflicts: [expect.objectContaining({ rule: 'trainer_overlap', sessionId: a.id }), expect.objectContaining({ rule: 'venue_overlap', sessionId: a.id })],
    });
    expect(await sessionsOn('2031-07-01')).toHaveLength(2);

    const nudge = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${a.id}`, headers: trainer.headers, payload: { startsAt: at('2031-07-01T09:30') } });
    expect(nudge.statusCode).toBe(200);
    expect(nudge.json().sessions[0]).toMatchObject({ startsAt: at('2031-07-01T09:30'), endsAt: at('2031-07-01T10:30') });
    const onto = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${a.id}`, headers: trainer.headers, payload: { startsAt: at('2031-07-01T14:30') } });
    expect(onto.statusCode).toBe(409);
    expect(onto.json().conflicts.map((c: { rule: string; sessionId: string }) => [c.rule, c.sessionId])).toEqual([['trainer_overlap', b.id], ['venue_overlap', b.id]]);
  });

  it('lets only one of two concurrent saves of the same trainer through', async () => {
    const trainer = await ctx.signIn('trainer');
    const payload = (village: string) => body({ villageId: village, venue: village, startsAt: at('2031-08-01T09:00'), endsAt: at('2031-08-01T10:00') });
    const answers = await Promise.all([create(trainer.headers, payload(ctx.fixtures.genga.id)), create(trainer.headers, payload(ctx.fixtures.mamen.id))]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    expect(await sessionsOn('2031-08-01')).toHaveLength(1);
  });

  it('frees the slot of a cancelled session', async () => {
    const trainer = await ctx.signIn('trainer');
    const first = (await create(trainer.headers, body({ startsAt: at('2031-08-05T09:00'), endsAt: at('2031-08-05T10:00') }))).json().sessions[0];
    await ctx.app.inject({ method: 'POST', url: `/api/v1/sessions/${first.id}/cancel`, headers: trainer.headers, payload: { reason: '大雪封路' } });
    expect((await create(trainer.headers, body({ startsAt: at('2031-08-05T09:00'), endsAt: at('2031-08-05T10:00') }))).statusCode).toBe(201);
  });
});

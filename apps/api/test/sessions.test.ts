import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { useTestApp } from './test-app.ts';
import { at, seedScheduling, sessionBody } from './scheduling-fixtures.ts';

const ctx = useTestApp('sessions');
let scheduling: Awaited<ReturnType<typeof seedScheduling>>;
beforeAll(async () => {
  scheduling = await seedScheduling(ctx.db.db, ctx.fixtures);
});

const post = (url: string, headers: Record<string, string>, payload: unknown) => ctx.app.inject({ method: 'POST', url, headers, payload: payload as object });
const body = (overrides: Record<string, unknown> = {}) => sessionBody(scheduling, ctx.fixtures, overrides);
const countSessions = async () => (await ctx.db.db.select({ id: schema.trainingSessions.id }).from(schema.trainingSessions)).length;

describe('sessions', () => {
  it('schedules a session with its trainers, target villages and notes, and audits it', async () => {
    const trainer = await ctx.signIn('trainer');
    const response = await post('/api/v1/sessions', trainer.headers, body({
      startsAt: at('2031-01-06T09:00'),
      endsAt: at('2031-01-06T11:30'),
      trainerIds: [scheduling.trainerId, scheduling.trainer2Id],
      targetVillageIds: [ctx.fixtures.genga.id, ctx.fixtures.mamen.id],
      notes: '带上种薯样品',
    }));
    expect(response.statusCode).toBe(201);
    const { series, sessions } = response.json();
    expect(series).toBeNull();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      courseTitle: '马铃薯规模化种植',
      topic: 'agri_tech',
      villageName: '根呷村',
      townshipName: '河坡乡',
      venue: '村活动室',
      capacity: 40,
      notes: '带上种薯样品',
      status: 'scheduled',
      startsAt: '2031-01-06T01:00:00.000Z',
      endsAt: '2031-01-06T03:30:00.000Z',
    });
    expect(sessions[0].trainers.map((t: { id: string }) => t.id).sort()).toEqual([scheduling.trainerId, scheduling.trainer2Id].sort());
    expect(sessions[0].targetVillages.map((v: { name: string }) => v.name).sort()).toEqual(['根呷村', '马门村'].sort());
    const [audit] = await ctx.db.db.select().from(schema.auditLog).where(eq(schema.auditLog.entityId, sessions[0].id));
    expect(audit).toMatchObject({ action: 'session.create', entity: 'session' });
  });

  describe('refuses bad input with problem+json naming the field, and saves nothing', () => {
    const cases: Array<[string, Record<string, unknown>, number, string, string]> = [
      ['end before start', { startsAt: at('2031-02-01T10:00'), endsAt: at('2031-02-01T09:00') }, 400, 'session_ends_before_start', 'endsAt'],
      ['longer than 12 hours', { startsAt: at('2031-02-01T06:00'), endsAt: at('2031-02-01T18:01') }, 400, 'session_too_long', 'endsAt'],
      ['capacity 0', { capacity: 0 }, 400, 'validation_failed', 'capacity'],
      ['capacity below 0', { capacity: -5 }, 400, 'validation_failed', 'capacity'],
      ['a count over 200', { recurrence: { freq: 'daily', count: 201 } }, 400, 'validation_failed', 'recurrence.count'],
      ['over 200 sessions until a date', { recurrence: { freq: 'daily', until: '2031-12-31' } }, 400, 'series_too_long', 'recurrence.until'],
      // Mondays only, ending on the Sunday before the first one.
      ['a series with no session', { startsAt: at('2031-03-04T09:00'), endsAt: at('2031-03-04T10:00'), recurrence: { freq: 'weekly', weekdays: ['MO'], until: '2031-03-09' } }, 400, 'series_empty', 'recurrence.until'],
      ['both until and count', { recurrence: { freq: 'weekly', until: '2031-06-01', count: 3 } }, 400, 'recurrence_invalid', 'recurrence.until'],
      ['an unknown course', { courseId: '00000000-0000-4000-8000-000000000000' }, 400, 'course_invalid', 'courseId'],
      ['an unknown village', { villageId: '00000000-0000-4000-8000-000000000000' }, 404, 'not_found', 'villageId'],
      ['a township instead of a village', { villageId: 'HEPO' }, 400, 'org_unit_invalid', 'villageId'],
    ];
    it.each(cases)('%s', async (_name, overrides, status, code, field) => {
      const admin = await ctx.signIn('admin');
      const before = await countSessions();
      const payload = body(overrides.villageId === 'HEPO' ? { villageId: ctx.fixtures.hepo.id } : overrides);
      const response = await post('/api/v1/sessions', admin.headers, payload);
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ code, field });
      expect(await countSessions()).toBe(before);
    });

    it('a village outside the trainer’s area is not found (as for farmers)', async () => {
      const hepoTrainer = await ctx.signIn('hepo-trainer');
      const response = await post('/api/v1/sessions', hepoTrainer.headers, body({ villageId: ctx.fixtures.achaVillage.id, trainerIds: [scheduling.hepoTrainerId] }));
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'not_found', field: 'villageId' });
      // An admin cannot send a trainer to a village outside that trainer's area either.
      const admin = await ctx.signIn('admin');
      const assigned = await post('/api/v1/sessions', admin.headers, body({ villageId: ctx.fixtures.achaVillage.id, trainerIds: [scheduling.hepoTrainerId] }));
      expect(assigned.json()).toMatchObject({ code: 'trainer_invalid', field: 'trainerIds' });
    });

    it('a trainer plans neither in the past nor for someone else', async () => {
      const trainer = await ctx.signIn('trainer');
      const past = await post('/api/v1/sessions', trainer.headers, body({ startsAt: at('2020-03-04T09:00'), endsAt: at('2020-03-04T10:00') }));
      expect(past.json()).toMatchObject({ code: 'session_in_past', field: 'startsAt' });
      const other = await post('/api/v1/sessions', trainer.headers, body({ trainerIds: [scheduling.trainer2Id] }));
      expect(other.statusCode).toBe(403);
    });
  });

  it('lets an admin back-fill past sessions as completed', async () => {
    const admin = await ctx.signIn('admin');
    const response = await post('/api/v1/sessions', admin.headers, body({ startsAt: at('2024-05-07T09:00'), endsAt: at('2024-05-07T11:00'), status: 'completed' }));
    expect(response.statusCode).toBe(201);
    expect(response.json().sessions[0].status).toBe('completed');
    const future = await post('/api/v1/sessions', admin.headers, body({ startsAt: at('2032-05-07T09:00'), endsAt: at('2032-05-07T11:00'), status: 'completed' }));
    // The back-fill form shows this next to the end time.
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ code: 'session_not_ended', field: 'endsAt' });
  });

  it('creates a weekly series whole, with one RRULE and a session per week', async () => {
    const trainer = await ctx.signIn('trainer');
    const response = await post('/api/v1/sessions', trainer.headers, body({
      villageId: ctx.fixtures.mamen.id,
      startsAt: at('2031-04-01T14:00'),
      endsAt: at('2031-04-01T16:00'),
      recurrence: { freq: 'weekly', weekdays: ['TU', 'TH'], count: 6 },
    }));
    expect(response.statusCode).toBe(201);
    const { series, sessions } = response.json();
    expect(series.rrule).toBe('FREQ=WEEKLY;BYDAY=TU,TH;WKST=MO;COUNT=6');
    expect(sessions.map((x: { startsAt: string }) => x.startsAt)).toEqual([
      '2031-04-01T06:00:00.000Z', '2031-04-03T06:00:00.000Z', '2031-04-08T06:00:00.000Z',
      '2031-04-10T06:00:00.000Z', '2031-04-15T06:00:00.000Z', '2031-04-17T06:00:00.000Z',
    ]);
    const detail = await ctx.app.inject({ method: 'GET', url: `/api/v1/series/${series.id}`, headers: trainer.headers });
    expect(detail.json().sessions).toHaveLength(6);
  });

  it('edits one occurrence, then this and all following, splitting the series', async () => {
    const trainer = await ctx.signIn('trainer');
    const created = (await post('/api/v1/sessions', trainer.headers, body({
      startsAt: at('2031-09-01T09:00'),
      endsAt: at('2031-09-01T11:00'),
      venue: '田间地头',
      recurrence: { freq: 'weekly', count: 5 },
    }))).json();
    const [first, second, third] = created.sessions;
    const one = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${second.id}`, headers: trainer.headers, payload: { venue: '学校', reason: '下雨' } });
    expect(one.statusCode).toBe(200);
    expect(one.json().sessions.map((x: { venue: string }) => x.venue)).toEqual(['学校']);

    // Move the third and later one day on, an hour later.
    const moved = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/sessions/${third.id}`,
      headers: trainer.headers,
      payload: { scope: 'following', startsAt: at('2031-09-16T10:00'), endsAt: at('2031-09-16T12:00') },
    });
    expect(moved.statusCode).toBe(200);
    const saved = moved.json();
    expect(saved.sessions.map((x: { startsAt: string }) => x.startsAt)).toEqual(['2031-09-16T02:00:00.000Z', '2031-09-23T02:00:00.000Z', '2031-09-30T02:00:00.000Z']);
    expect(saved.series.id).not.toBe(created.series.id);
    expect(saved.series.rrule).toBe('FREQ=WEEKLY;BYDAY=TU;WKST=MO;COUNT=3');
    const old = (await ctx.app.inject({ method: 'GET', url: `/api/v1/series/${created.series.id}`, headers: trainer.headers })).json();
    expect(old.sessions.map((x: { id: string }) => x.id)).toEqual([first.id, second.id]);
    expect(old.rrule).toBe('FREQ=WEEKLY;BYDAY=MO;WKST=MO;UNTIL=20310915T005959Z');
  });

  it('cancels with a reason, then refuses to edit the cancelled or a completed session', async () => {
    const admin = await ctx.signIn('admin');
    const created = (await post('/api/v1/sessions', admin.headers, body({ startsAt: at('2031-10-06T09:00'), endsAt: at('2031-10-06T10:00'), recurrence: { freq: 'daily', count: 3 } }))).json();
    const cancel = await post(`/api/v1/sessions/${created.sessions[1].id}/cancel`, admin.headers, { reason: '道路塌方', scope: 'following' });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().sessions.map((x: { status: string; cancelReason: string }) => [x.status, x.cancelReason])).toEqual([['cancelled', '道路塌方'], ['cancelled', '道路塌方']]);
    const edit = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${created.sessions[1].id}`, headers: admin.headers, payload: { capacity: 10 } });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'session_not_editable', field: 'status' });

    const backfilled = (await post('/api/v1/sessions', admin.headers, body({ startsAt: at('2024-06-03T09:00'), endsAt: at('2024-06-03T10:00'), status: 'completed' }))).json();
    const late = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${backfilled.sessions[0].id}`, headers: admin.headers, payload: { notes: 'x' } });
    expect(late.json()).toMatchObject({ code: 'session_not_editable', field: 'status' });
    const restart = await post(`/api/v1/sessions/${backfilled.sessions[0].id}/status`, admin.headers, { status: 'in_progress' });
    expect(restart.json()).toMatchObject({ code: 'status_transition_invalid', field: 'status' });
  });

  it('moves scheduled → in progress → completed, and not back', async () => {
    const admin = await ctx.signIn('admin');
    const now = Date.now();
    const created = (await post('/api/v1/sessions', admin.headers, body({ startsAt: new Date(now - 30 * 60_000).toISOString(), endsAt: new Date(now + 30 * 60_000).toISOString() }))).json();
    const id = created.sessions[0].id;
    const start = await post(`/api/v1/sessions/${id}/status`, admin.headers, { status: 'in_progress' });
    expect(start.json().status).toBe('in_progress');
    const done = await post(`/api/v1/sessions/${id}/status`, admin.headers, { status: 'completed' });
    expect(done.json().status).toBe('completed');
    const again = await post(`/api/v1/sessions/${id}/status`, admin.headers, { status: 'in_progress' });
    expect(again.statusCode).toBe(409);
  });

  describe('permission scopes', () => {
    it('a secretary reads the sessions in and for their village, and changes none', async () => {
      const admin = await ctx.signIn('admin');
      const elsewhere = (await post('/api/v1/sessions', admin.headers, body({ villageId: ctx.fixtures.achaVillage.id, trainerIds: [scheduling.trainer2Id], startsAt: at('2031-11-03T09:00'), endsAt: at('2031-11-03T10:00') }))).json().sessions[0];
      const invited = (await post('/api/v1/sessions', admin.headers, body({ villageId: ctx.fixtures.mamen.id, targetVillageIds: [ctx.fixtures.mamen.id, ctx.fixtures.genga.id], startsAt: at('2031-11-04T09:00'), endsAt: at('2031-11-04T10:00') }))).json().sessions[0];
      const secretary = await ctx.signIn('secretary');
      const list = (await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions?from=${at('2031-11-01T00:00')}&to=${at('2031-11-30T00:00')}`, headers: secretary.headers })).json();
      const ids = list.items.map((x: { id: string }) => x.id);
      expect(ids).toContain(invited.id);
      expect(ids).not.toContain(elsewhere.id);
      expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions/${elsewhere.id}`, headers: secretary.headers })).statusCode).toBe(404);
      const edit = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${invited.id}`, headers: secretary.headers, payload: { notes: 'x' } });
      expect(edit.statusCode).toBe(403);
      expect((await post('/api/v1/sessions', secretary.headers, body())).statusCode).toBe(403);
    });

    it('a trainer changes only their own sessions; an admin all in their area, none outside it', async () => {
      const admin = await ctx.signIn('admin');
      const others = (await post('/api/v1/sessions', admin.headers, body({ trainerIds: [scheduling.trainer2Id], startsAt: at('2031-12-01T09:00'), endsAt: at('2031-12-01T10:00') }))).json().sessions[0];
      const acha = (await post('/api/v1/sessions', admin.headers, body({ villageId: ctx.fixtures.achaVillage.id, trainerIds: [scheduling.trainer2Id], startsAt: at('2031-12-02T09:00'), endsAt: at('2031-12-02T10:00') }))).json().sessions[0];
      const trainer = await ctx.signIn('trainer');
      expect((await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${others.id}`, headers: trainer.headers, payload: { notes: 'x' } })).statusCode).toBe(403);
      const hepoAdmin = await ctx.signIn('hepo-admin');
      expect((await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${others.id}`, headers: hepoAdmin.headers, payload: { notes: '乡里改的' } })).statusCode).toBe(200);
      expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions/${acha.id}`, headers: hepoAdmin.headers })).statusCode).toBe(404);
      expect((await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${acha.id}`, headers: hepoAdmin.headers, payload: { notes: 'x' } })).statusCode).toBe(404);
    });
  });

  it('lists a month by township, village, trainer and topic, paged by cursor without repeats', async () => {
    const admin = await ctx.signIn('admin');
    const created = (await post('/api/v1/sessions', admin.headers, body({ trainerIds: [scheduling.hepoTrainerId], startsAt: at('2032-01-05T09:00'), endsAt: at('2032-01-05T10:00'), recurrence: { freq: 'daily', count: 7 } }))).json();
    const month = `from=${at('2032-01-01T00:00')}&to=${at('2032-02-01T00:00')}`;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = (await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions?${month}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, headers: admin.headers })).json();
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(created.sessions.map((x: { id: string }) => x.id));
    const count = async (filter: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions?${month}&${filter}`, headers: admin.headers })).json().items.length;
    expect(await count(`townshipId=${ctx.fixtures.hepo.id}`)).toBe(7);
    expect(await count(`townshipId=${ctx.fixtures.acha.id}`)).toBe(0);
    expect(await count(`villageId=${ctx.fixtures.genga.id}`)).toBe(7);
    expect(await count(`trainerId=${scheduling.hepoTrainerId}`)).toBe(7);
    expect(await count(`trainerId=${scheduling.trainerId}`)).toBe(0);
    expect(await count('topic=agri_tech')).toBe(7);
    expect(await count('topic=law')).toBe(0);
    // A session already under way when the range begins is in it.
    const underway = (await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions?from=${at('2032-01-05T09:30')}&to=${at('2032-01-05T09:45')}`, headers: admin.headers })).json();
    expect(underway.items.map((x: { id: string }) => x.id)).toEqual([created.sessions[0].id]);
  });

  it('documents the scheduling api, with the conflicts of a 409', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of ['/api/v1/courses', '/api/v1/sessions', '/api/v1/sessions/conflicts', '/api/v1/sessions/{id}', '/api/v1/series/{id}', '/api/v1/travel-times', '/api/v1/feed-tokens', '/api/v1/feeds/{token}']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(JSON.stringify(doc.paths['/api/v1/sessions'].post.responses['409'])).toContain('minutesMissing');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { useTestApp } from './test-app.ts';
import { at, seedScheduling, sessionBody } from './scheduling-fixtures.ts';

const ctx = useTestApp('feeds');
let scheduling: Awaited<ReturnType<typeof seedScheduling>>;
beforeAll(async () => {
  scheduling = await seedScheduling(ctx.db.db, ctx.fixtures);
});

const body = (overrides: Record<string, unknown> = {}) => sessionBody(scheduling, ctx.fixtures, overrides);
const post = (url: string, headers: Record<string, string>, payload: unknown) => ctx.app.inject({ method: 'POST', url, headers, payload: payload as object });
/** The feed as a phone fetches it: no cookie, just the URL. */
const fetchFeed = (url: string) => ctx.app.inject({ method: 'GET', url: new URL(url).pathname });

interface Occurrence {
  start: string;
  end: string;
  status: string;
  location: string;
}

/** Every event of a feed as a calendar app would show it: recurrences expanded, exceptions applied, times in UTC. */
function occurrencesIn(ics: string, until: Date): Occurrence[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
  const exceptions = events.filter((event) => event.isRecurrenceException());
  const found: Occurrence[] = [];
  const describe = (event: ICAL.Event, start: ICAL.Time, end: ICAL.Time) => ({
    start: start.toJSDate().toISOString(),
    end: end.toJSDate().toISOString(),
    status: String(event.component.getFirstPropertyValue('status') ?? ''),
    location: event.location,
  });
  for (const event of events.filter((e) => !e.isRecurrenceException())) {
    if (!event.isRecurring()) {
      found.push(describe(event, event.startDate, event.endDate));
      continue;
    }
    for (const exception of exceptions.filter((e) => e.uid === event.uid)) event.relateException(exception);
    const iterator = event.iterator();
    for (let next = iterator.next(); next && next.toJSDate() < until; next = iterator.next()) {
      const details = event.getOccurrenceDetails(next);
      found.push(describe(details.item, details.startDate, details.endDate));
    }
  }
  return found.sort((a, b) => a.start.localeCompare(b.start));
}

describe('calendar feeds', () => {
  it('gives a trainer’s series as one recurring event with its moved, changed and cancelled sessions, parsed back by ical.js', async () => {
    const trainer = await ctx.signIn('trainer');
    const { sessions } = (await post('/api/v1/sessions', trainer.headers, body({ startsAt: at('2031-03-03T09:00'), endsAt: at('2031-03-03T11:00'), recurrence: { freq: 'weekly', count: 5 } }))).json();
    const single = (await post('/api/v1/sessions', trainer.headers, body({ villageId: ctx.fixtures.mamen.id, venue: '小学', startsAt: at('2031-03-05T14:00'), endsAt: at('2031-03-05T15:30') }))).json().sessions[0];
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${sessions[1].id}`, headers: trainer.headers, payload: { startsAt: at('2031-03-11T15:00') } });
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${sessions[2].id}`, headers: trainer.headers, payload: { venue: '田间地头' } });
    await post(`/api/v1/sessions/${sessions[3].id}/cancel`, trainer.headers, { reason: '大雪封山' });

    const created = await post('/api/v1/feed-tokens', trainer.headers, { kind: 'trainer', subjectId: scheduling.trainerId });
    expect(created.statusCode).toBe(201);
    const feed = await fetchFeed(created.json().url);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.body).toContain('BEGIN:VTIMEZONE');
    expect(feed.body).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
    expect(feed.body).not.toMatch(/\r\n(DTSTAMP|LAST-MODIFIED):\d{8}T\d{6}\r\n/);
    expect(feed.body).toContain('DTSTART;TZID=Asia/Shanghai:20310303T090000');
    expect(feed.body).toContain('RRULE:FREQ=WEEKLY;BYDAY=MO;WKST=MO;COUNT=5');

    expect(occurrencesIn(feed.body, new Date('2032-01-01'))).toEqual([
      { start: at('2031-03-03T09:00'), end: at('2031-03-03T11:00'), status: 'CONFIRMED', location: '河坡乡 根呷村 村活动室' },
      { start: at('2031-03-05T14:00'), end: at('2031-03-05T15:30'), status: 'CONFIRMED', location: '河坡乡 马门村 小学' },
      { start: at('2031-03-11T15:00'), end: at('2031-03-11T17:00'), status: 'CONFIRMED', location: '河坡乡 根呷村 村活动室' },
      { start: at('2031-03-17T09:00'), end: at('2031-03-17T11:00'), status: 'CONFIRMED', location: '河坡乡 根呷村 田间地头' },
      { start: at('2031-03-24T09:00'), end: at('2031-03-24T11:00'), status: 'CANCELLED', location: '河坡乡 根呷村 村活动室' },
      { start: at('2031-03-31T09:00'), end: at('2031-03-31T11:00'), status: 'CONFIRMED', location: '河坡乡 根呷村 村活动室' },
    ]);
    expect(single.id).toBeTruthy();
  });

  it('keeps a split series true: the moved part is its own rule', async () => {
    const trainer = await ctx.signIn('trainer');
    const { sessions } = (await post('/api/v1/sessions', trainer.headers, body({ startsAt: at('2031-06-02T09:00'), endsAt: at('2031-06-02T10:00'), recurrence: { freq: 'weekly', count: 4 } }))).json();
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${sessions[2].id}`, headers: trainer.headers, payload: { scope: 'following', startsAt: at('2031-06-17T13:00') } });
    const url = (await post('/api/v1/feed-tokens', trainer.headers, { kind: 'trainer', subjectId: scheduling.trainerId })).json().url;
    const june = occurrencesIn((await fetchFeed(url)).body, new Date('2032-01-01')).filter((o) => o.start.startsWith('2031-06'));
    expect(june.map((o) => o.start)).toEqual([at('2031-06-02T09:00'), at('2031-06-09T09:00'), at('2031-06-17T13:00'), at('2031-06-24T13:00')]);
  });

  it('moves a whole series from its first session, a week on, as one rule', async () => {
    const trainer = await ctx.signIn('trainer');
    const { series, sessions } = (await post('/api/v1/sessions', trainer.headers, body({ villageId: ctx.fixtures.mamen.id, startsAt: at('2031-07-07T09:00'), endsAt: at('2031-07-07T10:00'), recurrence: { freq: 'weekly', count: 3 } }))).json();
    const moved = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${sessions[0].id}`, headers: trainer.headers, payload: { scope: 'following', startsAt: at('2031-07-14T09:00') } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().series).toMatchObject({ id: series.id, rrule: 'FREQ=WEEKLY;BYDAY=MO;WKST=MO;COUNT=3' });
    const url = (await post('/api/v1/feed-tokens', trainer.headers, { kind: 'trainer', subjectId: scheduling.trainerId })).json().url;
    const july = occurrencesIn((await fetchFeed(url)).body, new Date('2032-01-01')).filter((o) => o.location.includes('马门村') && o.start.startsWith('2031-07'));
    expect(july.map((o) => o.start)).toEqual([at('2031-07-14T09:00'), at('2031-07-21T09:00'), at('2031-07-28T09:00')]);
  });

  it('gives a village’s feed to its secretary: the sessions held there and those it is invited to', async () => {
    const admin = await ctx.signIn('admin');
    await post('/api/v1/sessions', admin.headers, body({ villageId: ctx.fixtures.mamen.id, venue: '马门小学', targetVillageIds: [ctx.fixtures.mamen.id, ctx.fixtures.genga.id], trainerIds: [scheduling.trainer2Id], startsAt: at('2031-04-08T09:00'), endsAt: at('2031-04-08T10:00') }));
    await post('/api/v1/sessions', admin.headers, body({ villageId: ctx.fixtures.achaVillage.id, trainerIds: [scheduling.trainer2Id], startsAt: at('2031-04-09T09:00'), endsAt: at('2031-04-09T10:00') }));
    const secretary = await ctx.signIn('secretary');
    const refused = await post('/api/v1/feed-tokens', secretary.headers, { kind: 'village', subjectId: ctx.fixtures.achaVillage.id });
    expect(refused.json()).toMatchObject({ code: 'org_unit_invalid', field: 'subjectId' });
    const created = (await post('/api/v1/feed-tokens', secretary.headers, { kind: 'village', subjectId: ctx.fixtures.genga.id })).json();
    const april = occurrencesIn((await fetchFeed(created.url)).body, new Date('2032-01-01')).filter((o) => o.start.startsWith('2031-04'));
    expect(april.map((o) => o.location)).toEqual(['河坡乡 马门村 马门小学']);
  });

  it('answers 404 for a revoked token, and lets only its maker or an admin revoke it', async () => {
    const trainer = await ctx.signIn('trainer');
    const created = (await post('/api/v1/feed-tokens', trainer.headers, { kind: 'trainer', subjectId: scheduling.trainerId })).json();
    expect((await fetchFeed(created.url)).statusCode).toBe(200);
    const other = await ctx.signIn('trainer2');
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/feed-tokens/${created.id}`, headers: other.headers })).statusCode).toBe(403);
    expect((await post('/api/v1/feed-tokens', other.headers, { kind: 'trainer', subjectId: scheduling.trainerId })).json()).toMatchObject({ code: 'trainer_invalid', field: 'subjectId' });

    const revoked = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/feed-tokens/${created.id}`, headers: trainer.headers });
    expect(revoked.json().revokedAt).not.toBeNull();
    const gone = await fetchFeed(created.url);
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect(gone.json()).toMatchObject({ code: 'not_found' });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics' })).statusCode).toBe(404);
    const mine = (await ctx.app.inject({ method: 'GET', url: '/api/v1/feed-tokens', headers: trainer.headers })).json().items;
    expect(mine.find((token: { id: string }) => token.id === created.id)).toMatchObject({ revokedAt: expect.any(String) });
    expect(JSON.stringify(mine)).not.toContain(new URL(created.url).pathname.split('/').pop()!.replace('.ics', ''));
  });
});

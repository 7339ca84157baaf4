import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { connectDatabase, schema, type DatabaseConnection } from '@fieldschool/db';
import { startJobWorker, type JobWorker } from '../src/services/job-queue.ts';
import { REMINDER_TASK, reminderJobKey, reminderTasks, reminderText, reminderTime, type Reminder, type ReminderSender } from '../src/services/reminders.ts';
import { useTestApp } from './test-app.ts';
import { at, seedScheduling, sessionBody } from './scheduling-fixtures.ts';

const ctx = useTestApp('reminders');
let scheduling: Awaited<ReturnType<typeof seedScheduling>>;
beforeAll(async () => {
  scheduling = await seedScheduling(ctx.db.db, ctx.fixtures);
});

const body = (overrides: Record<string, unknown> = {}) => sessionBody(scheduling, ctx.fixtures, overrides);

/** The pending reminder job of a session, as the queue's public view shows it. */
async function pendingJob(sessionId: string) {
  const { rows } = await ctx.db.pool.query<{ run_at: Date; attempts: number }>(`SELECT run_at, attempts FROM graphile_worker.jobs WHERE task_identifier = $1 AND key = $2`, [
    REMINDER_TASK,
    reminderJobKey(sessionId),
  ]);
  return rows;
}

async function schedule(headers: Record<string, string>, overrides: Record<string, unknown>) {
  const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/sessions', headers, payload: body(overrides) });
  expect(response.statusCode).toBe(201);
  return response.json().sessions as Array<{ id: string }>;
}

describe('when a reminder goes out', () => {
  it('is 18:00 Asia/Shanghai the evening before, at once when that has passed, never for a session begun', () => {
    const startsAt = new Date(at('2031-03-01T09:00'));
    // Across a month end: 1 March's reminder is on 28 February.
    expect(reminderTime(startsAt, new Date(at('2031-02-20T12:00')))?.toISOString()).toBe(at('2031-02-28T18:00'));
    const late = new Date(at('2031-02-28T21:30'));
    expect(reminderTime(startsAt, late)).toEqual(late);
    expect(reminderTime(startsAt, new Date(at('2031-03-01T09:00')))).toBeNull();
    // Just after local midnight the day before is still the local day before, not UTC's.
    expect(reminderTime(new Date(at('2031-03-04T00:30')), new Date(at('2031-02-01T00:00')))?.toISOString()).toBe(at('2031-03-03T18:00'));
  });

  it('says what, when and where in Chinese, in Asia/Shanghai time', () => {
    const reminder: Reminder = {
      sessionId: 'x',
      courseTitle: '马铃薯规模化种植',
      villageName: '根呷村',
      venue: '村活动室',
      startsAt: new Date(at('2031-03-04T09:00')),
      endsAt: new Date(at('2031-03-04T11:30')),
      recipient: { id: 'y', name: '张老师', role: 'trainer', phone: null },
    };
    expect(reminderText(reminder)).toBe('【FieldSchool】培训提醒：3月4日 09:00–11:30在根呷村村活动室举办“马铃薯规模化种植”。');
  });
});

describe('reminder jobs follow their session', () => {
  it('are added with the session, moved with it, and removed when it is cancelled', async () => {
    const trainer = await ctx.signIn('trainer');
    const [session] = await schedule(trainer.headers, { startsAt: at('2031-05-06T09:00'), endsAt: at('2031-05-06T11:00') });
    expect((await pendingJob(session!.id)).map((job) => job.run_at.toISOString())).toEqual([at('2031-05-05T18:00')]);

    const moved = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/sessions/${session!.id}`, headers: trainer.headers, payload: { startsAt: at('2031-05-08T14:00') } });
    expect(moved.statusCode).toBe(200);
    expect((await pendingJob(session!.id)).map((job) => job.run_at.toISOString())).toEqual([at('2031-05-07T18:00')]);

    const cancelled = await ctx.app.inject({ method: 'POST', url: `/api/v1/sessions/${session!.id}/cancel`, headers: trainer.headers, payload: { reason: '道路塌方' } });
    expect(cancelled.statusCode).toBe(200);
    expect(await pendingJob(session!.id)).toEqual([]);
  });

  it('come with every session of a series, and none for a past session an admin records', async () => {
    const admin = await ctx.signIn('admin');
    const series = await schedule(admin.headers, { startsAt: at('2031-06-02T09:00'), endsAt: at('2031-06-02T11:00'), recurrence: { freq: 'weekly', count: 3 } });
    expect(series).toHaveLength(3);
    for (const session of series) expect(await pendingJob(session.id)).toHaveLength(1);
    const [past] = await schedule(admin.headers, { startsAt: at('2024-06-02T09:00'), endsAt: at('2024-06-02T11:00'), status: 'completed' });
    expect(await pendingJob(past!.id)).toEqual([]);
  });

  it('are not left behind by a save that is refused', async () => {
    const trainer = await ctx.signIn('trainer');
    const before = await ctx.db.pool.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs`);
    // The same trainer at the same time as the May session's first slot in June: a conflict, nothing saved.
    const refused = await ctx.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: trainer.headers, payload: body({ startsAt: at('2031-06-02T09:30'), endsAt: at('2031-06-02T10:30'), trainerIds: [scheduling.trainerId] }) });
    expect(refused.statusCode).toBe(409);
    const after = await ctx.db.pool.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});

describe('sending reminders', () => {
  const instances: DatabaseConnection[] = [];
  const workers: JobWorker[] = [];
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    for (const instance of instances) await instance.close();
  });

  it('reaches each trainer and the village secretary exactly once, though the sender fails twice first and two api instances run workers', async () => {
    const delivered: Reminder[] = [];
    let failuresLeft = 2;
    // Fails for the second person of three (by name): the first, reached before each failure, must not hear it again.
    const flaky: ReminderSender = {
      channel: 'test',
      send: async (reminder) => {
        if (reminder.recipient.name === 'trainer' && failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('SMS gateway unreachable');
        }
        delivered.push(reminder);
      },
      notify: async () => undefined,
    };
    const trainer = await ctx.signIn('trainer');
    // Starts within the day: its reminder is due at once.
    const startsAt = new Date(Date.now() + 3 * 3600_000);
    const [session] = await schedule(trainer.headers, {
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
      trainerIds: [scheduling.trainerId, scheduling.trainer2Id],
    });
    // Two api instances: each its own pool and worker, as on two machines.
    for (let i = 0; i < 2; i += 1) {
      const instance = connectDatabase(ctx.db.url, { max: 3 });
      instances.push(instance);
      workers.push(await startJobWorker(instance.pool, reminderTasks(instance.db, flaky), { log: () => undefined, pollIntervalMs: 200 }));
    }
    // The queue waits about e^1 then e^2 seconds before the second and third attempts.
    await expect.poll(async () => (await pendingJob(session!.id)).length, { timeout: 30_000, interval: 250 }).toBe(0);

    expect(failuresLeft).toBe(0);
    expect(delivered.map((reminder) => reminder.recipient.name).sort()).toEqual(['secretary', 'trainer', 'trainer2']);
    expect(new Set(delivered.map((reminder) => reminder.sessionId))).toEqual(new Set([session!.id]));
    const rows = await ctx.db.db.select().from(schema.sentReminders).where(sql`${schema.sentReminders.sessionId} = ${session!.id}`);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.channel === 'test' && row.startsAt.getTime() === startsAt.getTime())).toBe(true);
  }, 40_000);
});

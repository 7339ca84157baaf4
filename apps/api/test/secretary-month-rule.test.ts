import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { DEFAULT_SECRETARY_SETTINGS } from '../src/config.ts';
import type { Notice, ReminderSender } from '../src/services/reminders.ts';
import { localMonth } from '../src/services/secretaries/calendar.ts';
import { MONTH_END_TASK, nextNoticeTimes, PACE_TASK, scheduleSecretaryNotices, secretaryNoticeTasks, sendMonthEndNotices, sendPaceReminders } from '../src/services/secretaries/month-rule.ts';
import { at } from './scheduling-fixtures.ts';
import { useTestApp } from './test-app.ts';

const ctx = useTestApp('secretary-month-rule');
const ids: Record<string, string> = {};
beforeAll(async () => {
  const users = await ctx.db.db.select({ id: schema.users.id, username: schema.users.username }).from(schema.users);
  for (const user of users) ids[user.username] = user.id;
});

/** Entries written straight to the table: the month's rule only counts them. */
async function worked(username: string, villageId: string, dates: string[]) {
  await ctx.db.db.insert(schema.workDayEntries).values(dates.map((workDate) => ({ id: randomUUID(), secretaryId: ids[username]!, villageId, workDate, activities: ['meeting'] })));
}

function recordingSender(): ReminderSender & { notices: Notice[] } {
  const notices: Notice[] = [];
  return { channel: 'test', notices, send: async () => undefined, notify: async (notice) => void notices.push(notice) };
}

function previousMonth(): string {
  const [year, month] = localMonth(new Date()).split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

describe("the month's rule", () => {
  it('lists last month\'s shortfalls to admins of the area, two entries on a date counting once, and drops one when leave is approved', async () => {
    const month = previousMonth();
    await worked('secretary', ctx.fixtures.genga.id, [`${month}-03`, `${month}-03`, `${month}-09`, `${month}-15`]);
    await worked('acha-secretary', ctx.fixtures.achaVillage.id, [`${month}-02`, `${month}-05`, `${month}-08`, `${month}-11`]);
    const county = await ctx.signIn('admin');
    const list = await ctx.app.inject({ method: 'GET', url: `/api/v1/secretaries/shortfalls?month=${month}`, headers: county.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      { secretaryId: ids.secretary, secretaryName: 'secretary', villageId: ctx.fixtures.genga.id, villageName: '根呷村', townshipName: '河坡乡', month, days: 3, required: 4 },
    ]);

    const acha = await ctx.signIn('hepo-admin');
    // The 河坡乡 admin approves leave for their own secretary, not for 阿察村's.
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/secretaries/${ids['acha-secretary']}/leaves`, headers: acha.headers, payload: { month, reason: '培训' } })).statusCode).toBe(404);
    const leave = await ctx.app.inject({ method: 'POST', url: `/api/v1/secretaries/${ids.secretary}/leaves`, headers: acha.headers, payload: { month, reason: '住院治疗' } });
    expect(leave.statusCode).toBe(201);
    expect(leave.json()).toMatchObject({ month, reason: '住院治疗', approvedBy: ids['hepo-admin'] });
    const after = await ctx.app.inject({ method: 'GET', url: `/api/v1/secretaries/shortfalls?month=${month}`, headers: county.headers });
    expect(after.json().items).toEqual([]);
    const progress = await ctx.app.inject({ method: 'GET', url: `/api/v1/work-days?month=${month}&secretaryId=${ids.secretary}`, headers: county.headers });
    expect(progress.json().progress).toMatchObject({ days: 3, entries: 4, leaveReason: '住院治疗', missing: 0 });
  });

  it('has no shortfalls for a month not over; leave is for admins only', async () => {
    const admin = await ctx.signIn('admin');
    const now = await ctx.app.inject({ method: 'GET', url: `/api/v1/secretaries/shortfalls?month=${localMonth(new Date())}`, headers: admin.headers });
    expect(now.statusCode).toBe(400);
    expect(now.json()).toMatchObject({ code: 'month_not_over', field: 'query.month' });
    const secretary = await ctx.signIn('secretary');
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/secretaries/${ids.secretary}/leaves`, headers: secretary.headers, payload: { month: '2031-01', reason: '事假' } })).statusCode).toBe(403);
  });

  it('reminds on the reminder day only the secretaries who have not met the rule, once, and tells the township admin of shortfalls at the month\'s end', async () => {
    await worked('secretary', ctx.fixtures.genga.id, ['2031-05-04']);
    await worked('acha-secretary', ctx.fixtures.achaVillage.id, ['2031-05-02', '2031-05-06', '2031-05-07', '2031-05-12']);
    const sender = recordingSender();
    expect(await sendPaceReminders(ctx.db.db, sender, DEFAULT_SECRETARY_SETTINGS, '2031-05')).toBe(1);
    expect(await sendPaceReminders(ctx.db.db, sender, DEFAULT_SECRETARY_SETTINGS, '2031-05')).toBe(0);
    expect(sender.notices).toEqual([
      { recipient: expect.objectContaining({ id: ids.secretary, role: 'secretary' }), text: '【FieldSchool】驻村提醒：5月您已在根呷村工作1天，每月不少于4天，还差3天。' },
    ]);

    const monthEnd = recordingSender();
    expect(await sendMonthEndNotices(ctx.db.db, monthEnd, DEFAULT_SECRETARY_SETTINGS, '2031-05')).toBe(1);
    expect(monthEnd.notices).toEqual([
      { recipient: expect.objectContaining({ id: ids['hepo-admin'], role: 'admin' }), text: '【FieldSchool】5月驻村天数不足：根呷村secretary（1/4天）。请在督导考评页查看。' },
    ]);
    const rows = await ctx.db.db.select().from(schema.secretaryNotices).where(inArray(schema.secretaryNotices.recipientId, [ids.secretary!, ids['hepo-admin']!]));
    expect(rows.map((row) => `${row.kind}:${row.month}:${row.channel}`).sort()).toEqual([`${MONTH_END_TASK}:2031-05-01:test`, `${PACE_TASK}:2031-05-01:test`]);
  });

  it('queues the next reminder day and month end in Asia/Shanghai, one job of each kind, and each run queues the next', async () => {
    expect(nextNoticeTimes({ reminderDay: 20 }, new Date(at('2031-05-10T12:00')))).toEqual({
      pace: { month: '2031-05', runAt: new Date(at('2031-05-20T09:00')) },
      monthEnd: { month: '2031-05', runAt: new Date(at('2031-06-01T08:00')) },
    });
    expect(nextNoticeTimes({ reminderDay: 20 }, new Date(at('2031-12-25T12:00')))).toEqual({
      pace: { month: '2032-01', runAt: new Date(at('2032-01-20T09:00')) },
      monthEnd: { month: '2031-12', runAt: new Date(at('2032-01-01T08:00')) },
    });
    await scheduleSecretaryNotices(ctx.db.db, DEFAULT_SECRETARY_SETTINGS);
    await scheduleSecretaryNotices(ctx.db.db, DEFAULT_SECRETARY_SETTINGS);
    const jobs = async () =>
      (await ctx.db.pool.query<{ task_identifier: string; run_at: Date }>(`SELECT task_identifier, run_at FROM graphile_worker.jobs WHERE task_identifier IN ($1, $2) ORDER BY task_identifier`, [MONTH_END_TASK, PACE_TASK])).rows;
    expect((await jobs()).map((job) => job.task_identifier)).toEqual([MONTH_END_TASK, PACE_TASK]);
    // A run of the task (as the worker would call it) sends, then queues the next month's job.
    const sender = recordingSender();
    const tasks = secretaryNoticeTasks(ctx.db.db, sender, DEFAULT_SECRETARY_SETTINGS);
    await (tasks[MONTH_END_TASK] as (payload: unknown) => Promise<void>)({ month: '2031-05' });
    const next = nextNoticeTimes(DEFAULT_SECRETARY_SETTINGS, new Date());
    expect((await jobs()).map((job) => job.run_at)).toEqual([next.monthEnd.runAt, next.pace.runAt]);
  });
});

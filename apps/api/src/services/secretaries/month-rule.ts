import { aliasedTable, and, asc, eq } from 'drizzle-orm';
import type { TaskList } from 'graphile-worker';
import { schema, type Database } from '@fieldschool/db';
import type { Leave, RecordLeave, Shortfall, ShortfallList } from '@fieldschool/contracts';
import type { SecretarySettings } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit.ts';
import { addJobs } from '../job-queue.ts';
import { inAreaSql, type Principal } from '../principal.ts';
import type { Notice, ReminderSender } from '../reminders.ts';
import { firstDay, localMonth, localTime, nextMonth } from './calendar.ts';
import { visibleSecretary } from './scope.ts';
import { monthProgress } from './work-days.ts';

/*
 * The month's rule: at least `requiredDays` days a month in the village. On `reminderDay` a
 * secretary who has not met it yet hears of it; when the month is over, a shortfall without
 * approved leave is on the township admin's list (and counts in the evaluation). Both notices
 * go through the session reminders' sender and the same job queue, one job of each kind
 * pending at a time; each run queues the next month's.
 */

export const PACE_TASK = 'work_day_pace_reminder';
export const MONTH_END_TASK = 'work_day_month_end';
/** Local hours the notices go out: the morning of the reminder day, and the morning after the month's end. */
const PACE_HOUR = 9;
const MONTH_END_HOUR = 8;
const NOTICE_ATTEMPTS = 10;

type Executor = Pick<Database, 'execute'>;

export async function recordLeave(db: Database, principal: Principal, actor: Actor, secretaryId: string, input: RecordLeave): Promise<Leave> {
  const secretary = await visibleSecretary(db, principal, secretaryId);
  if (principal.role !== 'admin') throw new AppError('forbidden', 'Only an admin approves leave');
  const values = { secretaryId: secretary.id, month: firstDay(input.month), reason: input.reason.trim(), approvedBy: principal.id };
  const row = await db.transaction(async (tx) => {
    const [saved] = await tx
      .insert(schema.secretaryLeaves)
      .values(values)
      .onConflictDoUpdate({ target: [schema.secretaryLeaves.secretaryId, schema.secretaryLeaves.month], set: { reason: values.reason, approvedBy: values.approvedBy, createdAt: new Date() } })
      .returning();
    await recordAudit(tx, actor, { action: 'secretary_leave.record', entity: 'secretary_leave', entityId: `${secretary.id}:${input.month}`, after: saved });
    return saved!;
  });
  return { secretaryId: row.secretaryId, month: input.month, reason: row.reason, approvedBy: row.approvedBy, createdAt: row.createdAt.toISOString() };
}

const village = aliasedTable(schema.orgUnits, 'village');
const township = aliasedTable(schema.orgUnits, 'township');

/** The active secretaries whose village lies in the area, by township and village. */
export async function secretariesInArea(db: Pick<Database, 'select'>, areaPath: string) {
  return db
    .select({ id: schema.users.id, name: schema.users.displayName, phone: schema.users.phone, villageId: village.id, villageName: village.name, townshipId: township.id, townshipName: township.name })
    .from(schema.users)
    .innerJoin(village, eq(village.id, schema.users.orgUnitId))
    .innerJoin(township, eq(township.id, village.parentId))
    .where(and(eq(schema.users.role, 'secretary'), eq(schema.users.active, true), eq(village.level, 'village'), inAreaSql(areaPath, village.path)))
    .orderBy(asc(township.name), asc(village.name), asc(schema.users.displayName));
}

/** Who finished `month` short of the rule without leave, in the area. */
async function shortfallsIn(db: Database, areaPath: string, month: string, requiredDays: number): Promise<(Shortfall & { townshipId: string })[]> {
  const secretaries = await secretariesInArea(db, areaPath);
  const progress = await monthProgress(db, secretaries.map((s) => s.id), month, requiredDays);
  return secretaries.flatMap((s) => {
    const p = progress.get(s.id)!;
    return p.missing > 0
      ? [{ secretaryId: s.id, secretaryName: s.name, villageId: s.villageId, villageName: s.villageName, townshipId: s.townshipId, townshipName: s.townshipName, month, days: p.days, required: requiredDays }]
      : [];
  });
}

/** The township admin's list: only a month that is over has shortfalls. */
export async function listShortfalls(db: Database, principal: Principal, settings: Pick<SecretarySettings, 'requiredDays'>, month: string, now = new Date()): Promise<ShortfallList> {
  if (month >= localMonth(now)) throw new AppError('month_not_over', 'Shortfalls are known when the month is over', { field: 'query.month' });
  const items = await shortfallsIn(db, principal.orgUnitPath, month, settings.requiredDays);
  return { month, items: items.map(({ townshipId: _townshipId, ...item }) => item) };
}

/** When each notice job runs next, after `now`. */
export function nextNoticeTimes(settings: Pick<SecretarySettings, 'reminderDay'>, now: Date) {
  const month = localMonth(now);
  const day = String(settings.reminderDay).padStart(2, '0');
  const thisPace = localTime(`${month}-${day}`, PACE_HOUR);
  const paceMonth = thisPace > now ? month : nextMonth(month);
  return {
    pace: { month: paceMonth, runAt: localTime(`${paceMonth}-${day}`, PACE_HOUR) },
    // The morning after the month's last day: the month being closed is the current one.
    monthEnd: { month, runAt: localTime(firstDay(nextMonth(month)), MONTH_END_HOUR) },
  };
}

/** Queues (or moves) the next pace reminder and month-end job; one of each is pending at any time. */
export async function scheduleSecretaryNotices(tx: Executor, settings: Pick<SecretarySettings, 'reminderDay'>, now = new Date()): Promise<void> {
  const next = nextNoticeTimes(settings, now);
  await addJobs(tx, [
    { task: PACE_TASK, payload: { month: next.pace.month }, runAt: next.pace.runAt, key: PACE_TASK, maxAttempts: NOTICE_ATTEMPTS },
    { task: MONTH_END_TASK, payload: { month: next.monthEnd.month }, runAt: next.monthEnd.runAt, key: MONTH_END_TASK, maxAttempts: NOTICE_ATTEMPTS },
  ]);
}

/**
 * Sends each notice at most once per (kind, month, person): the delivery row and the send
 * commit together, so a retry after a failed send reaches exactly those not yet reached.
 */
async function deliver(db: Database, sender: ReminderSender, kind: string, month: string, notices: readonly Notice[]): Promise<number> {
  let sent = 0;
  for (const notice of notices) {
    await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(schema.secretaryNotices)
        .values({ kind, month: firstDay(month), recipientId: notice.recipient.id, channel: sender.channel })
        .onConflictDoNothing()
        .returning({ kind: schema.secretaryNotices.kind });
      if (claimed.length === 0) return;
      await sender.notify(notice);
      sent += 1;
    });
  }
  return sent;
}

const monthLabel = (month: string) => `${Number(month.slice(5, 7))}月`;

/** The reminder day: every secretary of the county who has not met this month's rule yet, and has no leave. */
export async function sendPaceReminders(db: Database, sender: ReminderSender, settings: Pick<SecretarySettings, 'requiredDays'>, month: string): Promise<number> {
  const secretaries = await secretariesInArea(db, '/');
  const progress = await monthProgress(db, secretaries.map((s) => s.id), month, settings.requiredDays);
  const notices = secretaries.flatMap((s) => {
    const p = progress.get(s.id)!;
    if (p.missing === 0) return [];
    const text = `【FieldSchool】驻村提醒：${monthLabel(month)}您已在${s.villageName}工作${p.days}天，每月不少于${settings.requiredDays}天，还差${p.missing}天。`;
    return [{ recipient: { id: s.id, name: s.name, role: 'secretary' as const, phone: s.phone }, text }];
  });
  return deliver(db, sender, PACE_TASK, month, notices);
}

/** The month is over: each township admin hears of the shortfalls in their township (the list itself is GET /secretaries/shortfalls). */
export async function sendMonthEndNotices(db: Database, sender: ReminderSender, settings: Pick<SecretarySettings, 'requiredDays'>, month: string): Promise<number> {
  const shortfalls = await shortfallsIn(db, '/', month, settings.requiredDays);
  if (shortfalls.length === 0) return 0;
  const admins = await db
    .select({ id: schema.users.id, name: schema.users.displayName, phone: schema.users.phone, townshipId: schema.orgUnits.id })
    .from(schema.users)
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.users.orgUnitId))
    .where(and(eq(schema.users.role, 'admin'), eq(schema.users.active, true), eq(schema.orgUnits.level, 'township')));
  const notices = admins.flatMap((admin) => {
    const theirs = shortfalls.filter((s) => s.townshipId === admin.townshipId);
    if (theirs.length === 0) return [];
    const list = theirs.map((s) => `${s.villageName}${s.secretaryName}（${s.days}/${s.required}天）`).join('、');
    return [{ recipient: { id: admin.id, name: admin.name, role: 'admin' as const, phone: admin.phone }, text: `【FieldSchool】${monthLabel(month)}驻村天数不足：${list}。请在督导考评页查看。` }];
  });
  return deliver(db, sender, MONTH_END_TASK, month, notices);
}

/** The queue's tasks for the month's rule; each run queues the next month's job of its kind. */
export function secretaryNoticeTasks(db: Database, sender: ReminderSender, settings: SecretarySettings): TaskList {
  return {
    [PACE_TASK]: async (payload) => {
      await sendPaceReminders(db, sender, settings, (payload as { month: string }).month);
      await scheduleSecretaryNotices(db, settings);
    },
    [MONTH_END_TASK]: async (payload) => {
      await sendMonthEndNotices(db, sender, settings, (payload as { month: string }).month);
      await scheduleSecretaryNotices(db, settings);
    },
  };
}

import { and, asc, eq, gte, lt, or, sql } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { CreateWorkDay, ErrorCode, MonthProgress, WorkDay, WorkDayMonth, WorkDayQuery } from '@fieldschool/contracts';
import type { SecretarySettings } from '../../config.ts';
import type { Principal } from '../principal.ts';
import { recordAudit } from '../audit.ts';
import { daysBetween, firstDay, localDate, nextMonth } from './calendar.ts';
import { visibleSecretary } from './scope.ts';

type Executor = Pick<Database, 'select' | 'insert' | 'execute'>;
type WorkDayRow = typeof schema.workDayEntries.$inferSelect;

/** What became of one entry sent: stored now, stored before (the same id again), or refused with a stable code. */
export type WorkDayOutcome = { result: 'created' | 'duplicate'; id: string } | { result: 'rejected'; id: string; reason: WorkDayRejection };

/** Why an entry is refused, and the field at fault in a single request's problem reply. */
export const workDayRejections = {
  conflict: 'id',
  not_found: 'villageId',
  work_day_in_future: 'workDate',
  work_day_too_old: 'workDate',
  work_day_session_invalid: 'sessionId',
} as const satisfies Partial<Record<ErrorCode, string>>;
export type WorkDayRejection = keyof typeof workDayRejections;

/**
 * Records one work-day entry of the signed-in secretary, in the caller's transaction.
 * An id seen before answers `duplicate` whatever else the entry says (a phone re-sending
 * an entry whose answer it lost, perhaps after the window closed). The window is checked
 * against `receivedAt`, local dates: not after today, not more than `maxDaysBack` days back.
 * Another village is `not_found`, as it would be for any other read.
 */
export async function recordWorkDay(
  tx: Executor,
  principal: Principal,
  settings: Pick<SecretarySettings, 'maxDaysBack'>,
  item: CreateWorkDay,
  context: { deviceId: string | null; receivedAt: Date; requestId?: string },
): Promise<WorkDayOutcome> {
  const reject = (reason: WorkDayRejection): WorkDayOutcome => ({ result: 'rejected', id: item.id, reason });
  const [seen] = await tx.select({ secretaryId: schema.workDayEntries.secretaryId }).from(schema.workDayEntries).where(eq(schema.workDayEntries.id, item.id));
  if (seen) return seen.secretaryId === principal.id ? { result: 'duplicate', id: item.id } : reject('conflict');
  if (principal.role !== 'secretary' || item.villageId !== principal.orgUnitId) return reject('not_found');
  const today = localDate(context.receivedAt);
  if (item.workDate > today) return reject('work_day_in_future');
  if (daysBetween(item.workDate, today) > settings.maxDaysBack) return reject('work_day_too_old');
  if (item.sessionId && !(await sessionInVillage(tx, item.sessionId, item.villageId))) return reject('work_day_session_invalid');
  const inserted = await tx
    .insert(schema.workDayEntries)
    .values({
      id: item.id,
      secretaryId: principal.id,
      villageId: item.villageId,
      workDate: item.workDate,
      activities: item.activities,
      note: item.note.trim(),
      householdNos: item.householdNos.map((no) => no.trim()),
      sessionId: item.sessionId,
      deviceId: context.deviceId,
    })
    .onConflictDoNothing({ target: schema.workDayEntries.id })
    .returning();
  // Another request with the same id committed between the look and the insert.
  if (inserted.length === 0) return { result: 'duplicate', id: item.id };
  await recordAudit(tx, { userId: principal.id, requestId: context.requestId }, { action: 'work_day.create', entity: 'work_day', entityId: item.id, after: inserted[0] });
  return { result: 'created', id: item.id };
}

/** A session held in the village or inviting it, and not cancelled. */
async function sessionInVillage(tx: Executor, sessionId: string, villageId: string): Promise<boolean> {
  const s = schema.trainingSessions;
  const [row] = await tx
    .select({ id: s.id })
    .from(s)
    .where(
      and(
        eq(s.id, sessionId),
        sql`${s.status} <> 'cancelled'`,
        or(
          eq(s.villageId, villageId),
          sql`EXISTS (SELECT 1 FROM ${schema.sessionTargetVillages} t WHERE t.session_id = ${s.id} AND t.village_id = ${villageId})`,
        ),
      ),
    );
  return row !== undefined;
}

function toWorkDayDto(row: WorkDayRow & { sessionTitle: string | null }): WorkDay {
  return {
    id: row.id,
    secretaryId: row.secretaryId,
    villageId: row.villageId,
    workDate: row.workDate,
    activities: row.activities as WorkDay['activities'],
    note: row.note,
    householdNos: row.householdNos,
    sessionId: row.sessionId,
    sessionTitle: row.sessionTitle,
    createdAt: row.createdAt.toISOString(),
  };
}

function workDayQuery(db: Pick<Database, 'select'>) {
  const e = schema.workDayEntries;
  return db
    .select({ entry: e, sessionTitle: schema.courses.title })
    .from(e)
    .leftJoin(schema.trainingSessions, eq(schema.trainingSessions.id, e.sessionId))
    .leftJoin(schema.courses, eq(schema.courses.id, schema.trainingSessions.courseId));
}

export async function getWorkDay(db: Pick<Database, 'select'>, id: string): Promise<WorkDay> {
  const [row] = await workDayQuery(db).where(eq(schema.workDayEntries.id, id));
  return toWorkDayDto({ ...row!.entry, sessionTitle: row!.sessionTitle });
}

/**
 * Each secretary's month against the rule: distinct dates worked (two entries on a date are
 * one day), entries, and the leave approved for it.
 */
export async function monthProgress(db: Pick<Database, 'execute'>, secretaryIds: readonly string[], month: string, requiredDays: number): Promise<Map<string, MonthProgress>> {
  const { rows } = await db.execute<{ secretary_id: string; days: number; entries: number; reason: string | null }>(sql`
    SELECT s.id AS secretary_id,
      (SELECT count(DISTINCT w.work_date)::int FROM ${schema.workDayEntries} w WHERE w.secretary_id = s.id AND w.work_date >= ${firstDay(month)}::date AND w.work_date < ${firstDay(nextMonth(month))}::date) AS days,
      (SELECT count(*)::int FROM ${schema.workDayEntries} w WHERE w.secretary_id = s.id AND w.work_date >= ${firstDay(month)}::date AND w.work_date < ${firstDay(nextMonth(month))}::date) AS entries,
      (SELECT l.reason FROM ${schema.secretaryLeaves} l WHERE l.secretary_id = s.id AND l.month = ${firstDay(month)}::date) AS reason
    FROM unnest(${`{${secretaryIds.join(',')}}`}::uuid[]) AS s(id)`);
  return new Map(
    rows.map((row) => [
      row.secretary_id,
      {
        secretaryId: row.secretary_id,
        month,
        days: row.days,
        entries: row.entries,
        required: requiredDays,
        leaveReason: row.reason,
        missing: row.reason === null ? Math.max(0, requiredDays - row.days) : 0,
      },
    ]),
  );
}

/** A secretary's entries of one month, oldest first, with the month's progress. */
export async function listWorkDayMonth(db: Database, principal: Principal, settings: Pick<SecretarySettings, 'requiredDays'>, query: WorkDayQuery): Promise<WorkDayMonth> {
  const secretary = await visibleSecretary(db, principal, query.secretaryId);
  const e = schema.workDayEntries;
  const rows = await workDayQuery(db)
    .where(and(eq(e.secretaryId, secretary.id), gte(e.workDate, firstDay(query.month)), lt(e.workDate, firstDay(nextMonth(query.month)))))
    .orderBy(asc(e.workDate), asc(e.createdAt));
  const progress = (await monthProgress(db, [secretary.id], query.month, settings.requiredDays)).get(secretary.id)!;
  return { progress, items: rows.map((row) => toWorkDayDto({ ...row.entry, sessionTitle: row.sessionTitle })) };
}

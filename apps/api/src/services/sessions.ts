import { randomBytes, randomUUID } from 'node:crypto';
import { aliasedTable, and, asc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import {
  MAX_SESSION_HOURS,
  SCHEDULE_TIME_ZONE,
  type CancelSession,
  type ChangeSessionStatus,
  type ConflictOverride,
  type ConflictReport,
  type CreateSession,
  type SeriesDetail,
  type Session,
  type SessionDraft,
  type SessionPage,
  type SessionQuery,
  type SessionSeries,
  type SessionStatus,
  type SessionsSaved,
  type UpdateSession,
} from '@fieldschool/contracts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { recordAudit, type Actor } from './audit.ts';
import { findConflicts, lockSchedules, ScheduleConflictError, type PlannedSession } from './conflicts.ts';
import { resolveCourse } from './courses.ts';
import { decodeCursor, toPage } from './cursor.ts';
import { escapeLike } from './like.ts';
import { inArea, type Principal } from './principal.ts';
import { scheduleReminders } from './reminders.ts';
import { markAbsentees } from './checkins/absent.ts';
import { followingRule, occurrencesOf, ruleEndingBefore } from './series.ts';

type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;
type SeriesRow = typeof schema.sessionSeries.$inferSelect;

const s = schema.trainingSessions;
const village = aliasedTable(schema.orgUnits, 'village');
const township = aliasedTable(schema.orgUnits, 'township');
const st = schema.sessionTrainers;
const tv = schema.sessionTargetVillages;

interface Named {
  id: string;
  name: string;
}

const selection = {
  session: s,
  courseTitle: schema.courses.title,
  topic: schema.courses.topic,
  villageName: village.name,
  villagePath: village.path,
  townshipId: township.id,
  townshipName: township.name,
};

/** Most a read is asked for at once (a calendar page, a whole series). */
const READ_LIMIT = 1000;

/**
 * Sessions with their course, place, trainers and invited villages, in start order. The
 * people come in two set-based queries for the whole page: a per-row subquery cost a
 * month page of 500 sessions twice as much.
 */
async function querySessions(db: Pick<Database, 'select'>, where: SQL | undefined, limit = READ_LIMIT) {
  const rows = await db
    .select(selection)
    .from(s)
    .innerJoin(schema.courses, eq(schema.courses.id, s.courseId))
    .innerJoin(village, eq(village.id, s.villageId))
    .innerJoin(township, eq(township.id, village.parentId))
    .where(where)
    .orderBy(asc(s.startsAt), asc(s.id))
    .limit(limit);
  const ids = rows.map((row) => row.session.id);
  if (ids.length === 0) return [];
  const trainers = await db
    .select({ sessionId: st.sessionId, id: schema.users.id, name: schema.users.displayName })
    .from(st)
    .innerJoin(schema.users, eq(schema.users.id, st.trainerId))
    .where(inArray(st.sessionId, ids))
    .orderBy(asc(schema.users.displayName));
  const targets = await db
    .select({ sessionId: tv.sessionId, id: schema.orgUnits.id, name: schema.orgUnits.name })
    .from(tv)
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, tv.villageId))
    .where(inArray(tv.sessionId, ids))
    .orderBy(asc(schema.orgUnits.code));
  const bySession = (people: Array<Named & { sessionId: string }>) => {
    const map = new Map<string, Named[]>();
    for (const { sessionId, ...person } of people) map.set(sessionId, [...(map.get(sessionId) ?? []), person]);
    return map;
  };
  const trainersOf = bySession(trainers);
  const targetsOf = bySession(targets);
  return rows.map((row) => ({ ...row, trainers: trainersOf.get(row.session.id) ?? [], targets: targetsOf.get(row.session.id) ?? [] }));
}
type Selected = Awaited<ReturnType<typeof querySessions>>[number];

function toSessionDto(row: Selected): Session {
  const { session } = row;
  return {
    id: session.id,
    courseId: session.courseId,
    courseTitle: row.courseTitle,
    topic: row.topic,
    villageId: session.villageId,
    villageName: row.villageName,
    townshipId: row.townshipId,
    townshipName: row.townshipName,
    venue: session.venue,
    trainers: row.trainers,
    capacity: session.capacity,
    targetVillages: row.targets,
    notes: session.notes,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    status: session.status,
    cancelReason: session.cancelReason,
    seriesId: session.seriesId,
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
  };
}

function toSeriesDto(row: SeriesRow): SessionSeries {
  return { id: row.id, rrule: row.rrule, dtstart: row.dtstart.toISOString(), tz: row.tz };
}

/**
 * A session is seen by everyone whose area holds its village or one of the villages
 * it invites: a secretary sees the sessions in and for their village.
 */
function visibleTo(principal: Principal): SQL {
  const area = `${escapeLike(principal.orgUnitPath)}%`;
  return or(
    sql`${village.path} LIKE ${area}`,
    sql`EXISTS (SELECT 1 FROM ${tv} JOIN ${schema.orgUnits} ON ${schema.orgUnits.id} = ${tv.villageId} WHERE ${tv.sessionId} = ${s.id} AND ${schema.orgUnits.path} LIKE ${area})`,
  )!;
}

const hasTrainer = (trainerId: string) => sql`EXISTS (SELECT 1 FROM ${st} WHERE ${st.sessionId} = ${s.id} AND ${st.trainerId} = ${trainerId})`;

export async function listSessions(db: Database, principal: Principal, query: SessionQuery): Promise<SessionPage> {
  const limit = query.limit ?? 100;
  const after = decodeCursor(query.cursor, 2);
  const conditions: SQL[] = [visibleTo(principal)];
  if (query.from) {
    const from = new Date(query.from);
    // No session lasts longer than MAX_SESSION_HOURS, so the start bounds the range too and the start index serves it.
    conditions.push(gt(s.endsAt, from), gt(s.startsAt, new Date(from.getTime() - MAX_SESSION_HOURS * 3600_000)));
  }
  if (query.to) conditions.push(lt(s.startsAt, new Date(query.to)));
  if (query.villageId) {
    // A village's calendar: the sessions held there and those its farmers are invited to.
    conditions.push(or(eq(s.villageId, query.villageId), sql`EXISTS (SELECT 1 FROM ${tv} WHERE ${tv.sessionId} = ${s.id} AND ${tv.villageId} = ${query.villageId})`)!);
  }
  if (query.townshipId) conditions.push(eq(village.parentId, query.townshipId));
  if (query.trainerId) conditions.push(hasTrainer(query.trainerId));
  if (query.topic) conditions.push(eq(schema.courses.topic, query.topic));
  if (query.status) conditions.push(eq(s.status, query.status));
  if (after) conditions.push(sql`(${s.startsAt}, ${s.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await querySessions(db, and(...conditions), limit + 1);
  return toPage(rows, limit, toSessionDto, (row) => [row.session.startsAt.toISOString(), row.session.id]);
}

async function sessionsByIds(db: Pick<Database, 'select'>, ids: readonly string[]): Promise<Session[]> {
  if (ids.length === 0) return [];
  return (await querySessions(db, inArray(s.id, [...ids]))).map(toSessionDto);
}

async function findVisibleSession(db: Pick<Database, 'select'>, principal: Principal, id: string): Promise<Selected> {
  const [row] = await querySessions(db, and(eq(s.id, id), visibleTo(principal)), 1);
  // Outside the user's area it does not exist for them: 404, not 403.
  if (!row) throw notFound('Session');
  return row;
}

export async function getSession(db: Database, principal: Principal, id: string): Promise<Session> {
  return toSessionDto(await findVisibleSession(db, principal, id));
}

/** Admins manage every session held in their area; trainers the ones they run. */
export function mayManageSession(principal: Principal, session: { villagePath: string; trainerIds: readonly string[] }): boolean {
  if (!inArea(principal.orgUnitPath, session.villagePath)) return false;
  return principal.role === 'admin' || (principal.role === 'trainer' && session.trainerIds.includes(principal.id));
}

function assertCanManage(principal: Principal, row: Selected): void {
  if (!inArea(principal.orgUnitPath, row.villagePath)) throw forbidden('This session is held outside your area');
  if (!mayManageSession(principal, { villagePath: row.villagePath, trainerIds: row.trainers.map((trainer) => trainer.id) })) {
    throw forbidden('Only its trainers and the area’s admins change a session');
  }
}

function assertEditable(row: Selected): void {
  if (row.session.status === 'completed' || row.session.status === 'cancelled') {
    throw new AppError('session_not_editable', `A ${row.session.status} session cannot be changed`, { field: 'status' });
  }
}

function assertTimes(startsAt: Date, endsAt: Date): void {
  if (endsAt <= startsAt) throw new AppError('session_ends_before_start', 'A session ends after it starts', { field: 'endsAt' });
  if (endsAt.getTime() - startsAt.getTime() > MAX_SESSION_HOURS * 3600_000) {
    throw new AppError('session_too_long', `A session lasts at most ${MAX_SESSION_HOURS} hours`, { field: 'endsAt' });
  }
}

/** Only an admin records the past (back-filling a year); everyone else plans ahead. */
function assertNotPast(principal: Principal, startsAt: Date, now: Date): void {
  if (principal.role !== 'admin' && startsAt < now) throw new AppError('session_in_past', 'A session cannot be planned in the past', { field: 'startsAt' });
}

function assertMayOverride(principal: Principal, override: ConflictOverride | undefined): void {
  if (override && principal.role !== 'admin') throw new AppError('override_not_allowed', 'Only an admin may save despite conflicts', { field: 'override' });
}

interface Place {
  id: string;
  name: string;
  path: string;
}

/** Villages named in a request: each must be a village in the user's area, else it does not exist for them. */
async function resolveVillages(db: Pick<Database, 'select'>, principal: Principal, ids: readonly string[], field: string): Promise<Place[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: schema.orgUnits.id, name: schema.orgUnits.name, path: schema.orgUnits.path, level: schema.orgUnits.level })
    .from(schema.orgUnits)
    .where(inArray(schema.orgUnits.id, [...ids]));
  for (const id of ids) {
    const row = rows.find((r) => r.id === id);
    if (!row || !inArea(principal.orgUnitPath, row.path)) throw new AppError('not_found', 'No such village in your area', { field });
    if (row.level !== 'village') throw new AppError('org_unit_invalid', 'Sessions are held in a village', { field });
  }
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

/** Each trainer must be an active trainer (or admin) whose area holds the village; a trainer plans only their own sessions. */
async function assertTrainers(db: Pick<Database, 'select'>, principal: Principal, trainerIds: readonly string[], villagePath: string): Promise<void> {
  const rows = await db
    .select({ id: schema.users.id, role: schema.users.role, active: schema.users.active, path: schema.orgUnits.path })
    .from(schema.users)
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.users.orgUnitId))
    .where(inArray(schema.users.id, [...trainerIds]));
  for (const id of trainerIds) {
    const row = rows.find((r) => r.id === id);
    if (!row || !row.active || row.role === 'secretary' || !villagePath.startsWith(row.path)) {
      throw new AppError('trainer_invalid', 'A trainer does not exist or does not work in this village’s area', { field: 'trainerIds' });
    }
  }
  if (principal.role === 'trainer' && !trainerIds.includes(principal.id)) throw forbidden('A trainer schedules their own sessions');
}

/** A draft made ready for the conflict check: validated, expanded into its sessions. */
interface Plan {
  village: Place;
  targetVillageIds: string[];
  sessions: PlannedSession[];
  series: { rrule: string } | null;
}

async function planDraft(db: Database, principal: Principal, input: SessionDraft | CreateSession, now: Date): Promise<Plan> {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  assertTimes(startsAt, endsAt);
  assertNotPast(principal, startsAt, now);
  await resolveCourse(db, principal, input.courseId);
  const [place] = await resolveVillages(db, principal, [input.villageId], 'villageId');
  const targetVillageIds = input.targetVillageIds ?? [input.villageId];
  await resolveVillages(db, principal, targetVillageIds, 'targetVillageIds');
  await assertTrainers(db, principal, input.trainerIds, place!.path);
  const expanded = input.recurrence ? occurrencesOf(input.recurrence, startsAt) : null;
  const durationMs = endsAt.getTime() - startsAt.getTime();
  const sessions = (expanded?.starts ?? [startsAt]).map((start) => ({
    startsAt: start,
    endsAt: new Date(start.getTime() + durationMs),
    villageId: place!.id,
    villageName: place!.name,
    venue: input.venue?.trim() ?? '',
    trainerIds: input.trainerIds,
  }));
  return { village: place!, targetVillageIds, sessions, series: expanded ? { rrule: expanded.rrule } : null };
}

/** Conflicts stop a save, unless an admin overrides them with a reason, which the audit log keeps with the conflicts. */
async function passConflictGate(
  tx: Executor,
  actor: Actor,
  planned: readonly PlannedSession[],
  ignoreIds: readonly string[],
  override: ConflictOverride | undefined,
  entity: { entity: string; entityId: string },
): Promise<void> {
  const conflicts = await findConflicts(tx, planned, ignoreIds);
  if (conflicts.length === 0) return;
  if (!override) throw new ScheduleConflictError(conflicts);
  await recordAudit(tx, actor, { action: 'session.conflict_override', ...entity, after: { reason: override.reason, conflicts } });
}

/** Checks a draft against the schedule without saving anything. */
export async function checkConflicts(db: Database, principal: Principal, input: SessionDraft, now = new Date()): Promise<ConflictReport> {
  const plan = await planDraft(db, principal, input, now);
  return { occurrences: plan.sessions.length, conflicts: await findConflicts(db, plan.sessions, input.ignoreSessionIds ?? []) };
}

async function linkPeople(tx: Executor, sessionIds: readonly string[], trainerIds: readonly string[] | undefined, targetVillageIds: readonly string[] | undefined): Promise<void> {
  if (trainerIds) {
    await tx.delete(st).where(inArray(st.sessionId, [...sessionIds]));
    await tx.insert(st).values(sessionIds.flatMap((sessionId) => trainerIds.map((trainerId) => ({ sessionId, trainerId }))));
  }
  if (targetVillageIds) {
    await tx.delete(tv).where(inArray(tv.sessionId, [...sessionIds]));
    if (targetVillageIds.length) await tx.insert(tv).values(sessionIds.flatMap((sessionId) => targetVillageIds.map((villageId) => ({ sessionId, villageId }))));
  }
}

/** One session, or a whole series: all of it is saved, or nothing. */
export async function createSessions(db: Database, principal: Principal, actor: Actor, input: CreateSession, now = new Date()): Promise<SessionsSaved> {
  assertMayOverride(principal, input.override);
  const plan = await planDraft(db, principal, input, now);
  const status = input.status ?? 'scheduled';
  if (status === 'completed') {
    if (principal.role !== 'admin') throw new AppError('forbidden', 'Only an admin records past sessions', { field: 'status' });
    if (plan.sessions.some((session) => session.endsAt > now)) {
      throw new AppError('session_not_ended', 'Only a session that has ended can be recorded as completed', { field: 'endsAt' });
    }
  }
  const ids = plan.sessions.map(() => randomUUID());
  const seriesId = plan.series ? randomUUID() : null;
  const series = await db.transaction(async (tx) => {
    await lockSchedules(tx, input.trainerIds, [plan.village.id]);
    await passConflictGate(tx, actor, plan.sessions, [], input.override, seriesId ? { entity: 'session_series', entityId: seriesId } : { entity: 'session', entityId: ids[0]! });
    const [seriesRow] = plan.series
      ? await tx.insert(schema.sessionSeries).values({ id: seriesId!, rrule: plan.series.rrule, dtstart: plan.sessions[0]!.startsAt, tz: SCHEDULE_TIME_ZONE, createdBy: principal.id }).returning()
      : [];
    const rows = await tx
      .insert(s)
      .values(
        plan.sessions.map((session, index) => ({
          id: ids[index],
          courseId: input.courseId,
          villageId: plan.village.id,
          venue: session.venue,
          startsAt: session.startsAt,
          endsAt: session.endsAt,
          capacity: input.capacity,
          notes: input.notes ?? '',
          status,
          seriesId,
          recurrenceId: seriesId ? session.startsAt : null,
          checkinSecret: randomBytes(32).toString('base64url'),
          createdBy: principal.id,
        })),
      )
      .returning();
    await linkPeople(tx, ids, input.trainerIds, plan.targetVillageIds);
    await scheduleReminders(tx, rows, now);
    const after = { sessions: rows, trainerIds: input.trainerIds, targetVillageIds: plan.targetVillageIds };
    await recordAudit(tx, actor, seriesRow ? { action: 'session_series.create', entity: 'session_series', entityId: seriesRow.id, after: { series: seriesRow, ...after } } : { action: 'session.create', entity: 'session', entityId: ids[0]!, after });
    return seriesRow ?? null;
  });
  return { series: series ? toSeriesDto(series) : null, sessions: await sessionsByIds(db, ids) };
}

/** The sessions an edit or a cancellation reaches: this one, or it and the later ones of its series still to come. */
async function reach(db: Pick<Database, 'select'>, row: Selected, scope: 'this' | 'following' | undefined): Promise<Selected[]> {
  if (scope !== 'following' || !row.session.seriesId) return [row];
  const later = await querySessions(db, and(eq(s.seriesId, row.session.seriesId), gt(s.startsAt, row.session.startsAt), eq(s.status, 'scheduled')));
  return [row, ...later];
}

export async function updateSession(db: Database, principal: Principal, actor: Actor, id: string, input: UpdateSession, now = new Date()): Promise<SessionsSaved> {
  assertMayOverride(principal, input.override);
  const current = await findVisibleSession(db, principal, id);
  assertCanManage(principal, current);
  assertEditable(current);
  const targets = await reach(db, current, input.scope);
  for (const target of targets) assertCanManage(principal, target);

  const startsAt = input.startsAt ? new Date(input.startsAt) : current.session.startsAt;
  const currentDuration = current.session.endsAt.getTime() - current.session.startsAt.getTime();
  const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(startsAt.getTime() + currentDuration);
  const retimed = input.startsAt !== undefined || input.endsAt !== undefined;
  assertTimes(startsAt, endsAt);
  if (retimed) assertNotPast(principal, startsAt, now);
  const shiftMs = startsAt.getTime() - current.session.startsAt.getTime();
  const durationMs = endsAt.getTime() - startsAt.getTime();

  if (input.courseId) await resolveCourse(db, principal, input.courseId);
  const [place] = input.villageId
    ? await resolveVillages(db, principal, [input.villageId], 'villageId')
    : [{ id: current.session.villageId, name: current.villageName, path: current.villagePath }];
  if (input.targetVillageIds) await resolveVillages(db, principal, input.targetVillageIds, 'targetVillageIds');
  const trainerSets = input.trainerIds ? [input.trainerIds] : targets.map((target) => target.trainers.map((trainer) => trainer.id));
  if (input.trainerIds || input.villageId) for (const trainerIds of trainerSets) await assertTrainers(db, principal, trainerIds, place!.path);

  const planned = targets.map((target, index) => {
    const start = new Date(target.session.startsAt.getTime() + shiftMs);
    return {
      startsAt: start,
      endsAt: new Date(start.getTime() + (retimed ? durationMs : target.session.endsAt.getTime() - target.session.startsAt.getTime())),
      villageId: place!.id,
      villageName: place!.name,
      venue: input.venue?.trim() ?? target.session.venue,
      trainerIds: input.trainerIds ?? trainerSets[index]!,
    };
  });
  const targetIds = targets.map((target) => target.session.id);
  const splits = input.scope === 'following' && current.session.seriesId !== null && shiftMs !== 0;

  const series = await db.transaction(async (tx) => {
    await lockSchedules(tx, planned.flatMap((p) => p.trainerIds), [place!.id, current.session.villageId]);
    await passConflictGate(tx, actor, planned, targetIds, input.override, { entity: 'session', entityId: id });
    // Moving "this and all following" splits the series: the earlier part ends before this
    // session, the moved part becomes a series of its own (so a feed's recurrence stays true).
    // Recurrence ids are unique per series, so the moved sessions are re-keyed in two steps.
    let seriesRow: SeriesRow | undefined;
    if (current.session.seriesId) {
      [seriesRow] = await tx.select().from(schema.sessionSeries).where(eq(schema.sessionSeries.id, current.session.seriesId));
      if (splits && seriesRow) {
        const rule = { rrule: followingRule(seriesRow.rrule, current.session.startsAt, planned[0]!.startsAt, targets.length, seriesRow.tz), dtstart: planned[0]!.startsAt };
        const [earlier] = await tx.select({ id: s.id }).from(s).where(and(eq(s.seriesId, seriesRow.id), lt(s.startsAt, current.session.startsAt))).limit(1);
        if (earlier) {
          await tx.update(schema.sessionSeries).set({ rrule: ruleEndingBefore(seriesRow.rrule, current.session.recurrenceId ?? current.session.startsAt) }).where(eq(schema.sessionSeries.id, seriesRow.id));
          [seriesRow] = await tx.insert(schema.sessionSeries).values({ ...rule, tz: seriesRow.tz, createdBy: principal.id }).returning();
        } else {
          // Moving a series from its first session moves the whole rule.
          [seriesRow] = await tx.update(schema.sessionSeries).set(rule).where(eq(schema.sessionSeries.id, seriesRow.id)).returning();
        }
      }
    }
    if (splits) await tx.update(s).set({ recurrenceId: null }).where(inArray(s.id, targetIds));
    const saved: Array<typeof s.$inferSelect> = [];
    for (const [index, target] of targets.entries()) {
      const [row] = await tx
        .update(s)
        .set({
          startsAt: planned[index]!.startsAt,
          endsAt: planned[index]!.endsAt,
          villageId: place!.id,
          venue: planned[index]!.venue,
          ...(input.courseId ? { courseId: input.courseId } : {}),
          ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
          ...(input.notes !== undefined ? { notes: input.notes } : {}),
          ...(splits ? { seriesId: seriesRow!.id, recurrenceId: planned[index]!.startsAt } : {}),
          updatedAt: new Date(),
        })
        .where(eq(s.id, target.session.id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'session.update',
        entity: 'session',
        entityId: target.session.id,
        before: { ...target.session, trainers: target.trainers, targets: target.targets },
        after: { ...row, trainerIds: input.trainerIds, targetVillageIds: input.targetVillageIds, reason: input.reason ?? null },
      });
      saved.push(row!);
    }
    await linkPeople(tx, targetIds, input.trainerIds, input.targetVillageIds);
    // A moved session's reminder moves with it.
    await scheduleReminders(tx, saved, now);
    return seriesRow ?? null;
  });
  return { series: series ? toSeriesDto(series) : null, sessions: await sessionsByIds(db, targetIds) };
}

export async function cancelSession(db: Database, principal: Principal, actor: Actor, id: string, input: CancelSession): Promise<SessionsSaved> {
  const current = await findVisibleSession(db, principal, id);
  assertCanManage(principal, current);
  assertEditable(current);
  const targets = await reach(db, current, input.scope);
  for (const target of targets) assertCanManage(principal, target);
  const targetIds = targets.map((target) => target.session.id);
  await db.transaction(async (tx) => {
    const cancelled: Array<typeof s.$inferSelect> = [];
    for (const target of targets) {
      const [row] = await tx.update(s).set({ status: 'cancelled', cancelReason: input.reason.trim(), updatedAt: new Date() }).where(eq(s.id, target.session.id)).returning();
      cancelled.push(row!);
      await recordAudit(tx, actor, { action: 'session.cancel', entity: 'session', entityId: target.session.id, before: target.session, after: row });
    }
    await scheduleReminders(tx, cancelled, new Date());
  });
  const [series] = current.session.seriesId ? await db.select().from(schema.sessionSeries).where(eq(schema.sessionSeries.id, current.session.seriesId)) : [];
  return { series: series ? toSeriesDto(series) : null, sessions: await sessionsByIds(db, targetIds) };
}

const nextStatuses: Record<SessionStatus, readonly SessionStatus[]> = {
  scheduled: ['in_progress', 'completed'],
  in_progress: ['completed'],
  completed: [],
  cancelled: [],
};

export async function changeSessionStatus(db: Database, principal: Principal, actor: Actor, id: string, input: ChangeSessionStatus, now = new Date()): Promise<Session> {
  const current = await findVisibleSession(db, principal, id);
  assertCanManage(principal, current);
  const from = current.session.status;
  if (!nextStatuses[from].includes(input.status)) {
    throw new AppError('status_transition_invalid', `A ${from} session cannot become ${input.status}`, { field: 'status' });
  }
  if (input.status === 'completed' && current.session.startsAt > now) {
    throw new AppError('status_transition_invalid', 'A session that has not started cannot be completed', { field: 'status' });
  }
  await db.transaction(async (tx) => {
    const [row] = await tx.update(s).set({ status: input.status, updatedAt: new Date() }).where(and(eq(s.id, id), eq(s.status, from))).returning();
    if (!row) throw new AppError('conflict', 'The session changed meanwhile; reload it', { field: 'status' });
    const absent = input.status === 'completed' ? await markAbsentees(tx, id, principal.id) : 0;
    await recordAudit(tx, actor, { action: 'session.status', entity: 'session', entityId: id, before: { status: from }, after: { status: row.status, ...(absent ? { markedAbsent: absent } : {}) } });
  });
  return getSession(db, principal, id);
}

export async function getSeries(db: Database, principal: Principal, id: string): Promise<SeriesDetail> {
  const [series] = await db.select().from(schema.sessionSeries).where(eq(schema.sessionSeries.id, id));
  const rows = series ? await querySessions(db, and(eq(s.seriesId, id), visibleTo(principal))) : [];
  if (!series || rows.length === 0) throw notFound('Series');
  return { ...toSeriesDto(series), sessions: rows.map(toSessionDto) };
}

import { and, eq, gt, inArray, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { ScheduleConflict } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';
import { loadTravelContext, type TravelContext } from './travel-time.ts';

/** A session as the conflict rules see it: where, when, who. */
export interface PlannedSession {
  startsAt: Date;
  endsAt: Date;
  villageId: string;
  villageName: string;
  venue: string;
  trainerIds: readonly string[];
}

interface Booked extends PlannedSession {
  /** Null for another session of the same draft. */
  id: string | null;
}

/** A 409 that lists every conflict, so the form can show each one. */
export class ScheduleConflictError extends AppError {
  constructor(readonly conflicts: ScheduleConflict[]) {
    super('schedule_conflict', `The schedule has ${conflicts.length} conflict(s)`, { field: 'startsAt', extensions: { conflicts } });
  }
}

/** No drive in the county takes longer; sessions further apart than this cannot clash. */
const LONGEST_TRAVEL_MS = 26 * 3600_000;

const overlaps = (a: PlannedSession, b: PlannedSession) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;
const sameVenue = (a: PlannedSession, b: PlannedSession) => {
  const venue = a.venue.trim().toLowerCase();
  return venue !== '' && a.villageId === b.villageId && venue === b.venue.trim().toLowerCase();
};

/**
 * Serialises saves that touch the same trainers or village until the transaction ends,
 * so two concurrent saves cannot both pass the check. Keys are taken in a fixed order,
 * so two saves never wait on each other crosswise.
 */
export async function lockSchedules(tx: Pick<Database, 'execute'>, trainerIds: Iterable<string>, villageIds: Iterable<string>): Promise<void> {
  const keys = [...new Set([...[...trainerIds].map((id) => `trainer:${id}`), ...[...villageIds].map((id) => `village:${id}`)])].sort();
  for (const key of keys) await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/** The sessions already booked near the planned ones for the same trainers or villages (cancelled ones free their slot). */
async function bookedNear(db: Pick<Database, 'select'>, planned: readonly PlannedSession[], ignoreIds: readonly string[]): Promise<Booked[]> {
  const from = new Date(Math.min(...planned.map((p) => p.startsAt.getTime())) - LONGEST_TRAVEL_MS);
  const to = new Date(Math.max(...planned.map((p) => p.endsAt.getTime())) + LONGEST_TRAVEL_MS);
  const trainerIds = [...new Set(planned.flatMap((p) => p.trainerIds))];
  const villageIds = [...new Set(planned.map((p) => p.villageId))];
  const s = schema.trainingSessions;
  const trainers = sql<string[]>`coalesce((SELECT array_agg(st.trainer_id::text) FROM ${schema.sessionTrainers} st WHERE st.session_id = ${s.id}), '{}')`;
  const rows = await db
    .select({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt, villageId: s.villageId, venue: s.venue, villageName: schema.orgUnits.name, trainerIds: trainers })
    .from(s)
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, s.villageId))
    .where(
      and(
        lt(s.startsAt, to),
        gt(s.endsAt, from),
        ne(s.status, 'cancelled'),
        ignoreIds.length > 0 ? notInArray(s.id, [...ignoreIds]) : undefined,
        or(
          inArray(s.villageId, villageIds),
          sql`EXISTS (SELECT 1 FROM ${schema.sessionTrainers} st WHERE st.session_id = ${s.id} AND st.trainer_id IN ${trainerIds})`,
        ),
      ),
    );
  return rows;
}

function conflict(planned: PlannedSession, other: Booked, rule: ScheduleConflict['rule'], trainerId: string | null, travel?: { minutes: number; missing: number }): ScheduleConflict {
  return {
    rule,
    plannedStartsAt: planned.startsAt.toISOString(),
    sessionId: other.id,
    sessionStartsAt: other.startsAt.toISOString(),
    sessionEndsAt: other.endsAt.toISOString(),
    sessionVillageName: other.villageName,
    trainerId,
    travelMinutes: travel?.minutes ?? null,
    minutesMissing: travel?.missing ?? null,
  };
}

/**
 * Each trainer's day around a planned session: the nearest booking before and after it
 * decide whether there is time to drive between the two villages.
 */
function travelConflicts(planned: PlannedSession, trainerId: string, bookings: readonly Booked[], travel: TravelContext): ScheduleConflict[] {
  const before = bookings.filter((b) => b.endsAt <= planned.startsAt).sort((x, y) => y.endsAt.getTime() - x.endsAt.getTime())[0];
  const after = bookings.filter((b) => b.startsAt >= planned.endsAt).sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime())[0];
  const found: ScheduleConflict[] = [];
  for (const [other, gapMs, from, to] of [
    [before, before && planned.startsAt.getTime() - before.endsAt.getTime(), before?.villageId, planned.villageId],
    [after, after && after.startsAt.getTime() - planned.endsAt.getTime(), planned.villageId, after?.villageId],
  ] as const) {
    if (!other || gapMs === undefined || !from || !to) continue;
    const { minutes } = travel.between(from, to);
    if (minutes === null) continue;
    const missing = Math.ceil(minutes - gapMs / 60_000);
    if (missing > 0) found.push(conflict(planned, other, 'travel_time', trainerId, { minutes, missing }));
  }
  return found;
}

/**
 * Every reason the planned sessions cannot all happen: one trainer twice at once, one
 * venue (same village, same venue text) twice at once, or too little time for a trainer
 * to drive from one village to the next. Planned sessions are checked against what is
 * booked and against each other; `ignoreIds` are sessions the plan replaces.
 */
export async function findConflicts(db: Pick<Database, 'select'>, planned: readonly PlannedSession[], ignoreIds: readonly string[] = []): Promise<ScheduleConflict[]> {
  if (planned.length === 0) return [];
  const booked = await bookedNear(db, planned, ignoreIds);
  const travel = await loadTravelContext(db, [...planned.map((p) => p.villageId), ...booked.map((b) => b.villageId)]);
  const conflicts: ScheduleConflict[] = [];
  planned.forEach((session, index) => {
    // Earlier sessions of the same draft count as booked, so a clash inside a draft is reported once.
    const others: Booked[] = [...booked, ...planned.slice(0, index).map((p) => ({ ...p, id: null }))];
    const clashing = others.filter((other) => overlaps(session, other));
    for (const other of clashing) {
      for (const trainerId of session.trainerIds) {
        if (other.trainerIds.includes(trainerId)) conflicts.push(conflict(session, other, 'trainer_overlap', trainerId));
      }
      if (sameVenue(session, other)) conflicts.push(conflict(session, other, 'venue_overlap', null));
    }
    for (const trainerId of session.trainerIds) {
      const bookings = others.filter((other) => other.trainerIds.includes(trainerId) && !overlaps(session, other));
      conflicts.push(...travelConflicts(session, trainerId, bookings, travel));
    }
  });
  return conflicts;
}

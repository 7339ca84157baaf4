import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@fieldschool/db';
import { SCHEDULE_TIME_ZONE, type OrgLevel, type ReportQuery } from '@fieldschool/contracts';
import { AppError } from '../../errors.ts';
import { inArea, inAreaSql, type Principal } from '../principal.ts';

/**
 * Who sees which figures, written once for every report. A session belongs to the unit
 * that holds its village (where it was held): an admin's reports cover the sessions held
 * in their area, a secretary's the sessions held in their village, a trainer's the
 * sessions they ran (in their area). Household categories are for admins and the
 * village's own secretary only.
 */
export interface ReportScope {
  unit: { id: string; name: string; level: OrgLevel; path: string };
  /** Only sessions this trainer ran: a trainer's own, or the trainerId filter. */
  trainerIds: string[];
  showHouseholdCategories: boolean;
  query: ReportQuery;
}

export async function resolveScope(db: Database, principal: Principal, query: ReportQuery): Promise<ReportScope> {
  const unitId = query.orgUnitId ?? principal.orgUnitId;
  const { rows } = await db.execute<{ id: string; name: string; level: OrgLevel; path: string }>(
    sql`SELECT id, name, level, path FROM org_units WHERE id = ${unitId}`,
  );
  const unit = rows[0];
  // A filter naming a unit outside one's area is a bad value of that field (400), as for farmers and matters.
  if (!unit || !inArea(principal.orgUnitPath, unit.path)) throw new AppError('org_unit_invalid', 'No such place in your area', { field: 'orgUnitId' });
  const trainerIds = [...new Set([...(principal.role === 'trainer' ? [principal.id] : []), ...(query.trainerId ? [query.trainerId] : [])])];
  return { unit, trainerIds, showHouseholdCategories: principal.role !== 'trainer', query };
}

/** The instant a local day starts in the county's zone. */
export const dayStart = (day: string) => sql`(${day}::date::timestamp AT TIME ZONE ${SCHEDULE_TIME_ZONE})`;

/** An instant on the county's clock to the minute ("2031-03-14 08:05"), as `localDateTime` writes it in JS. */
export const localMinute = (at: SQL) => sql`to_char(${at} AT TIME ZONE ${SCHEDULE_TIME_ZONE}, 'YYYY-MM-DD HH24:MI')`;

/** A session's month in the county's zone ("2031-03"): the month it starts in. */
export const localMonth = (startsAt: SQL) => sql`to_char(${startsAt} AT TIME ZONE ${SCHEDULE_TIME_ZONE}, 'YYYY-MM')`;

/**
 * SQL: the sessions of the scope and filters, as a subquery with the columns reports need
 * (id, status, starts_at, ends_at, capacity, village_id, village_path, course_id, topic).
 */
export function scopedSessions(scope: ReportScope): SQL {
  const { query } = scope;
  const conditions: SQL[] = [inAreaSql(scope.unit.path, sql`v.path`)];
  if (query.from) conditions.push(sql`s.starts_at >= ${dayStart(query.from)}`);
  // `to` includes its whole day.
  if (query.to) conditions.push(sql`s.starts_at < ${dayStart(query.to)} + interval '1 day'`);
  if (query.topic) conditions.push(sql`c.topic = ${query.topic}`);
  if (query.courseId) conditions.push(sql`s.course_id = ${query.courseId}`);
  for (const trainerId of scope.trainerIds) {
    conditions.push(sql`EXISTS (SELECT 1 FROM session_trainers st WHERE st.session_id = s.id AND st.trainer_id = ${trainerId})`);
  }
  return sql`SELECT s.id, s.status, s.starts_at, s.ends_at, s.capacity, s.village_id, v.path AS village_path, s.course_id, c.topic
    FROM training_sessions s
    JOIN org_units v ON v.id = s.village_id
    JOIN courses c ON c.id = s.course_id
    WHERE ${sql.join(conditions, sql` AND `)}`;
}

/** Trainer hours count only the named trainers' share when the scope names any. */
export function trainerHoursCondition(scope: ReportScope): SQL {
  return scope.trainerIds.length ? sql`st.trainer_id IN (${sql.join(scope.trainerIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`true`;
}

export const COUNTED = sql`a.status IN ('present', 'late')`;

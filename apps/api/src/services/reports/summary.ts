import { sql } from 'drizzle-orm';
import type { Database } from '@fieldschool/db';
import type { ReportFigures, ReportQuery, ReportSummary } from '@fieldschool/contracts';
import { inAreaSql, type Principal } from '../principal.ts';
import { countedFarmers } from './counted-farmers.ts';
import { resolveScope, scopedSessions, trainerHoursCondition, type ReportScope } from './scope.ts';

/*
 * The key figures. Everything additive (人次, women, party members, household categories,
 * excused/absent, materials) is summed from report_session_figures, one row per session kept
 * exact by triggers; a cancelled session's records never count. Distinct farmers (人) are
 * not additive across sessions, months or villages, so they are counted from the counted
 * attendances themselves (counted-farmers.ts).
 */

type SummaryRow = {
  held: number;
  planned: number;
  cancelled: number;
  attendances: number;
  held_attendances: number;
  women: number;
  party: number;
  dibao: number;
  wubao: number;
  monitored: number;
  materials: number;
  villages_reached: number;
  villages_total: number;
  farmers: number;
  trainer_hours: number;
};

export async function reportFigures(db: Database, scope: ReportScope): Promise<ReportFigures> {
  const { rows } = await db.execute<SummaryRow>(sql`
    WITH s AS (${scopedSessions(scope)}),
    r AS (SELECT s.*, coalesce(x.attendances, 0) AS attendances, coalesce(x.women, 0) AS women, coalesce(x.party_members, 0) AS party,
            coalesce(x.dibao, 0) AS dibao, coalesce(x.wubao, 0) AS wubao, coalesce(x.monitored, 0) AS monitored, coalesce(x.materials, 0) AS materials
          FROM s LEFT JOIN report_session_figures x ON x.session_id = s.id)
    SELECT
      count(*) FILTER (WHERE status = 'completed')::int AS held,
      count(*) FILTER (WHERE status IN ('scheduled', 'in_progress'))::int AS planned,
      count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
      coalesce(sum(attendances) FILTER (WHERE status <> 'cancelled'), 0)::int AS attendances,
      coalesce(sum(attendances) FILTER (WHERE status = 'completed'), 0)::int AS held_attendances,
      coalesce(sum(women) FILTER (WHERE status <> 'cancelled'), 0)::int AS women,
      coalesce(sum(party) FILTER (WHERE status <> 'cancelled'), 0)::int AS party,
      coalesce(sum(dibao) FILTER (WHERE status <> 'cancelled'), 0)::int AS dibao,
      coalesce(sum(wubao) FILTER (WHERE status <> 'cancelled'), 0)::int AS wubao,
      coalesce(sum(monitored) FILTER (WHERE status <> 'cancelled'), 0)::int AS monitored,
      coalesce(sum(materials) FILTER (WHERE status <> 'cancelled'), 0)::int AS materials,
      count(DISTINCT village_id) FILTER (WHERE status <> 'cancelled' AND attendances > 0)::int AS villages_reached,
      (SELECT count(*) FROM org_units u WHERE u.level = 'village' AND ${inAreaSql(scope.unit.path, sql`u.path`)})::int AS villages_total,
      (SELECT farmers FROM (${countedFarmers(scope)}) d) AS farmers,
      (SELECT coalesce(sum(extract(epoch FROM s.ends_at - s.starts_at)), 0) / 3600 FROM s JOIN session_trainers st ON st.session_id = s.id
         WHERE s.status = 'completed' AND ${trainerHoursCondition(scope)})::float8 AS trainer_hours
    FROM r`);
  const row = rows[0]!;
  return {
    sessionsHeld: row.held,
    sessionsPlanned: row.planned,
    sessionsCancelled: row.cancelled,
    attendances: row.attendances,
    farmers: row.farmers,
    materials: row.materials,
    villagesReached: row.villages_reached,
    villagesTotal: row.villages_total,
    averageAttendance: row.held ? round(row.held_attendances / row.held, 1) : null,
    womenShare: row.attendances ? round(row.women / row.attendances, 3) : null,
    partyMemberAttendances: row.party,
    householdCategories: scope.showHouseholdCategories ? { dibao: row.dibao, wubao: row.wubao, monitored: row.monitored } : null,
    trainerHours: round(row.trainer_hours, 1),
  };
}

export const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function reportSummary(db: Database, principal: Principal, query: ReportQuery): Promise<ReportSummary> {
  const scope = await resolveScope(db, principal, query);
  return { scope: { id: scope.unit.id, name: scope.unit.name, level: scope.unit.level }, figures: await reportFigures(db, scope) };
}

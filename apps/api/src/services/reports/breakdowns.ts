import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@fieldschool/db';
import type { CourseTopic, OrgLevel, ReportByMonth, ReportByTopic, ReportByUnit, ReportByUnitQuery, ReportQuery } from '@fieldschool/contracts';
import { inAreaSql, type Principal } from '../principal.ts';
import { idOnPathSql, idsOnPath } from '../org-units.ts';
import { countedFarmers, unitColumnAt, type CountedColumn } from './counted-farmers.ts';
import { localMonth, resolveScope, scopedSessions, type ReportScope } from './scope.ts';

/*
 * The same figures split by month, topic or unit. Each group's distinct farmers are counted
 * within the group (a farmer who came in March and in May is one in each month and one in
 * the year), so the groups' farmers do not add up to the total, by design.
 */

type GroupRow = {
  key: string;
  held: number;
  attendances: number;
  materials: number;
  farmers: number;
};

/**
 * Per group key (an SQL expression over the session columns `s.*`, equal to the key of the
 * report_counted column it names): sessions held, 人次, 人, materials.
 */
async function grouped(db: Database, scope: ReportScope, key: SQL, column: CountedColumn): Promise<GroupRow[]> {
  const { rows } = await db.execute<GroupRow>(sql`
    WITH s AS (SELECT s.*, ${key} AS key FROM (${scopedSessions(scope)}) s),
    totals AS (
      SELECT s.key, count(*) FILTER (WHERE s.status = 'completed')::int AS held,
        coalesce(sum(x.attendances) FILTER (WHERE s.status <> 'cancelled'), 0)::int AS attendances,
        coalesce(sum(x.materials) FILTER (WHERE s.status <> 'cancelled'), 0)::int AS materials
      FROM s LEFT JOIN report_session_figures x ON x.session_id = s.id GROUP BY s.key),
    people AS (${countedFarmers(scope, column)})
    SELECT totals.*, coalesce(people.farmers, 0) AS farmers FROM totals LEFT JOIN people USING (key) ORDER BY key`);
  return rows;
}

const figures = (row: GroupRow) => ({ sessionsHeld: row.held, attendances: row.attendances, farmers: row.farmers, materials: row.materials });

export async function monthRows(db: Database, scope: ReportScope): Promise<ReportByMonth> {
  const rows = await grouped(db, scope, localMonth(sql`s.starts_at`), 'month');
  return { items: rows.map((row) => ({ month: row.key, ...figures(row) })) };
}

export async function topicRows(db: Database, scope: ReportScope): Promise<ReportByTopic> {
  const rows = await grouped(db, scope, sql`s.topic::text`, 'topic');
  return { items: rows.map((row) => ({ topic: row.key as CourseTopic, ...figures(row) })) };
}

export async function reportByMonth(db: Database, principal: Principal, query: ReportQuery): Promise<ReportByMonth> {
  return monthRows(db, await resolveScope(db, principal, query));
}

export async function reportByTopic(db: Database, principal: Principal, query: ReportQuery): Promise<ReportByTopic> {
  return topicRows(db, await resolveScope(db, principal, query));
}

type UnitRow = GroupRow & {
  id: string;
  name: string;
  level: OrgLevel;
  villages_reached: number;
  villages_total: number;
  last_session_at: Date | null;
};

/**
 * The scope's child units (or every village of it), each with its figures over the
 * sessions held inside it, the villages reached there and its last held session.
 */
export async function reportByUnit(db: Database, principal: Principal, query: ReportByUnitQuery): Promise<ReportByUnit> {
  const { level, ...filters } = query;
  const scope = await resolveScope(db, principal, filters);
  const units =
    level === 'village'
      ? sql`SELECT id, name, level, path FROM org_units WHERE level = 'village' AND ${inAreaSql(scope.unit.path, sql`path`)}`
      : sql`SELECT id, name, level, path FROM org_units WHERE parent_id = ${scope.unit.id}`;
  // The units listed are the villages, or the scope's children: the units one deeper on the paths.
  const depth = idsOnPath(scope.unit.path).length;
  // A session belongs to the village it was held in and to each unit on that village's path: an
  // equality join either way (a prefix match tried every unit against every village).
  const unitOfSession = level === 'village' ? sql`u.id = s.village_id` : sql`u.id = ${idOnPathSql(sql`s.village_path`, depth + 1)}`;
  const unitColumn: CountedColumn = level === 'village' || depth >= 3 ? 'village_id' : unitColumnAt(depth + 1);
  const { rows } = await db.execute<UnitRow>(sql`
    WITH u AS (${units}),
    s AS (SELECT s.*, u.id AS unit_id FROM (${scopedSessions(scope)}) s JOIN u ON ${unitOfSession}),
    totals AS (
      SELECT s.unit_id, count(*) FILTER (WHERE s.status = 'completed')::int AS held,
        coalesce(sum(x.attendances) FILTER (WHERE s.status <> 'cancelled'), 0)::int AS attendances,
        coalesce(sum(x.materials) FILTER (WHERE s.status <> 'cancelled'), 0)::int AS materials,
        count(DISTINCT s.village_id) FILTER (WHERE s.status <> 'cancelled' AND x.attendances > 0)::int AS villages_reached,
        max(s.starts_at) FILTER (WHERE s.status = 'completed') AS last_session_at
      FROM s LEFT JOIN report_session_figures x ON x.session_id = s.id GROUP BY s.unit_id),
    people AS (${countedFarmers(scope, unitColumn)}),
    -- Villages per unit in one pass over the scope's villages: a village lies in each unit on its
    -- path (the chain of ids down to it), the same rule as inAreaSql. A prefix match per unit
    -- scanned every village once for each of the 161 villages listed.
    vt AS (
      SELECT a.id::uuid AS unit_id, count(*)::int AS villages_total
      FROM org_units v, unnest(string_to_array(trim(BOTH '/' FROM v.path), '/')) AS a(id)
      WHERE v.level = 'village' AND ${inAreaSql(scope.unit.path, sql`v.path`)}
      GROUP BY a.id)
    SELECT u.id, u.name, u.level,
      coalesce(t.held, 0) AS held, coalesce(t.attendances, 0) AS attendances, coalesce(t.materials, 0) AS materials,
      coalesce(p.farmers, 0) AS farmers, coalesce(t.villages_reached, 0) AS villages_reached, t.last_session_at,
      coalesce(vt.villages_total, 0) AS villages_total
    FROM u LEFT JOIN totals t ON t.unit_id = u.id LEFT JOIN people p ON p.key = u.id LEFT JOIN vt ON vt.unit_id = u.id
    ORDER BY u.name, u.id`);
  return {
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      level: row.level,
      ...figures(row),
      villagesReached: row.villages_reached,
      villagesTotal: row.villages_total,
      lastSessionAt: row.last_session_at ? new Date(row.last_session_at).toISOString() : null,
    })),
  };
}

import { sql, type SQL } from 'drizzle-orm';
import { idsOnPath } from '../org-units.ts';
import type { ReportScope } from './scope.ts';

/*
 * Distinct farmers (人), from report_counted: one narrow row per counted attendance with its
 * session's keys (migration 0013), kept by triggers. Each grouping column leads an index with
 * the farmer next and the filters included, so a group's count(DISTINCT farmer_id) reads the
 * farmers in order from the index alone; every group counts its own farmers, so groups do not
 * add up to the total. Cancelled sessions have no rows there.
 */

/** report_counted's columns of the units at each depth of the tree (1 the county, 3 a township's villages). */
type UnitColumn = 'unit1_id' | 'unit2_id' | 'unit3_id';

export function unitColumnAt(depth: number): UnitColumn {
  if (depth === 1 || depth === 2 || depth === 3) return `unit${depth}_id`;
  throw new Error(`report_counted keeps the units at depths 1 to 3, not ${depth}`);
}

/** The columns a breakdown groups by; those it groups by on the dashboard lead an index (month, farmer_id) and so on. */
export type CountedColumn = 'month' | 'topic' | UnitColumn | 'village_id';

/** The key a column answers, as the breakdowns join on it (units by id). */
function keyOf(column: CountedColumn, value: SQL): SQL {
  if (column === 'month') return sql`to_char(${value}, 'YYYY-MM')`;
  if (column === 'topic') return sql`${value}::text`;
  return value;
}

/** The same sessions as scopedSessions(scope), as conditions on report_counted's copies of their keys. */
function conditions(scope: ReportScope): SQL[] {
  const { query } = scope;
  // A unit's sessions are those held in the villages under it, whose paths hold it at its depth.
  const where: SQL[] = [sql`${sql.identifier(unitColumnAt(idsOnPath(scope.unit.path).length))} = ${scope.unit.id}`];
  if (query.from) where.push(sql`day >= ${query.from}::date`);
  if (query.to) where.push(sql`day <= ${query.to}::date`);
  if (query.topic) where.push(sql`topic = ${query.topic}`);
  if (query.courseId) where.push(sql`course_id = ${query.courseId}`);
  for (const trainerId of scope.trainerIds) {
    where.push(sql`EXISTS (SELECT 1 FROM session_trainers st WHERE st.session_id = r.session_id AND st.trainer_id = ${trainerId})`);
  }
  return where;
}

/** SQL: one row (farmers) for the whole scope, or (key, farmers) per value of `column`. */
export function countedFarmers(scope: ReportScope, column?: CountedColumn): SQL {
  const where = sql.join(conditions(scope), sql` AND `);
  if (!column) return sql`SELECT count(DISTINCT farmer_id)::int AS farmers FROM report_counted r WHERE ${where}`;
  // Grouped by the bare column, formatted after: a formatted key would lose the index's order.
  const group = sql.identifier(column);
  return sql`SELECT ${keyOf(column, sql`g.k`)} AS key, g.farmers FROM (
    SELECT ${group} AS k, count(DISTINCT farmer_id)::int AS farmers FROM report_counted r WHERE ${where} GROUP BY ${group}) g`;
}

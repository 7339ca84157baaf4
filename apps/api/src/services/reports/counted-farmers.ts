import { sql, type SQL } from 'drizzle-orm';
import { inAreaSql } from '../principal.ts';
import { idsOnPath } from '../org-units.ts';
import type { ReportScope } from './scope.ts';
import { wholeMonths, wholePeriod } from './whole-periods.ts';

/*
 * Distinct farmers (人). Every group counts its own farmers, so groups do not add up to the
 * total. Two sources, both kept exact by the writers' triggers:
 * - report_farmer_counts (migration 0014): the count per unit, whole period and topic, one row
 *   (plus unfolded deltas) per figure, whatever the year's size. Used when the range is all
 *   time, a year or a month (a month breakdown: whole months) and no course or trainer narrows it.
 * - report_counted (migration 0013): one narrow row per counted attendance with its session's
 *   keys. Each grouping column leads an index with the farmer next and the filters included, so
 *   a group's count(DISTINCT farmer_id) reads the farmers in order from the index alone; one
 *   index entry per counted attendance of the scope. Any other range, a course or a trainer.
 * Cancelled sessions count in neither.
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
  return keptFarmers(scope, column) ?? farmersOfCountedRows(scope, column);
}

/** The figures of report_farmer_counts with their deltas, of the keys `where` picks (as unit_id, period, topic, farmers). */
function farmerFigures(where: SQL): SQL {
  return sql`SELECT unit_id, period, topic, sum(farmers)::int AS farmers FROM (
    SELECT unit_id, period, topic, farmers FROM report_farmer_counts WHERE ${where}
    UNION ALL SELECT unit_id, period, topic, farmers FROM report_farmer_deltas WHERE ${where}) f
    GROUP BY unit_id, period, topic`;
}

/** countedFarmers from report_farmer_counts, or null when the scope's filters are not among its keys. */
function keptFarmers(scope: ReportScope, column?: CountedColumn): SQL | null {
  const { query } = scope;
  if (query.courseId || scope.trainerIds.length) return null;
  const topic = query.topic ?? '';
  if (column === 'month') {
    const months = wholeMonths(query.from, query.to);
    if (!months) return null;
    const range = months.length ? sql` AND period BETWEEN ${months[0]} AND ${months[1]}` : sql``;
    return sql`SELECT period AS key, farmers FROM (${farmerFigures(sql`unit_id = ${scope.unit.id} AND topic = ${topic} AND length(period) = 7${range}`)}) k`;
  }
  const period = wholePeriod(query.from, query.to);
  if (period === null) return null;
  if (!column) {
    return sql`SELECT coalesce((SELECT farmers FROM (${farmerFigures(sql`unit_id = ${scope.unit.id} AND period = ${period} AND topic = ${topic}`)}) k), 0) AS farmers`;
  }
  if (column === 'topic') {
    const topics = query.topic ? sql`topic = ${query.topic}` : sql`topic <> ''`;
    return sql`SELECT topic AS key, farmers FROM (${farmerFigures(sql`unit_id = ${scope.unit.id} AND period = ${period} AND ${topics}`)}) k`;
  }
  // Every unit of the scope: the breakdown keeps those it lists.
  const units = sql`unit_id IN (SELECT id FROM org_units WHERE ${inAreaSql(scope.unit.path, sql`path`)})`;
  return sql`SELECT unit_id AS key, farmers FROM (${farmerFigures(sql`${units} AND period = ${period} AND topic = ${topic}`)}) k`;
}

function farmersOfCountedRows(scope: ReportScope, column?: CountedColumn): SQL {
  const where = sql.join(conditions(scope), sql` AND `);
  if (!column) return sql`SELECT count(DISTINCT farmer_id)::int AS farmers FROM report_counted r WHERE ${where}`;
  // Grouped by the bare column, formatted after: a formatted key would lose the index's order.
  const group = sql.identifier(column);
  return sql`SELECT ${keyOf(column, sql`g.k`)} AS key, g.farmers FROM (
    SELECT ${group} AS k, count(DISTINCT farmer_id)::int AS farmers FROM report_counted r WHERE ${where} GROUP BY ${group}) g`;
}

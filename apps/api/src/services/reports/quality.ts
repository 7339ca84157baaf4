import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@fieldschool/db';
import { QUALITY_IDLE_MONTHS, QUALITY_LATE_RECORD_DAYS, qualityRules, type QualityItem, type QualityPage, type QualityQuery, type QualityRule } from '@fieldschool/contracts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { inAreaSql, type Principal } from '../principal.ts';
import { resolveScope, scopedSessions, type ReportScope } from './scope.ts';

/*
 * Data-quality rules, after DHIS2's validation rules: each a query over the raw tables of
 * the scope that yields findings as (rule, entity, id, label, value, limit, at, sort key).
 * The list is keyset-paged over (rule order, sort key, id), so it has no cap; the counts
 * per rule cover the whole scope.
 */

const held = sql`s.status = 'completed'`;
const counted = sql`coalesce(x.attendances, 0)`;
const sessionLabel = sql`c.title || ' · ' || v.name`;
const sessionSortKey = sql`to_char(s.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

/** The scope's sessions with their course, village and rollup, for the session rules. */
function sessionsWith(scope: ReportScope): SQL {
  return sql`(${scopedSessions(scope)}) s JOIN courses c ON c.id = s.course_id JOIN org_units v ON v.id = s.village_id LEFT JOIN report_session_figures x ON x.session_id = s.id`;
}

function sessionFinding(rule: QualityRule, from: SQL, where: SQL, value: SQL, limit: SQL, at: SQL = sql`s.starts_at`): SQL {
  return sql`SELECT ${rule}::text AS rule, 'session'::text AS entity, s.id::text AS entity_id, ${sessionLabel} AS label,
      (${value})::float8 AS value, (${limit})::float8 AS limit_value, ${at} AS at, ${sessionSortKey} AS sort_key
    FROM ${from} WHERE ${where}`;
}

function ruleQuery(rule: QualityRule, scope: ReportScope): SQL {
  const sessions = sessionsWith(scope);
  const area = (column: SQL) => inAreaSql(scope.unit.path, column);
  switch (rule) {
    case 'no_attendance':
      return sessionFinding(rule, sessions, sql`${held} AND ${counted} = 0`, sql`0`, sql`NULL`);
    case 'over_capacity':
      return sessionFinding(rule, sessions, sql`s.status <> 'cancelled' AND ${counted} > s.capacity`, counted, sql`s.capacity`);
    case 'over_population': {
      // The registered farmers of the session's village and of every village it invites.
      const population = sql`(SELECT count(*) FROM farmers f WHERE f.merged_into_id IS NULL AND (f.village_id = s.village_id
        OR f.village_id IN (SELECT tv.village_id FROM session_target_villages tv WHERE tv.session_id = s.id)))`;
      return sessionFinding(rule, sessions, sql`s.status <> 'cancelled' AND ${counted} > ${population}`, counted, population);
    }
    case 'no_materials':
      return sessionFinding(rule, sessions, sql`${held} AND coalesce(x.materials, 0) = 0`, sql`0`, sql`NULL`);
    case 'late_record': {
      const late = sql`(SELECT count(*) FROM attendances a WHERE a.session_id = s.id AND a.created_at > s.ends_at + ${`${QUALITY_LATE_RECORD_DAYS} days`}::interval)`;
      const last = sql`(SELECT max(a.created_at) FROM attendances a WHERE a.session_id = s.id)`;
      return sessionFinding(rule, sessions, sql`${late} > 0`, late, sql`${QUALITY_LATE_RECORD_DAYS}`, last);
    }
    case 'duplicate_farmer':
      // Two unmerged farmers with one ID hash, or with one name, village and birth year.
      return sql`SELECT ${rule}::text AS rule, 'farmer'::text AS entity, f.id::text AS entity_id, f.name || ' · ' || v.name AS label,
          (SELECT count(*) FROM farmers g WHERE g.merged_into_id IS NULL AND g.id <> f.id AND (g.id_number_hash = f.id_number_hash
            OR (g.name = f.name AND g.village_id = f.village_id AND g.birth_year = f.birth_year)))::float8 AS value,
          NULL::float8 AS limit_value, f.created_at AS at, v.name || ' ' || f.name AS sort_key
        FROM farmers f JOIN org_units v ON v.id = f.village_id
        WHERE f.merged_into_id IS NULL AND ${area(sql`v.path`)} AND EXISTS (SELECT 1 FROM farmers g WHERE g.merged_into_id IS NULL AND g.id <> f.id
          AND (g.id_number_hash = f.id_number_hash OR (g.name = f.name AND g.village_id = f.village_id AND g.birth_year = f.birth_year)))`;
    case 'village_idle': {
      const last = sql`(SELECT max(s.starts_at) FROM training_sessions s WHERE s.village_id = v.id AND s.status = 'completed')`;
      return sql`SELECT ${rule}::text AS rule, 'village'::text AS entity, v.id::text AS entity_id, v.name AS label,
          NULL::float8 AS value, ${QUALITY_IDLE_MONTHS}::float8 AS limit_value, ${last} AS at, v.name AS sort_key
        FROM org_units v
        WHERE v.level = 'village' AND ${area(sql`v.path`)}
          AND NOT EXISTS (SELECT 1 FROM training_sessions s WHERE s.village_id = v.id AND s.status = 'completed'
            AND s.starts_at > now() - ${`${QUALITY_IDLE_MONTHS} months`}::interval)`;
    }
  }
}

/** Where each finding is put right in the web app. */
function linkOf(entity: QualityItem['entity'], id: string): string {
  if (entity === 'farmer') return `/farmers/${id}`;
  if (entity === 'village') return `/schedule?villageId=${id}`;
  return `/schedule/sessions/${id}`;
}

interface FindingRow extends Record<string, unknown> {
  rank: number;
  rule: QualityRule;
  entity: QualityItem['entity'];
  entity_id: string;
  label: string;
  value: number | null;
  limit_value: number | null;
  at: Date | string | null;
  sort_key: string;
}

export async function listQuality(db: Database, principal: Principal, query: QualityQuery): Promise<QualityPage> {
  const scope = await resolveScope(db, principal, { orgUnitId: query.orgUnitId });
  // Trainers answer for their own sessions; who is registered twice and which village waits is the area's admins' and secretaries' work.
  const rules = qualityRules.filter((rule) => (!query.rule || rule === query.rule) && (principal.role !== 'trainer' || !['duplicate_farmer', 'village_idle'].includes(rule)));
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 3);
  const findings = sql.join(
    rules.map((rule) => sql`SELECT ${qualityRules.indexOf(rule)}::int AS rank, q.* FROM (${ruleQuery(rule, scope)}) q`),
    sql` UNION ALL `,
  );
  const page = after ? sql`WHERE (rank, sort_key COLLATE "C", entity_id) > (${Number(after[0])}::int, ${after[1]}::text COLLATE "C", ${after[2]}::text)` : sql``;
  const [{ rows }, { rows: counts }] = await Promise.all([
    db.execute<FindingRow>(sql`SELECT * FROM (${findings}) f ${page} ORDER BY rank, sort_key COLLATE "C", entity_id LIMIT ${limit + 1}`),
    db.execute<{ rule: string; n: number }>(sql`SELECT rule, count(*)::int AS n FROM (${findings}) f GROUP BY rule`),
  ]);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => ({
      rule: row.rule,
      entity: row.entity,
      entityId: row.entity_id,
      label: row.label,
      value: row.value,
      limit: row.limit_value,
      at: row.at ? new Date(row.at).toISOString() : null,
      link: linkOf(row.entity, row.entity_id),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor([String(last.rank), last.sort_key, last.entity_id]) : null,
    counts: Object.fromEntries(rules.map((rule) => [rule, counts.find((row) => row.rule === rule)?.n ?? 0])),
  };
}

import { sql } from 'drizzle-orm';
import type { Database } from '@fieldschool/db';
import type {
  ReportFarmerHistory,
  ReportPageQuery,
  ReportRoster,
  ReportSessionPage,
  ReportSessionRow,
  ReportUntrainedPage,
  ReportUntrainedQuery,
} from '@fieldschool/contracts';
import { notFound } from '../../errors.ts';
import { decodeCursor, toPage } from '../cursor.ts';
import { inAreaSql, type Principal } from '../principal.ts';
import { COUNTED, resolveScope, scopedSessions, type ReportScope } from './scope.ts';

/*
 * The drill-down below the figures: a scope's sessions with their own figures, a session's
 * roster with every status, a farmer's sessions and materials, and a village's farmers never
 * trained. Each keeps to the same scope as the figures: outside it, a 404.
 */

type SessionRow = Record<string, unknown> & {
  id: string;
  starts_at: Date;
  ends_at: Date;
  status: ReportSessionRow['status'];
  course_title: string;
  topic: ReportSessionRow['topic'];
  village_id: string;
  village_name: string;
  capacity: number;
  invited: number;
  attendances: number;
  excused: number;
  absent: number;
  materials: number;
};

function sessionRows(scope: ReportScope, where = sql`true`, order = sql`ORDER BY s.starts_at DESC, s.id DESC`, limit?: number) {
  return sql`
    SELECT s.id, s.starts_at, s.ends_at, s.status, c.title AS course_title, s.topic, s.village_id, v.name AS village_name, s.capacity,
      -- One IN over the villages, not "= s.village_id OR IN (…)": an OR scanned every farmer for each row.
      (SELECT count(*) FROM farmers f WHERE f.merged_into_id IS NULL
        AND f.village_id IN (SELECT s.village_id UNION SELECT tv.village_id FROM session_target_villages tv WHERE tv.session_id = s.id))::int AS invited,
      coalesce(x.attendances, 0) AS attendances, coalesce(x.excused, 0) AS excused, coalesce(x.absent, 0) AS absent, coalesce(x.materials, 0) AS materials
    FROM (${scopedSessions(scope)}) s
    JOIN courses c ON c.id = s.course_id
    JOIN org_units v ON v.id = s.village_id
    LEFT JOIN report_session_figures x ON x.session_id = s.id
    WHERE ${where} ${order} ${limit ? sql`LIMIT ${limit}` : sql``}`;
}

function toSessionRow(row: SessionRow): ReportSessionRow {
  return {
    id: row.id,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    status: row.status,
    courseTitle: row.course_title,
    topic: row.topic,
    villageId: row.village_id,
    villageName: row.village_name,
    capacity: row.capacity,
    invited: row.invited,
    attendances: row.attendances,
    excused: row.excused,
    absent: row.absent,
    materials: row.materials,
  };
}

/** The scope's sessions, newest first, each with attendance against capacity and invitations. */
export async function listReportSessions(db: Database, principal: Principal, query: ReportPageQuery): Promise<ReportSessionPage> {
  const { cursor, limit = 50, ...filters } = query;
  const scope = await resolveScope(db, principal, filters);
  const after = decodeCursor(cursor, 2);
  const where = after ? sql`(s.starts_at, s.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql`true`;
  const { rows } = await db.execute<SessionRow>(sessionRows(scope, where, undefined, limit + 1));
  return toPage(rows, limit, toSessionRow, (row) => [new Date(row.starts_at).toISOString(), row.id]);
}

export async function sessionRoster(db: Database, principal: Principal, sessionId: string): Promise<ReportRoster> {
  const scope = await resolveScope(db, principal, {});
  const { rows } = await db.execute<SessionRow>(sessionRows(scope, sql`s.id = ${sessionId}`));
  if (!rows[0]) throw notFound('Session');
  const { rows: roster } = await db.execute<{ id: string; farmer_id: string; name: string; village: string; status: ReportRoster['items'][number]['status']; checked_in_at: Date }>(sql`
    SELECT a.id, a.farmer_id, f.name, v.name AS village, a.status, a.checked_in_at
    FROM attendances a JOIN farmers f ON f.id = a.farmer_id JOIN org_units v ON v.id = f.village_id
    WHERE a.session_id = ${sessionId}
    ORDER BY array_position(ARRAY['present', 'late', 'excused', 'absent'], a.status::text), f.name_pinyin, f.id`);
  return {
    session: toSessionRow(rows[0]),
    items: roster.map((row) => ({
      attendanceId: row.id,
      farmerId: row.farmer_id,
      farmerName: row.name,
      villageName: row.village,
      status: row.status,
      checkedInAt: new Date(row.checked_in_at).toISOString(),
    })),
  };
}

/** A farmer of the user's area: every session they were recorded at, wherever it was held, and what they received. */
export async function farmerHistory(db: Database, principal: Principal, farmerId: string): Promise<ReportFarmerHistory> {
  const { rows } = await db.execute<{ id: string; name: string; village_id: string; village: string; township: string | null; path: string }>(sql`
    SELECT f.id, f.name, f.village_id, v.name AS village, t.name AS township, v.path
    FROM farmers f JOIN org_units v ON v.id = f.village_id LEFT JOIN org_units t ON t.id = v.parent_id
    WHERE f.id = ${farmerId} AND ${inAreaSql(principal.orgUnitPath, sql`v.path`)}`);
  const farmer = rows[0];
  if (!farmer) throw notFound('Farmer');
  const [{ rows: sessions }, { rows: materials }] = await Promise.all([
    db.execute<{ session_id: string; starts_at: Date; title: string; topic: ReportFarmerHistory['sessions'][number]['topic']; village: string; status: ReportFarmerHistory['sessions'][number]['status'] }>(sql`
      SELECT s.id AS session_id, s.starts_at, c.title, c.topic, v.name AS village, a.status
      FROM attendances a JOIN training_sessions s ON s.id = a.session_id JOIN courses c ON c.id = s.course_id JOIN org_units v ON v.id = s.village_id
      WHERE a.farmer_id = ${farmerId} ORDER BY s.starts_at DESC, s.id`),
    db.execute<{ session_id: string; title: string; quantity: number; distributed_at: Date }>(sql`
      SELECT md.session_id, m.title, md.quantity, md.distributed_at
      FROM material_distributions md JOIN materials m ON m.id = md.material_id
      WHERE md.farmer_id = ${farmerId} ORDER BY md.distributed_at DESC, md.id`),
  ]);
  return {
    farmer: { id: farmer.id, name: farmer.name, villageId: farmer.village_id, villageName: farmer.village, townshipName: farmer.township ?? '' },
    sessions: sessions.map((row) => ({ sessionId: row.session_id, startsAt: new Date(row.starts_at).toISOString(), courseTitle: row.title, topic: row.topic, villageName: row.village, status: row.status })),
    materials: materials.map((row) => ({ sessionId: row.session_id, materialTitle: row.title, quantity: row.quantity, distributedAt: new Date(row.distributed_at).toISOString() })),
  };
}

/** Farmers of the area never counted present or late anywhere: whom a secretary still has to bring. */
export async function untrainedFarmers(db: Database, principal: Principal, query: ReportUntrainedQuery): Promise<ReportUntrainedPage> {
  const scope = await resolveScope(db, principal, { orgUnitId: query.orgUnitId });
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  const { rows } = await db.execute<{ id: string; name: string; village: string; household_no: string | null; name_pinyin: string }>(sql`
    SELECT f.id, f.name, v.name AS village, f.household_no, f.name_pinyin
    FROM farmers f JOIN org_units v ON v.id = f.village_id
    WHERE f.merged_into_id IS NULL AND ${inAreaSql(scope.unit.path, sql`v.path`)}
      AND NOT EXISTS (SELECT 1 FROM attendances a JOIN training_sessions s ON s.id = a.session_id WHERE a.farmer_id = f.id AND ${COUNTED} AND s.status <> 'cancelled')
      ${after ? sql`AND (f.name_pinyin, f.id) > (${after[0]}, ${after[1]}::uuid)` : sql``}
    ORDER BY f.name_pinyin, f.id LIMIT ${limit + 1}`);
  return toPage(rows, limit, (row) => ({ id: row.id, name: row.name, villageName: row.village, householdNo: row.household_no }), (row) => [row.name_pinyin, row.id]);
}

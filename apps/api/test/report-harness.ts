import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { ReportQuery } from '@fieldschool/contracts';
import type { App } from '../src/app.ts';
import { hashToken } from '../src/services/login.ts';

/*
 * The correctness harness of issue 10: every figure of every report endpoint, asked through
 * the api as a given user, against a plain SQL query over the raw attendances, sessions,
 * farmers and distributions (never the rollup). It takes any database and an app built on
 * it, so the same check runs on the test fixtures and on a generated county year.
 */

interface Viewer {
  id: string;
  username: string;
  role: 'admin' | 'trainer' | 'secretary';
  path: string;
}

export interface Mismatch {
  username: string;
  endpoint: string;
  query: ReportQuery & { level?: string };
  field: string;
  api: unknown;
  sql: unknown;
}

/** Signs a user in without a password: an auth_sessions row, as the login would write. */
async function sessionCookie(db: Database, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(schema.authSessions).values({ tokenHash: hashToken(token), userId, csrfToken: 'harness', expiresAt: new Date(Date.now() + 3600_000) });
  return `fs_session=${token}`;
}

/** The reference: the sessions a viewer's report covers, filtered, in plain SQL. */
function referenceSessions(viewer: Viewer, unitPath: string, query: ReportQuery): SQL {
  const where: SQL[] = [sql`v.path LIKE ${unitPath} || '%'`];
  if (query.from) where.push(sql`(s.starts_at AT TIME ZONE 'Asia/Shanghai')::date >= ${query.from}::date`);
  if (query.to) where.push(sql`(s.starts_at AT TIME ZONE 'Asia/Shanghai')::date <= ${query.to}::date`);
  if (query.topic) where.push(sql`c.topic = ${query.topic}`);
  if (query.courseId) where.push(sql`s.course_id = ${query.courseId}`);
  const trainers = [...(viewer.role === 'trainer' ? [viewer.id] : []), ...(query.trainerId ? [query.trainerId] : [])];
  for (const id of trainers) where.push(sql`s.id IN (SELECT session_id FROM session_trainers WHERE trainer_id = ${id})`);
  return sql`SELECT s.*, v.path AS vpath, c.topic, to_char(s.starts_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month
    FROM training_sessions s JOIN org_units v ON v.id = s.village_id JOIN courses c ON c.id = s.course_id
    WHERE ${sql.join(where, sql` AND `)}`;
}

/** Every figure of a group of the reference sessions, straight from the raw tables. */
async function referenceFigures(db: Database, sessions: SQL, trainerIds: string[], unitPath: string, groupBy: SQL = sql`'all'`) {
  const trainerCondition = trainerIds.length ? sql`st.trainer_id IN (${sql.join(trainerIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`true`;
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    WITH rs AS (SELECT *, ${groupBy} AS g FROM (${sessions}) x),
    counted AS (SELECT rs.g, rs.village_id, rs.status AS sstatus, a.farmer_id, f.gender, f.party_member, f.household_category
      FROM attendances a JOIN rs ON rs.id = a.session_id JOIN farmers f ON f.id = a.farmer_id
      WHERE a.status IN ('present', 'late') AND rs.status <> 'cancelled')
    SELECT g.g AS key,
      (SELECT count(*) FROM rs WHERE rs.g = g.g AND status = 'completed')::int AS "sessionsHeld",
      (SELECT count(*) FROM rs WHERE rs.g = g.g AND status IN ('scheduled', 'in_progress'))::int AS "sessionsPlanned",
      (SELECT count(*) FROM rs WHERE rs.g = g.g AND status = 'cancelled')::int AS "sessionsCancelled",
      (SELECT count(*) FROM counted c WHERE c.g = g.g)::int AS attendances,
      (SELECT count(*) FROM counted c WHERE c.g = g.g AND sstatus = 'completed')::int AS held_attendances,
      (SELECT count(DISTINCT farmer_id) FROM counted c WHERE c.g = g.g)::int AS farmers,
      (SELECT count(*) FROM counted c WHERE c.g = g.g AND gender = 'female')::int AS women,
      (SELECT count(*) FROM counted c WHERE c.g = g.g AND party_member)::int AS "partyMemberAttendances",
      (SELECT count(*) FROM counted c WHERE c.g = g.g AND household_category = 'dibao')::int AS dibao,
      (SELECT count(*) FROM counted c WHERE c.g = g.g AND household_category = 'wubao')::int AS wubao,
      (SELECT count(*) FROM counted c WHERE c.g = g.g AND household_category = 'monitored')::int AS monitored,
      (SELECT count(DISTINCT village_id) FROM counted c WHERE c.g = g.g)::int AS "villagesReached",
      (SELECT coalesce(sum(md.quantity), 0) FROM material_distributions md JOIN rs ON rs.id = md.session_id WHERE rs.g = g.g AND rs.status <> 'cancelled')::int AS materials,
      (SELECT coalesce(sum(extract(epoch FROM rs.ends_at - rs.starts_at)), 0) / 3600 FROM rs JOIN session_trainers st ON st.session_id = rs.id
        WHERE rs.g = g.g AND rs.status = 'completed' AND ${trainerCondition})::float8 AS "trainerHours",
      (SELECT max(starts_at) FROM rs WHERE rs.g = g.g AND status = 'completed') AS "lastSessionAt",
      (SELECT count(*) FROM org_units WHERE level = 'village' AND path LIKE ${unitPath} || '%')::int AS "villagesTotal"
    FROM (SELECT DISTINCT g FROM rs) g`);
  return rows;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export interface HarnessOptions {
  /** Usernames to view as; by default a county admin, a township admin, up to three secretaries and three trainers. */
  usernames?: string[];
  /** Filter combinations; by default built from the data (a period, a topic, a course, a trainer, a township, a village). */
  queries?: ReportQuery[];
}

export async function compareReports(db: Database, app: App, options: HarnessOptions = {}) {
  const { rows: viewers } = await db.execute<Viewer & Record<string, unknown>>(sql`
    SELECT u.id, u.username, u.role, o.path, o.level FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.active
    ORDER BY o.level, u.role, u.username`);
  const chosen = options.usernames
    ? viewers.filter((viewer) => options.usernames!.includes(viewer.username))
    : [
        ...viewers.filter((v) => v.role === 'admin' && v.level === 'county').slice(0, 1),
        ...viewers.filter((v) => v.role === 'admin' && v.level === 'township').slice(0, 1),
        ...viewers.filter((v) => v.role === 'secretary').slice(0, 3),
        ...viewers.filter((v) => v.role === 'trainer').slice(0, 3),
      ];
  const mismatches: Mismatch[] = [];
  let comparisons = 0;
  for (const viewer of chosen) {
    const cookie = await sessionCookie(db, viewer.id);
    const call = async (path: string, query: Record<string, string | undefined>) => {
      const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
      const response = await app.inject({ method: 'GET', url: `/api/v1/reports/${path}?${search}`, headers: { cookie } });
      if (response.statusCode !== 200) throw new Error(`${viewer.username} ${path}?${search}: ${response.statusCode} ${response.body}`);
      return response.json();
    };
    for (const query of options.queries ?? (await defaultQueries(db, viewer))) {
      const { rows: units } = await db.execute<{ path: string }>(sql`SELECT path FROM org_units WHERE id = ${query.orgUnitId ?? (await unitOf(db, viewer.id))}`);
      const unitPath = units[0]!.path;
      const sessions = referenceSessions(viewer, unitPath, query);
      const trainerIds = [...(viewer.role === 'trainer' ? [viewer.id] : []), ...(query.trainerId ? [query.trainerId] : [])];
      const compare = (endpoint: string, field: string, api: unknown, expected: unknown) => {
        comparisons += 1;
        if (JSON.stringify(api) !== JSON.stringify(expected)) mismatches.push({ username: viewer.username, endpoint, query, field, api, sql: expected });
      };

      const summary = (await call('summary', query)).figures;
      const [total] = await referenceFigures(db, sessions, trainerIds, unitPath);
      const ref = total ?? emptyFigures();
      for (const field of ['sessionsHeld', 'sessionsPlanned', 'sessionsCancelled', 'attendances', 'farmers', 'materials', 'villagesReached', 'partyMemberAttendances']) {
        compare('summary', field, summary[field], ref[field]);
      }
      compare('summary', 'villagesTotal', summary.villagesTotal, (await villagesTotal(db, unitPath)));
      compare('summary', 'trainerHours', summary.trainerHours, round(Number(ref.trainerHours), 1));
      const held = Number(ref.sessionsHeld);
      compare('summary', 'averageAttendance', summary.averageAttendance, held ? round(Number(ref.held_attendances) / held, 1) : null);
      const attendances = Number(ref.attendances);
      compare('summary', 'womenShare', summary.womenShare, attendances ? round(Number(ref.women) / attendances, 3) : null);
      compare(
        'summary',
        'householdCategories',
        summary.householdCategories,
        viewer.role === 'trainer' ? null : { dibao: ref.dibao, wubao: ref.wubao, monitored: ref.monitored },
      );

      const groups = async (endpoint: string, key: string, groupBy: SQL, apiItems: Record<string, unknown>[]) => {
        const refRows = (await referenceFigures(db, sessions, trainerIds, unitPath, groupBy)).sort((a, b) => String(a.key).localeCompare(String(b.key)));
        compare(endpoint, 'keys', apiItems.map((item) => item[key]), refRows.map((row) => row.key));
        for (const row of refRows) {
          const item = apiItems.find((candidate) => candidate[key] === row.key) ?? {};
          for (const field of ['sessionsHeld', 'attendances', 'farmers', 'materials']) compare(`${endpoint}[${String(row.key)}]`, field, item[field], row[field]);
        }
      };
      await groups('by-month', 'month', sql`month`, (await call('by-month', query)).items);
      await groups('by-topic', 'topic', sql`topic::text`, (await call('by-topic', query)).items);

      for (const level of [undefined, 'village'] as const) {
        const items: Record<string, unknown>[] = (await call('by-unit', { ...query, level })).items;
        const { rows: children } = await db.execute<{ id: string; path: string }>(
          level === 'village'
            ? sql`SELECT id, path FROM org_units WHERE level = 'village' AND path LIKE ${unitPath} || '%' ORDER BY id`
            : sql`SELECT id, path FROM org_units WHERE path LIKE ${unitPath} || '%' AND path <> ${unitPath} AND parent_id = (SELECT id FROM org_units WHERE path = ${unitPath}) ORDER BY id`,
        );
        const endpoint = `by-unit${level ? '?level=village' : ''}`;
        compare(endpoint, 'ids', items.map((item) => item.id).sort(), children.map((child) => child.id).sort());
        for (const child of children) {
          const [row] = await referenceFigures(db, sql`SELECT * FROM (${sessions}) y WHERE y.vpath LIKE ${child.path} || '%'`, trainerIds, child.path);
          const ref = row ?? emptyFigures();
          const item = items.find((candidate) => candidate.id === child.id) ?? {};
          for (const field of ['sessionsHeld', 'attendances', 'farmers', 'materials', 'villagesReached', 'villagesTotal']) {
            compare(`${endpoint}[${child.id}]`, field, item[field], field === 'villagesTotal' ? await villagesTotal(db, child.path) : ref[field]);
          }
          compare(`${endpoint}[${child.id}]`, 'lastSessionAt', item.lastSessionAt, ref.lastSessionAt ? new Date(ref.lastSessionAt as string).toISOString() : null);
        }
      }
    }
  }
  return { mismatches, comparisons, viewers: chosen.map((viewer) => viewer.username) };
}

function emptyFigures(): Record<string, unknown> {
  return {
    sessionsHeld: 0, sessionsPlanned: 0, sessionsCancelled: 0, attendances: 0, held_attendances: 0, farmers: 0, women: 0,
    partyMemberAttendances: 0, dibao: 0, wubao: 0, monitored: 0, villagesReached: 0, materials: 0, trainerHours: 0, lastSessionAt: null,
  };
}

async function villagesTotal(db: Database, unitPath: string): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM org_units WHERE level = 'village' AND path LIKE ${unitPath} || '%'`);
  return rows[0]!.n;
}

async function unitOf(db: Database, userId: string): Promise<string> {
  const { rows } = await db.execute<{ id: string }>(sql`SELECT org_unit_id AS id FROM users WHERE id = ${userId}`);
  return rows[0]!.id;
}

/** Filter combinations drawn from what the viewer's area holds. */
async function defaultQueries(db: Database, viewer: Viewer): Promise<ReportQuery[]> {
  const { rows } = await db.execute<Record<string, string | null>>(sql`
    SELECT
      (SELECT to_char(min(s.starts_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') FROM training_sessions s) AS first_day,
      (SELECT to_char(percentile_disc(0.5) WITHIN GROUP (ORDER BY s.starts_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') FROM training_sessions s) AS middle_day,
      (SELECT to_char(min(s.starts_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY') FROM training_sessions s) AS first_year,
      (SELECT to_char(date_trunc('month', percentile_disc(0.5) WITHIN GROUP (ORDER BY s.starts_at) AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') FROM training_sessions s) AS middle_month_start,
      (SELECT to_char(date_trunc('month', percentile_disc(0.5) WITHIN GROUP (ORDER BY s.starts_at) AT TIME ZONE 'Asia/Shanghai') + interval '1 month - 1 day', 'YYYY-MM-DD') FROM training_sessions s) AS middle_month_end,
      (SELECT c.topic::text FROM courses c JOIN training_sessions s ON s.course_id = c.id GROUP BY c.topic ORDER BY count(*) DESC LIMIT 1) AS topic,
      (SELECT s.course_id::text FROM training_sessions s GROUP BY s.course_id ORDER BY count(*) DESC LIMIT 1) AS course_id,
      (SELECT st.trainer_id::text FROM session_trainers st GROUP BY st.trainer_id ORDER BY count(*) DESC, st.trainer_id LIMIT 1) AS trainer_id,
      (SELECT id::text FROM org_units WHERE level = 'township' AND path LIKE ${viewer.path} || '%' ORDER BY name LIMIT 1) AS township_id,
      (SELECT id::text FROM org_units WHERE level = 'village' AND path LIKE ${viewer.path} || '%' ORDER BY name LIMIT 1) AS village_id`);
  const d = rows[0]!;
  const some = (query: Record<string, string | null | undefined>) => Object.fromEntries(Object.entries(query).filter(([, value]) => value !== null && value !== undefined)) as ReportQuery;
  return [
    {},
    // A year and a month are read from the counts kept per period (report_farmer_counts), the rest from report_counted.
    some({ from: d.first_year ? `${d.first_year}-01-01` : null, to: d.first_year ? `${d.first_year}-12-31` : null }),
    some({ from: d.middle_month_start, to: d.middle_month_end, topic: d.topic }),
    some({ from: d.first_day, to: d.middle_day }),
    some({ topic: d.topic }),
    some({ courseId: d.course_id, from: d.middle_day }),
    some({ trainerId: d.trainer_id }),
    some({ orgUnitId: d.township_id, topic: d.topic }),
    some({ orgUnitId: d.village_id }),
    some({ orgUnitId: d.township_id, from: d.first_day, to: d.middle_day, trainerId: d.trainer_id }),
  ];
}

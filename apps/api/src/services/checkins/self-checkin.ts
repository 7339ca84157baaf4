import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '@fieldschool/db';
import {
  SELF_CHECKIN_PER_DEVICE,
  checkinCode,
  checkinCodeStep,
  type SelfCheckinRequest,
  type SelfCheckinResponse,
  type SelfCheckinSession,
} from '@fieldschool/contracts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit.ts';

interface SessionRow {
  id: string;
  status: string;
  starts_ms: number;
  ends_ms: number;
  venue: string;
  starts_at: string;
  ends_at: string;
  checkin_secret: string;
  course_title: string;
  village_name: string;
  /** Who the attendance is recorded by: the session's first trainer (the code is theirs to show), else its creator. */
  recorded_by: string | null;
  /** Whether a check-in at `at` is within the session's window (checkin_within_window), and the status it would count as. */
  open: boolean;
  status_at: 'present' | 'late';
}

/** The session, and what the check-in rules say of a check-in at `at` with the window's margin. */
async function findSession(db: Pick<Database, 'execute'>, sessionId: string, at = new Date(), marginMinutes = 0): Promise<SessionRow> {
  const { rows } = await db.execute(sql`
    SELECT s.id, s.status::text AS status, s.venue, s.checkin_secret,
      s.status <> 'cancelled' AND checkin_within_window(${at.toISOString()}::timestamptz, s.starts_at, s.ends_at, ${marginMinutes}::int) AS open,
      checkin_status('present', ${at.toISOString()}::timestamptz, s.starts_at, c.late_after_minutes)::text AS status_at,
      (extract(epoch FROM s.starts_at) * 1000)::float8 AS starts_ms, (extract(epoch FROM s.ends_at) * 1000)::float8 AS ends_ms,
      c.title AS course_title, v.name AS village_name,
      coalesce((SELECT st.trainer_id FROM session_trainers st WHERE st.session_id = s.id ORDER BY st.trainer_id LIMIT 1), s.created_by) AS recorded_by
    FROM training_sessions s JOIN courses c ON c.id = s.course_id JOIN org_units v ON v.id = s.village_id
    WHERE s.id = ${sessionId}`);
  const row = rows[0] as SessionRow | undefined;
  if (!row) throw notFound('Session');
  return row;
}

/** What the farmer's phone shows from the link in the code: the course, the place and the time, nothing about anyone. */
export async function selfCheckinSession(db: Database, sessionId: string): Promise<SelfCheckinSession> {
  const row = await findSession(db, sessionId);
  return {
    sessionId: row.id,
    courseTitle: row.course_title,
    villageName: row.village_name,
    venue: row.venue,
    startsAt: new Date(row.starts_ms).toISOString(),
    endsAt: new Date(row.ends_ms).toISOString(),
    status: row.status as SelfCheckinSession['status'],
  };
}

const sameCode = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The code on the trainer's screen now, or the one just before (it may have turned while the farmer typed). */
async function isCurrentCode(secret: string, code: string, now: Date): Promise<boolean> {
  const step = checkinCodeStep(now);
  const [current, previous] = await Promise.all([checkinCode(secret, step), checkinCode(secret, step - 1)]);
  return sameCode(code, current) || sameCode(code, previous);
}

/** The device as attendances name it: a hash of its cookie, so the cookie itself is never stored. */
export const selfDeviceId = (deviceToken: string) => `self:${createHash('sha256').update(deviceToken).digest('base64url').slice(0, 22)}`;

export interface SelfCheckinCall {
  db: Database;
  actor: Actor;
  input: SelfCheckinRequest;
  /** The phone's random device cookie. */
  deviceToken: string;
  windowMarginMinutes: number;
  now?: Date;
}

/**
 * A farmer checks themselves in with the code on the trainer's screen: the code first (so a
 * wrong one tells nothing about who is invited), then the session's window, then the farmer
 * among the invited by their whole name and the last 4 ID digits. One phone checks in at
 * most SELF_CHECKIN_PER_DEVICE farmers per session (counted under a lock on that pair).
 */
export async function selfCheckin(call: SelfCheckinCall): Promise<SelfCheckinResponse> {
  const { db, input } = call;
  const now = call.now ?? new Date();
  const session = await findSession(db, input.sessionId, now, call.windowMarginMinutes);
  if (!(await isCurrentCode(session.checkin_secret, input.code, now))) {
    throw new AppError('checkin_code_invalid', 'The code has expired or is not this session’s', { field: 'code' });
  }
  if (!session.open) throw new AppError('checkin_closed', 'Check-in for this session is closed', { field: 'sessionId' });
  const { rows: matches } = await db.execute(sql`
    SELECT f.id, f.name FROM farmers f
    WHERE f.name = ${input.name.trim()} AND f.id_number_last4 = ${input.idNumberLast4.toUpperCase()} AND f.merged_into_id IS NULL
      AND (f.village_id = (SELECT village_id FROM training_sessions WHERE id = ${session.id})
        OR f.village_id IN (SELECT village_id FROM session_target_villages WHERE session_id = ${session.id}))
    LIMIT 2`);
  // Two invited farmers with the same name and digits: the trainer tells them apart, not the phone.
  if (matches.length !== 1) throw new AppError('checkin_farmer_unknown', 'No invited farmer has this name and these last 4 ID digits', { field: 'name' });
  const farmer = matches[0] as { id: string; name: string };
  if (!session.recorded_by) throw new AppError('checkin_closed', 'This session has nobody to record its check-ins', { field: 'sessionId' });
  const deviceId = selfDeviceId(call.deviceToken);
  const status = session.status_at;
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`self_checkin:${session.id}:${deviceId}`}, 0))`);
    const { rows: [count] } = await tx.execute(sql`
      SELECT count(*)::int AS n, bool_or(farmer_id = ${farmer.id}) AS mine FROM attendances WHERE session_id = ${session.id} AND device_id = ${deviceId}`);
    const { n, mine } = count as { n: number; mine: boolean | null };
    if (!mine && n >= SELF_CHECKIN_PER_DEVICE) {
      throw new AppError('checkin_device_limit', `One phone checks in at most ${SELF_CHECKIN_PER_DEVICE} people per session`, { field: 'sessionId' });
    }
    // A check-in already there stands (the trainer's, or this one sent twice); an absent the server filled in gives way.
    const { rows: written } = await tx.execute(sql`
      INSERT INTO attendances AS a (id, session_id, farmer_id, status, method, device_id, recorded_by, checked_in_at)
      VALUES (${randomUUID()}, ${session.id}, ${farmer.id}, ${status}::attendance_status, 'session_qr', ${deviceId}, ${session.recorded_by}, ${now.toISOString()})
      ON CONFLICT (session_id, farmer_id) DO UPDATE SET status = excluded.status, method = excluded.method, device_id = excluded.device_id,
        recorded_by = excluded.recorded_by, checked_in_at = excluded.checked_in_at
      WHERE a.status = 'absent'
      RETURNING a.id`);
    const attendanceId = (written[0] as { id: string } | undefined)?.id;
    if (attendanceId) {
      await recordAudit(tx, call.actor, { action: 'checkin.self', entity: 'attendance', entityId: attendanceId, after: { sessionId: session.id, farmerId: farmer.id, deviceId, status } });
    }
    return attendanceId ? 'created' : 'duplicate';
  });
  return { result, farmerName: farmer.name, courseTitle: session.course_title };
}

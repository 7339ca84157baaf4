import { sql } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { CheckinItem, type AttendanceStatus, type checkinRejectReasons } from '@fieldschool/contracts';
import { newCardToken, nameColumns } from '../farmers.ts';
import { lateStatus } from '../checkins/late.ts';
import { columns, uuids } from '../sql-arrays.ts';
import { preparedRows } from '../prepared-sql.ts';
import type { SyncContext, SyncHandler, SyncOutcome, SyncTransaction } from './sync-handler.ts';

type RejectReason = (typeof checkinRejectReasons)[number];

/** How far outside its session a check-in may be; set by the api (CHECKIN_WINDOW_MARGIN_MINUTES). */
export interface CheckinRules {
  windowMarginMinutes: number;
}

/** What one query tells about every item of the batch: seen before, its session, may the caller record there, its farmer. */
interface Assessment {
  ord: number;
  seen: boolean;
  seen_attendance_id: string | null;
  session_found: boolean;
  session_status: string | null;
  /** Epoch milliseconds (Drizzle's driver gives timestamps as text). */
  starts_ms: number | null;
  ends_ms: number | null;
  late_after_minutes: number | null;
  may_record: boolean;
  /** The farmer the check-in counts for (a merged farmer's survivor); null for a walk-in not yet registered. */
  farmer_id: string | null;
  farmer_found: boolean;
  invited: boolean | null;
}

/** An item that passed every rule and will be written. */
interface Accepted {
  ord: number;
  item: CheckinItem;
  farmerId: string;
  status: AttendanceStatus;
  at: number;
}

const rows = async <T>(tx: SyncTransaction, query: ReturnType<typeof sql>): Promise<T[]> => (await tx.execute(query)).rows as T[];
const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
/**
 * Reads the batch in one statement: receipts (seen before?), sessions, the caller's right to
 * record at each, and each farmer (following a merge to the farmer it went into) with whether
 * their village is the session's or one it invites.
 */
async function assess(ctx: SyncContext, items: readonly CheckinItem[]): Promise<Assessment[]> {
  const input = columns(items, {
    ord: ['int', (_item, ord) => ord],
    id: ['uuid', (item) => item.id],
    session_id: ['uuid', (item) => item.sessionId],
    farmer_id: ['uuid', (item) => item.farmerId ?? item.provisionalFarmer!.id],
    new_village_id: ['uuid', (item) => item.provisionalFarmer?.villageId ?? null],
  });
  const isAdmin = ctx.principal.role === 'admin';
  return preparedRows<Assessment>(
    ctx.tx,
    sql`
    WITH item AS (SELECT * FROM ${input})
    SELECT i.ord,
      r.item_id IS NOT NULL AS seen,
      r.attendance_id AS seen_attendance_id,
      s.id IS NOT NULL AS session_found,
      s.status::text AS session_status,
      (extract(epoch FROM s.starts_at) * 1000)::float8 AS starts_ms,
      (extract(epoch FROM s.ends_at) * 1000)::float8 AS ends_ms,
      c.late_after_minutes,
      CASE WHEN ${isAdmin} THEN coalesce(starts_with(sv.path, ${ctx.principal.orgUnitPath}), false)
           ELSE EXISTS (SELECT 1 FROM session_trainers st WHERE st.session_id = s.id AND st.trainer_id = ${ctx.principal.id}) END AS may_record,
      who.farmer_id,
      who.farmer_id IS NOT NULL OR i.new_village_id IS NOT NULL AS farmer_found,
      (who.village_id = s.village_id
        OR EXISTS (SELECT 1 FROM session_target_villages tv WHERE tv.session_id = s.id AND tv.village_id = who.village_id)) AS invited
    FROM item i
    LEFT JOIN sync_receipts r ON r.item_id = i.id
    LEFT JOIN training_sessions s ON s.id = i.session_id
    LEFT JOIN courses c ON c.id = s.course_id
    LEFT JOIN org_units sv ON sv.id = s.village_id
    LEFT JOIN farmers f ON f.id = i.farmer_id
    LEFT JOIN farmers m ON m.id = f.merged_into_id
    CROSS JOIN LATERAL (SELECT coalesce(m.id, f.id) AS farmer_id, coalesce(m.village_id, f.village_id, i.new_village_id) AS village_id) who
    ORDER BY i.ord`,
  );
}

/** The first rule an item breaks, in the order a trainer would want to hear them; none: it may be written. */
function rejectionOf(a: Assessment, item: CheckinItem, rules: CheckinRules): RejectReason | null {
  if (!a.session_found) return 'session_not_found';
  if (!a.may_record) return 'not_your_session';
  if (a.session_status === 'cancelled') return 'session_cancelled';
  const at = Date.parse(item.checkedInAt);
  const margin = rules.windowMarginMinutes * 60_000;
  if (at < a.starts_ms! - margin || at > a.ends_ms! + margin) return 'outside_session_window';
  if (!a.farmer_found) return 'farmer_not_found';
  if (!a.invited) return 'farmer_not_invited';
  return null;
}

/** The earliest check-in of a (session, farmer) wins; an `absent` the server filled in gives way to any real one. */
const incomingWins = sql`(a.status = 'absent' AND excluded.status <> 'absent')
  OR ((a.status = 'absent') = (excluded.status = 'absent') AND excluded.checked_in_at < a.checked_in_at)`;

/**
 * The check-in handler. Set-based: one statement reads the whole batch, and the writes are
 * multi-row INSERT … ON CONFLICT statements, so the unique keys decide (sync_receipts.item_id:
 * seen before; attendances (session_id, farmer_id): another device was first), also against
 * a concurrent batch, which the conflicting insert waits for. Rows are written in key order,
 * so two batches touching the same farmers take their locks in the same order.
 */
export function checkinItems(rules: CheckinRules): SyncHandler<CheckinItem> {
  return {
    kind: 'checkin',
    schema: CheckinItem,
    roles: ['admin', 'trainer'],
    async handle(ctx, items) {
      const outcomes: SyncOutcome[] = new Array(items.length);
      // Exactly one of farmerId and provisionalFarmer; an id twice in one batch is answered once.
      const firstOf = new Map<string, number>();
      const candidates: number[] = [];
      items.forEach((item, ord) => {
        if ((item.farmerId === undefined) === (item.provisionalFarmer === undefined)) {
          outcomes[ord] = { id: item.id, result: 'rejected', reason: 'invalid_item' };
        } else if (!firstOf.has(item.id)) {
          firstOf.set(item.id, ord);
          candidates.push(ord);
        }
      });
      const assessed = candidates.length ? await assess(ctx, candidates.map((ord) => items[ord]!)) : [];
      const accepted: Accepted[] = [];
      assessed.forEach((a, index) => {
        const ord = candidates[index]!;
        const item = items[ord]!;
        if (a.seen) {
          outcomes[ord] = { id: item.id, result: 'duplicate', attendanceId: a.seen_attendance_id ?? undefined };
          return;
        }
        const reason = rejectionOf(a, item, rules);
        if (reason) {
          outcomes[ord] = { id: item.id, result: 'rejected', reason };
          return;
        }
        const at = Date.parse(item.checkedInAt);
        const status = lateStatus(item.status, new Date(at), new Date(a.starts_ms!), a.late_after_minutes!);
        accepted.push({ ord, item, farmerId: a.farmer_id ?? item.provisionalFarmer!.id, status, at });
      });
      if (accepted.length) await write(ctx, accepted, outcomes);
      // Later copies of an id in the same batch get the first copy's answer, as a re-send would.
      items.forEach((item, ord) => {
        const first = firstOf.get(item.id);
        if (outcomes[ord] === undefined && first !== undefined) {
          const earlier = outcomes[first]!;
          outcomes[ord] = earlier.result === 'rejected' ? earlier : { id: item.id, result: 'duplicate', attendanceId: earlier.attendanceId };
        }
      });
      return outcomes;
    },
  };
}

/**
 * Writes the accepted items in one statement (one round trip; the report trigger only appends
 * a delta, so phones at one session share no row but the attendances'). The attendance row is
 * the arbiter (its unique key waits for a concurrent batch holding the same farmer at the
 * session), then each item claims its receipt: one that another batch claimed first (a re-send
 * still in flight when this one began) is a duplicate, and its no-op update of the attendance
 * changes nothing.
 */
async function write(ctx: SyncContext, accepted: Accepted[], outcomes: SyncOutcome[]): Promise<void> {
  const { tx, principal, deviceId } = ctx;
  const actor = ctx.actor ?? { userId: principal.id };
  const registered = await registerWalkIns(ctx, accepted);

  // One row per (session, farmer): the batch's own earliest check-in stands for the group.
  const leaders = new Map<string, Accepted>();
  for (const a of accepted) {
    const key = `${a.item.sessionId}|${a.farmerId}`;
    const best = leaders.get(key);
    if (!best || a.at < best.at) leaders.set(key, a);
  }
  const leaderIds = new Set([...leaders.values()].map((a) => a.item.id));
  const input = columns(accepted, {
    id: ['uuid', (a) => a.item.id],
    session_id: ['uuid', (a) => a.item.sessionId],
    farmer_id: ['uuid', (a) => a.farmerId],
    status: ['text', (a) => a.status],
    method: ['text', (a) => a.item.method],
    checked_in_at: ['timestamptz', (a) => a.item.checkedInAt],
    leader: ['boolean', (a) => leaderIds.has(a.item.id)],
  });
  const claimed = await preparedRows<{ item_id: string; attendance_id: string; result: 'created' | 'merged' }>(
    tx,
    sql`WITH input AS (SELECT * FROM ${input}), up AS (
          INSERT INTO attendances AS a (id, session_id, farmer_id, status, method, device_id, recorded_by, checked_in_at)
          SELECT id, session_id, farmer_id, status::attendance_status, method::check_in_method, ${deviceId}, ${principal.id}, checked_in_at
          FROM input WHERE leader
          ORDER BY session_id, farmer_id
          ON CONFLICT (session_id, farmer_id) DO UPDATE SET
            status = CASE WHEN ${incomingWins} THEN excluded.status ELSE a.status END,
            method = CASE WHEN ${incomingWins} THEN excluded.method ELSE a.method END,
            device_id = CASE WHEN ${incomingWins} THEN excluded.device_id ELSE a.device_id END,
            recorded_by = CASE WHEN ${incomingWins} THEN excluded.recorded_by ELSE a.recorded_by END,
            checked_in_at = CASE WHEN ${incomingWins} THEN excluded.checked_in_at ELSE a.checked_in_at END
          RETURNING a.id, a.session_id, a.farmer_id, (a.xmax = 0) AS inserted
        ), answered AS (
          SELECT i.id AS item_id, up.id AS attendance_id, CASE WHEN up.inserted AND up.id = i.id THEN 'created' ELSE 'merged' END AS result
          FROM input i JOIN up ON up.session_id = i.session_id AND up.farmer_id = i.farmer_id
        ), claimed AS (
          INSERT INTO sync_receipts (item_id, kind, device_id, recorded_by, result, attendance_id)
          SELECT item_id, 'checkin', ${deviceId}, ${principal.id}, result, attendance_id FROM answered ORDER BY item_id
          ON CONFLICT (item_id) DO NOTHING RETURNING item_id, result, attendance_id
        ), logged AS (
          -- A data-modifying WITH runs whether or not the query reads it.
          INSERT INTO audit_log (actor_id, action, entity, after, request_id, ip)
          SELECT ${actor.userId}, 'checkin.sync', 'attendance', jsonb_build_object(
              'deviceId', ${deviceId}::text,
              'created', coalesce((SELECT jsonb_agg(attendance_id ORDER BY item_id) FROM claimed WHERE result = 'created'), '[]'),
              'merged', coalesce((SELECT jsonb_agg(jsonb_build_object('itemId', item_id, 'attendanceId', attendance_id) ORDER BY item_id) FROM claimed WHERE result = 'merged'), '[]'),
              'provisionalFarmers', ${json(registered)}),
            ${actor.requestId ?? null}, ${actor.ip ?? null}
        )
        SELECT item_id, attendance_id, result FROM claimed`,
  );
  const byItem = new Map(claimed.map((row) => [row.item_id, row]));
  const lost: Accepted[] = [];
  const merged = new Set<string>();
  for (const a of accepted) {
    const row = byItem.get(a.item.id);
    if (!row) lost.push(a);
    else {
      outcomes[a.ord] = { id: a.item.id, result: row.result, attendanceId: row.attendance_id };
      if (row.result === 'merged') merged.add(row.attendance_id);
    }
  }
  if (lost.length) {
    const earlier = await rows<{ item_id: string; attendance_id: string | null }>(
      tx,
      sql`SELECT item_id, attendance_id FROM sync_receipts WHERE item_id = ANY(${uuids(lost.map((a) => a.item.id))})`,
    );
    const attendanceOf = new Map(earlier.map((row) => [row.item_id, row.attendance_id]));
    for (const a of lost) outcomes[a.ord] = { id: a.item.id, result: 'duplicate', attendanceId: attendanceOf.get(a.item.id) ?? undefined };
  }
  if (merged.size) await auditMerges(ctx, [...merged]);
}

/** Walk-ins become provisional farmers under the phone's id; a re-sent one is already there. Answers the ids registered now. */
async function registerWalkIns(ctx: SyncContext, accepted: Accepted[]): Promise<string[]> {
  const walkIns = new Map<string, Record<string, unknown>>();
  for (const { item } of accepted) {
    const p = item.provisionalFarmer;
    if (!p || walkIns.has(p.id)) continue;
    const names = nameColumns(p.name);
    walkIns.set(p.id, {
      id: p.id,
      village_id: p.villageId,
      name: names.name,
      initials: names.namePinyinInitials,
      pinyin: names.namePinyin,
      gender: p.gender,
      birth_year: p.birthYear,
      phone: p.phone ?? null,
      card_token: newCardToken(),
    });
  }
  if (!walkIns.size) return [];
  const registered = await rows<{ id: string }>(
    ctx.tx,
    sql`INSERT INTO farmers (id, village_id, name, name_pinyin_initials, name_pinyin, gender, birth_year, phone, card_token, provisional)
        SELECT id, village_id, name, initials, pinyin, gender::gender, birth_year, phone, card_token, true
        FROM jsonb_to_recordset(${json([...walkIns.values()])})
          AS x(id uuid, village_id uuid, name text, initials text, pinyin text, gender text, birth_year int, phone text, card_token text)
        ORDER BY id
        ON CONFLICT (id) DO NOTHING RETURNING id`,
  );
  return registered.map((row) => row.id);
}

/**
 * One audit line per merged attendance, naming every device and user whose check-ins it
 * holds (the batch's own line is written with its rows): the receipts of a concurrent batch
 * this one merged into are committed by now, so they are seen.
 */
async function auditMerges(ctx: SyncContext, merged: string[]): Promise<void> {
  const actor = ctx.actor ?? { userId: ctx.principal.id };
  const sources = await rows<{ attendance_id: string; devices: string[]; users: string[]; items: string[] }>(
    ctx.tx,
    sql`SELECT attendance_id, array_agg(DISTINCT device_id) AS devices, array_agg(DISTINCT recorded_by::text) AS users, array_agg(item_id::text) AS items
        FROM sync_receipts WHERE attendance_id = ANY(${uuids(merged)}) GROUP BY attendance_id`,
  );
  await ctx.tx.insert(schema.auditLog).values(
    sources.map((source) => ({
      actorId: actor.userId,
      action: 'attendance.merge',
      entity: 'attendance',
      entityId: source.attendance_id,
      after: { devices: source.devices, recordedBy: source.users, items: source.items },
      requestId: actor.requestId ?? null,
      ip: actor.ip ?? null,
    })),
  );
}

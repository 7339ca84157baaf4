import { sql } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { CheckinItem, type AttendanceStatus, type checkinRejectReasons } from '@fieldschool/contracts';
import { newCardToken, nameColumns } from '../farmers.ts';
import { lateStatus } from '../checkins/late.ts';
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
/** A uuid[] parameter (the ids are checked UUIDs, so the array literal needs no quoting). */
const uuids = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/**
 * Reads the batch in one statement: receipts (seen before?), sessions, the caller's right to
 * record at each, and each farmer (following a merge to the farmer it went into) with whether
 * their village is the session's or one it invites.
 */
async function assess(ctx: SyncContext, items: readonly CheckinItem[]): Promise<Assessment[]> {
  const input = items.map((item, ord) => ({
    ord,
    id: item.id,
    session_id: item.sessionId,
    farmer_id: item.farmerId ?? item.provisionalFarmer!.id,
    new_village_id: item.provisionalFarmer?.villageId ?? null,
  }));
  const isAdmin = ctx.principal.role === 'admin';
  return rows<Assessment>(
    ctx.tx,
    sql`
    WITH item AS (
      SELECT * FROM jsonb_to_recordset(${json(input)}) AS x(ord int, id uuid, session_id uuid, farmer_id uuid, new_village_id uuid)
    )
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

async function write(ctx: SyncContext, accepted: Accepted[], outcomes: SyncOutcome[]): Promise<void> {
  const { tx, principal, deviceId } = ctx;
  // Claim every item id: the one that inserts its receipt writes it; a concurrent batch that
  // claimed it first (and has committed by the time this insert returns) makes it a duplicate.
  const claimed = await rows<{ item_id: string }>(
    tx,
    sql`INSERT INTO sync_receipts (item_id, kind, device_id, recorded_by, result)
        SELECT id, 'checkin', ${deviceId}, ${principal.id}, 'pending' FROM unnest(${uuids(accepted.map((a) => a.item.id))}) AS id ORDER BY id
        ON CONFLICT (item_id) DO NOTHING RETURNING item_id`,
  );
  const mine = new Set(claimed.map((row) => row.item_id));
  const lost = accepted.filter((a) => !mine.has(a.item.id));
  if (lost.length) {
    const earlier = await rows<{ item_id: string; attendance_id: string | null }>(
      tx,
      sql`SELECT item_id, attendance_id FROM sync_receipts WHERE item_id = ANY(${uuids(lost.map((a) => a.item.id))})`,
    );
    const attendanceOf = new Map(earlier.map((row) => [row.item_id, row.attendance_id]));
    for (const a of lost) outcomes[a.ord] = { id: a.item.id, result: 'duplicate', attendanceId: attendanceOf.get(a.item.id) ?? undefined };
  }
  const writing = accepted.filter((a) => mine.has(a.item.id));
  if (!writing.length) return;

  // Walk-ins become provisional farmers under the phone's id; a re-sent one is already there.
  const walkIns = new Map<string, Record<string, unknown>>();
  for (const { item } of writing) {
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
  const registered = walkIns.size
    ? await rows<{ id: string }>(
        tx,
        sql`INSERT INTO farmers (id, village_id, name, name_pinyin_initials, name_pinyin, gender, birth_year, phone, card_token, provisional)
            SELECT id, village_id, name, initials, pinyin, gender::gender, birth_year, phone, card_token, true
            FROM jsonb_to_recordset(${json([...walkIns.values()])})
              AS x(id uuid, village_id uuid, name text, initials text, pinyin text, gender text, birth_year int, phone text, card_token text)
            ORDER BY id
            ON CONFLICT (id) DO NOTHING RETURNING id`,
      )
    : [];

  // One row per (session, farmer): the batch's own earliest check-in stands for the group.
  const groups = new Map<string, Accepted[]>();
  for (const a of writing) {
    const key = `${a.item.sessionId}|${a.farmerId}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const leaders = [...groups.values()].map((group) => group.reduce((best, a) => (a.at < best.at ? a : best)));
  const upserted = await rows<{ id: string; session_id: string; farmer_id: string; inserted: boolean }>(
    tx,
    sql`INSERT INTO attendances AS a (id, session_id, farmer_id, status, method, device_id, recorded_by, checked_in_at)
        SELECT id, session_id, farmer_id, status::attendance_status, method::check_in_method, ${deviceId}, ${principal.id}, checked_in_at
        FROM jsonb_to_recordset(${json(
          leaders.map((a) => ({ id: a.item.id, session_id: a.item.sessionId, farmer_id: a.farmerId, status: a.status, method: a.item.method, checked_in_at: a.item.checkedInAt })),
        )}) AS x(id uuid, session_id uuid, farmer_id uuid, status text, method text, checked_in_at timestamptz)
        ORDER BY session_id, farmer_id
        ON CONFLICT (session_id, farmer_id) DO UPDATE SET
          status = CASE WHEN ${incomingWins} THEN excluded.status ELSE a.status END,
          method = CASE WHEN ${incomingWins} THEN excluded.method ELSE a.method END,
          device_id = CASE WHEN ${incomingWins} THEN excluded.device_id ELSE a.device_id END,
          recorded_by = CASE WHEN ${incomingWins} THEN excluded.recorded_by ELSE a.recorded_by END,
          checked_in_at = CASE WHEN ${incomingWins} THEN excluded.checked_in_at ELSE a.checked_in_at END
        RETURNING a.id, a.session_id, a.farmer_id, (a.xmax = 0) AS inserted`,
  );
  const rowOf = new Map(upserted.map((row) => [`${row.session_id}|${row.farmer_id}`, row]));
  const receipts: { id: string; result: string; attendance_id: string }[] = [];
  const mergedAttendances = new Set<string>();
  for (const [key, group] of groups) {
    const row = rowOf.get(key)!;
    for (const a of group) {
      const result = row.inserted && row.id === a.item.id ? 'created' : 'merged';
      if (result === 'merged') mergedAttendances.add(row.id);
      outcomes[a.ord] = { id: a.item.id, result, attendanceId: row.id };
      receipts.push({ id: a.item.id, result, attendance_id: row.id });
    }
  }
  await tx.execute(sql`UPDATE sync_receipts r SET result = x.result, attendance_id = x.attendance_id
    FROM jsonb_to_recordset(${json(receipts)}) AS x(id uuid, result text, attendance_id uuid) WHERE r.item_id = x.id`);
  await audit(ctx, receipts, registered.map((row) => row.id), [...mergedAttendances]);
}

/**
 * One line for the batch (what it created, merged and registered), and one per merged
 * attendance naming every device and user whose check-ins it holds: the receipts of a
 * concurrent batch this one merged into are committed by now, so they are seen.
 */
async function audit(ctx: SyncContext, receipts: { id: string; result: string; attendance_id: string }[], walkIns: string[], merged: string[]): Promise<void> {
  const actor = ctx.actor ?? { userId: ctx.principal.id };
  const line = (action: string, entity: string, entityId: string | null, after: unknown) => ({
    actorId: actor.userId,
    action,
    entity,
    entityId,
    after,
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
  });
  const lines = [
    line('checkin.sync', 'attendance', null, {
      deviceId: ctx.deviceId,
      created: receipts.filter((r) => r.result === 'created').map((r) => r.attendance_id),
      merged: receipts.filter((r) => r.result === 'merged').map((r) => ({ itemId: r.id, attendanceId: r.attendance_id })),
      provisionalFarmers: walkIns,
    }),
  ];
  if (merged.length) {
    const sources = await rows<{ attendance_id: string; devices: string[]; users: string[]; items: string[] }>(
      ctx.tx,
      sql`SELECT attendance_id, array_agg(DISTINCT device_id) AS devices, array_agg(DISTINCT recorded_by::text) AS users, array_agg(item_id::text) AS items
          FROM sync_receipts WHERE attendance_id = ANY(${uuids(merged)}) GROUP BY attendance_id`,
    );
    for (const source of sources) {
      lines.push(line('attendance.merge', 'attendance', source.attendance_id, { devices: source.devices, recordedBy: source.users, items: source.items }));
    }
  }
  await ctx.tx.insert(schema.auditLog).values(lines);
}

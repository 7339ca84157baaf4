import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { demoIdNumber, demoMaterials, demoPhone, personName, schema, seededRandom, type Database, type Random } from '@fieldschool/db';
import { completeIdNumber, type CheckInMethod, type CheckinItem, type DistributionSyncItem } from '@fieldschool/contracts';
import { DEFAULT_SECRETARY_SETTINGS, defaultCheckinSettings } from './config.ts';
import { protectIdNumber } from './services/id-number.ts';
import { nameColumns } from './services/farmers.ts';
import { toPrincipal, type Principal } from './services/principal.ts';
import { findUserWithUnit } from './services/users.ts';
import { syncHandlers } from './services/sync/handlers.ts';
import { runSyncBatch, syncRegistry } from './services/sync/sync-batch.ts';

/** A county year as DESIGN.md §1 gives it: about 20,000 farmers and 45,000 attendances (人次) at the demo's sessions. */
export const COUNTY_YEAR = { farmers: 20_000, attendances: 45_000 };
const BATCH = 500;
/** How check-ins are taken in the field: mostly the roster and the printed card, some by the session code, walk-ins, paper sheets. */
const METHODS: Array<[CheckInMethod, number]> = [['roster', 0.46], ['qr_card', 0.3], ['session_qr', 0.1], ['paper', 0.1], ['walk_in', 0.04]];
/** Shares of the county's farmers: party members, and the three household categories. */
const SHARES = { party: 0.07, dibao: 0.06, wubao: 0.01, monitored: 0.03 };
/** The share of a session's attendees who take a copy of a material the demo does not list. */
const DEFAULT_TAKE = 0.5;

interface HeldSession {
  id: string;
  startsAt: Date;
  villageId: string;
  invited: string[];
  trainerId: string;
  /** The printed materials its course hands out. */
  materials: { id: string; title: string }[];
}

export interface CountyYearOptions {
  idNumberKey: Buffer;
  /** 1: the county's year; 100: a year a hundred times larger (reports benchmark): farmers, held sessions and attendances all ×scale. */
  scale?: number;
  /** Farmers and attendances of one round: COUNTY_YEAR unless given (the restore drill takes a smaller year to stay quick). */
  year?: { farmers: number; attendances: number };
  /** Called after each round of the scale, with what it made. */
  progress?: (round: number, made: { farmers: number; attendances: number }) => void;
  /** Aborted: stops before the next session (a stopping api); what was synced stays, and a later run fills the sessions still empty. */
  signal?: AbortSignal;
}

/**
 * Fills the demo county's year: farmers up to 20,000 (placed in the villages its held sessions
 * invite, more where more sessions are held), party members and household categories at
 * realistic shares, and about 45,000 attendances at the held (completed) sessions, sent
 * through the real sync handler, a session at a time as the trainers' phones would send them,
 * with methods mixed, some late, some excused, some walk-ins; then the copies of its course's
 * materials handed to the room (about 33,000 in all), as a count per material. The same farmers come to
 * several sessions, so 人次 is well above 人. With `scale`, each further round clones the
 * held sessions (new ids, same course, place, time and trainer: reports do not mind the
 * double booking) and adds a county's worth of farmers and attendances again.
 */
export async function seedCountyYear(db: Database, options: CountyYearOptions): Promise<{ farmers: number; attendances: number; sessions: number }> {
  const scale = options.scale ?? 1;
  const year = options.year ?? COUNTY_YEAR;
  const random = seededRandom(45_000);
  const base = await heldSessions(db);
  if (base.length === 0) return { farmers: 0, attendances: 0, sessions: 0 };
  const principals = new Map<string, Principal>();
  const registry = syncRegistry(syncHandlers({ checkin: defaultCheckinSettings, secretaries: DEFAULT_SECRETARY_SETTINGS }));
  const totals = { farmers: 0, attendances: 0, sessions: 0 };
  const [{ existing }] = (await db.execute(sql`SELECT count(*)::int AS existing FROM farmers`)).rows as [{ existing: number }];
  for (let round = 0; round < scale; round += 1) {
    const sessions = round === 0 ? base : await cloneSessions(db, base);
    const farmersByVillage = await addFarmers(db, options.idNumberKey, random, sessions, year.farmers - (round === 0 ? existing : 0), round === 0);
    const made = { farmers: [...farmersByVillage.values()].reduce((n, list) => n + list.length, 0), attendances: 0 };
    const pools = sessions.map((session) => session.invited.flatMap((villageId) => farmersByVillage.get(villageId) ?? []));
    const wanted = attendanceCounts(pools.map((pool) => Math.floor(pool.length * 0.92)), year.attendances, random);
    // One session at a time, as its trainer's phone sends it: a stop between sessions leaves each one whole or empty.
    for (const [index, session] of sessions.entries()) {
      options.signal?.throwIfAborted();
      const principal = principals.get(session.trainerId) ?? (await principalOf(db, session.trainerId));
      principals.set(session.trainerId, principal);
      const items = sample(pools[index]!, wanted[index]!, random).map((farmerId) => checkinOf(session, farmerId, random));
      for (let i = 0; i < items.length; i += BATCH) {
        const { results } = await runSyncBatch({
          db,
          registry,
          principal,
          actor: { userId: principal.id },
          request: { deviceId: `demo-phone-${principal.username}`, items: items.slice(i, i + BATCH) },
        });
        made.attendances += results.filter((r) => r.result === 'created').length;
      }
      const present = items.filter((item) => item.status === 'present').length;
      const handedOut = distributionsOf(session, present, random);
      if (handedOut.length) await runSyncBatch({ db, registry, principal, actor: { userId: principal.id }, request: { deviceId: `demo-phone-${principal.username}`, items: handedOut } });
    }
    totals.farmers += made.farmers;
    totals.attendances += made.attendances;
    totals.sessions += sessions.length;
    options.progress?.(round + 1, made);
  }
  await markShares(db);
  await db.execute(sql`ANALYZE farmers, attendances, sync_receipts`);
  return totals;
}

async function heldSessions(db: Database): Promise<HeldSession[]> {
  const { rows } = await db.execute(sql`
    SELECT s.id, (extract(epoch FROM s.starts_at) * 1000)::float8 AS starts_ms, s.village_id,
      array(SELECT s.village_id UNION SELECT tv.village_id FROM session_target_villages tv WHERE tv.session_id = s.id) AS invited,
      (SELECT st.trainer_id FROM session_trainers st WHERE st.session_id = s.id ORDER BY st.trainer_id LIMIT 1) AS trainer_id,
      coalesce((SELECT jsonb_agg(jsonb_build_object('id', m.id, 'title', m.title) ORDER BY m.title)
        FROM course_materials cm JOIN materials m ON m.id = cm.material_id WHERE cm.course_id = s.course_id), '[]') AS materials
    FROM training_sessions s WHERE s.status = 'completed' AND s.id NOT IN (SELECT DISTINCT session_id FROM attendances) ORDER BY s.starts_at, s.id`);
  return (rows as { id: string; starts_ms: number; village_id: string; invited: string[]; trainer_id: string; materials: HeldSession['materials'] }[]).map((r) => ({
    id: r.id,
    startsAt: new Date(r.starts_ms),
    villageId: r.village_id,
    invited: r.invited,
    trainerId: r.trainer_id,
    materials: r.materials,
  }));
}

/** A copy of each held session for a further round of the scale, with its trainer and invited villages. */
async function cloneSessions(db: Database, sessions: HeldSession[]): Promise<HeldSession[]> {
  const pairs = sessions.map((s) => ({ from: s.id, to: randomUUID(), secret: randomBytes(32).toString('base64url') }));
  const map = sql`jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS x("from" uuid, "to" uuid, secret text)`;
  await db.transaction(async (tx) => {
    await tx.execute(sql`INSERT INTO training_sessions (id, course_id, village_id, venue, starts_at, ends_at, capacity, notes, status, checkin_secret, created_by)
      SELECT x."to", s.course_id, s.village_id, s.venue, s.starts_at, s.ends_at, s.capacity, s.notes, s.status, x.secret, s.created_by FROM ${map} JOIN training_sessions s ON s.id = x."from"`);
    await tx.execute(sql`INSERT INTO session_trainers (session_id, trainer_id) SELECT x."to", st.trainer_id FROM ${map} JOIN session_trainers st ON st.session_id = x."from"`);
    await tx.execute(sql`INSERT INTO session_target_villages (session_id, village_id) SELECT x."to", tv.village_id FROM ${map} JOIN session_target_villages tv ON tv.session_id = x."from"`);
  });
  return sessions.map((s, i) => ({ ...s, id: pairs[i]!.to }));
}

/**
 * `count` new farmers, placed where the held sessions invite (a village weighs one more for
 * each session inviting it), with the demo's names, ID numbers and phones; gives every
 * farmer of those villages this round may draw on, by village (in the first round, the
 * demo's own farmers too).
 */
async function addFarmers(db: Database, idKey: Buffer, random: Random, sessions: HeldSession[], count: number, withEarlier: boolean): Promise<Map<string, string[]>> {
  const weight = new Map<string, number>();
  for (const s of sessions) for (const v of s.invited) weight.set(v, (weight.get(v) ?? 0.3) + 1);
  const villages = [...weight.keys()];
  const cumulative: number[] = [];
  villages.reduce((sum, v) => (cumulative.push(sum + weight.get(v)!), sum + weight.get(v)!), 0);
  const total = cumulative.at(-1)!;
  const pickVillage = () => {
    const r = random.next() * total;
    return villages[cumulative.findIndex((c) => c >= r)] ?? villages[0]!;
  };
  const names = new Map<string, ReturnType<typeof nameColumns>>();
  const byVillage = new Map<string, string[]>();
  let rows: (typeof schema.farmers.$inferInsert)[] = [];
  const flush = async () => {
    if (!rows.length) return;
    const inserted = await db.insert(schema.farmers).values(rows).onConflictDoNothing().returning({ id: schema.farmers.id, villageId: schema.farmers.villageId });
    for (const r of inserted) appendTo(byVillage, r.villageId, r.id);
    rows = [];
  };
  for (let i = 0; i < count; i += 1) {
    const name = personName(random);
    const columns = names.get(name) ?? nameColumns(name);
    names.set(name, columns);
    const female = random.next() < 0.5;
    const birthYear = random.int(1950, 2004);
    const id = random.next() < 0.8 ? protectIdNumber(demoIdNumber(random, birthYear, female, completeIdNumber), idKey) : undefined;
    rows.push({
      villageId: pickVillage(),
      householdNo: String(random.int(1, 71)).padStart(3, '0'),
      ...columns,
      gender: female ? 'female' : 'male',
      birthYear,
      phone: random.next() < 0.6 ? demoPhone(random) : null,
      idNumberHash: id?.hash ?? null,
      idNumberLast4: id?.last4 ?? null,
      cardToken: randomBytes(16).toString('base64url'),
    });
    if (rows.length === 1000) await flush();
  }
  await flush();
  if (withEarlier) {
    // The farmers already there (the demo's own) come to sessions too.
    const mine = new Set([...byVillage.values()].flat());
    const { rows: earlier } = await db.execute(sql`SELECT id, village_id FROM farmers WHERE merged_into_id IS NULL AND village_id = ANY(${`{${villages.join(',')}}`}::uuid[])`);
    for (const r of earlier as { id: string; village_id: string }[]) if (!mine.has(r.id)) appendTo(byVillage, r.village_id, r.id);
  }
  return byVillage;
}

/**
 * How many come to each session: the county's total spread with ±40 % between sessions,
 * none above what its villages can send (`caps`); what small villages cannot send goes to
 * the sessions that still have room, so the year adds up to about `total`.
 */
function attendanceCounts(caps: readonly number[], total: number, random: Random): number[] {
  const shares = caps.map(() => 0.6 + random.next() * 0.8);
  let scale = total / shares.reduce((sum, share) => sum + share, 0);
  let counts = shares.map((share, i) => Math.min(Math.round(share * scale), caps[i]!));
  for (let round = 0; round < 5; round += 1) {
    const missing = total - counts.reduce((sum, n) => sum + n, 0);
    const open = shares.reduce((sum, share, i) => sum + (counts[i]! < caps[i]! ? share : 0), 0);
    if (missing <= 0 || open === 0) break;
    scale += missing / open;
    counts = shares.map((share, i) => Math.min(Math.round(share * scale), caps[i]!));
  }
  return counts;
}

function appendTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `k` of `pool`, without repeats (a partial Fisher–Yates shuffle of a copy). */
function sample<T>(pool: readonly T[], k: number, random: Random): T[] {
  const copy = [...pool];
  for (let i = 0; i < k; i += 1) {
    const j = i + Math.floor(random.next() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, k);
}

function pickMethod(random: Random): CheckInMethod {
  let r = random.next();
  for (const [method, share] of METHODS) if ((r -= share) < 0) return method;
  return 'roster';
}

/** One check-in as a phone would send it: most from 25 minutes before to 12 after the start, one in eight later (the late rule decides), some excused. */
function checkinOf(session: HeldSession, farmerId: string, random: Random): CheckinItem {
  const method = pickMethod(random);
  const minutes = random.next() < 0.12 ? random.int(16, 60) : random.int(-25, 12);
  const checkedInAt = new Date(session.startsAt.getTime() + minutes * 60_000).toISOString();
  const status = random.next() < 0.02 ? 'excused' : 'present';
  if (method !== 'walk_in') return { id: randomUUID(), sessionId: session.id, farmerId, status, method, checkedInAt };
  // A walk-in is a new provisional farmer of the session's village (the roster farmer drawn stays home).
  const female = random.next() < 0.5;
  return {
    id: randomUUID(),
    sessionId: session.id,
    provisionalFarmer: { id: randomUUID(), name: personName(random), villageId: session.villageId, gender: female ? 'female' : 'male', birthYear: random.int(1950, 2004) },
    status,
    method,
    checkedInAt,
  };
}

/** What the trainer handed to the room after the session: of each course material, copies for about its share of those present. */
function distributionsOf(session: HeldSession, present: number, random: Random): DistributionSyncItem[] {
  const distributedAt = new Date(session.startsAt.getTime() + 90 * 60_000).toISOString();
  return session.materials.flatMap((material) => {
    const take = demoMaterials.find((listed) => listed.title === material.title)?.perAttendee ?? DEFAULT_TAKE;
    const quantity = Math.round(present * take * (0.85 + random.next() * 0.3));
    return quantity > 0 ? [{ kind: 'distribution' as const, id: randomUUID(), sessionId: session.id, materialId: material.id, quantity, distributedAt }] : [];
  });
}

async function principalOf(db: Database, userId: string): Promise<Principal> {
  const found = await findUserWithUnit(db, userId);
  if (!found) throw new Error(`county year: no user ${userId}`);
  return toPrincipal(found.user, found.orgUnitPath);
}

/** Party members and household categories at the county's shares, over every farmer. */
async function markShares(db: Database): Promise<void> {
  await db.execute(sql`UPDATE farmers SET party_member = (r.p < ${SHARES.party}),
      household_category = (CASE WHEN r.h < ${SHARES.dibao} THEN 'dibao' WHEN r.h < ${SHARES.dibao + SHARES.wubao} THEN 'wubao'
        WHEN r.h < ${SHARES.dibao + SHARES.wubao + SHARES.monitored} THEN 'monitored' END)::household_category
    FROM (SELECT id, random() AS p, random() AS h FROM farmers OFFSET 0) r WHERE r.id = farmers.id`);
}

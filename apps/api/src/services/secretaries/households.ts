import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { AddHouseholdNeed, Household, HouseholdCategory, HouseholdList, HouseholdMember, HouseholdSummary, UpdateHousehold } from '@fieldschool/contracts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit.ts';
import { getOrgUnit } from '../org-units.ts';
import type { Principal } from '../principal.ts';
import { keepsVillageRecords } from '../village-keepers.ts';

/** Which category a household shows when members differ: the one that asks the most of the village. */
const CATEGORY_ORDER: readonly HouseholdCategory[] = ['wubao', 'dibao', 'monitored'];

/** The village, when the principal keeps its records; 404 for anyone else, so nothing about it leaks. */
async function keptVillage(db: Database, principal: Principal, villageId: string) {
  const unit = await getOrgUnit(db, villageId);
  if (!unit || unit.level !== 'village' || !keepsVillageRecords(principal, unit)) throw notFound('Household records');
  return unit;
}

const f = schema.farmers;
const h = schema.households;

async function membersOf(db: Pick<Database, 'select'>, villageId: string, householdNo?: string) {
  return db
    .select({ householdNo: f.householdNo, farmerId: f.id, name: f.name, gender: f.gender, birthYear: f.birthYear, partyMember: f.partyMember, householdCategory: f.householdCategory })
    .from(f)
    .where(and(eq(f.villageId, villageId), isNull(f.mergedIntoId), householdNo === undefined ? sql`${f.householdNo} IS NOT NULL AND ${f.householdNo} <> ''` : eq(f.householdNo, householdNo)))
    .orderBy(asc(f.birthYear), asc(f.namePinyin));
}

function derived(members: readonly Pick<HouseholdMember, 'partyMember' | 'householdCategory'>[]) {
  return {
    householdCategory: CATEGORY_ORDER.find((category) => members.some((member) => member.householdCategory === category)) ?? null,
    partyMemberHousehold: members.some((member) => member.partyMember),
  };
}

const needCounts = (db: Pick<Database, 'select'>, villageId: string) =>
  db
    .select({ householdNo: h.householdNo, count: sql<number>`count(${schema.householdNeeds.id})::int` })
    .from(h)
    .leftJoin(schema.householdNeeds, eq(schema.householdNeeds.householdId, h.id))
    .where(eq(h.villageId, villageId))
    .groupBy(h.householdNo);

/** Every household of a village: each household number its farmers carry, and each record kept without farmers yet. */
export async function listHouseholds(db: Database, principal: Principal, actor: Actor, villageId: string): Promise<HouseholdList> {
  const village = await keptVillage(db, principal, villageId);
  const [members, records, needs] = await Promise.all([membersOf(db, villageId), db.select().from(h).where(eq(h.villageId, villageId)), needCounts(db, villageId)]);
  const numbers = [...new Set([...members.map((m) => m.householdNo!), ...records.map((r) => r.householdNo)])].sort((a, b) => a.localeCompare(b, 'zh-CN', { numeric: true }));
  const items: HouseholdSummary[] = numbers.map((householdNo) => {
    const theirs = members.filter((m) => m.householdNo === householdNo);
    const record = records.find((r) => r.householdNo === householdNo);
    return {
      villageId,
      villageName: village.name,
      householdNo,
      incomeBand: record?.incomeBand ?? null,
      livelihoods: (record?.livelihoods ?? []) as HouseholdSummary['livelihoods'],
      ...derived(theirs),
      memberCount: theirs.length,
      needCount: needs.find((n) => n.householdNo === householdNo)?.count ?? 0,
    };
  });
  await recordAudit(db, actor, { action: 'household.list', entity: 'village', entityId: villageId, after: { households: numbers.length } });
  return { items };
}

async function readHousehold(db: Database, village: { id: string; name: string }, householdNo: string): Promise<Household | null> {
  const [members, [record]] = await Promise.all([membersOf(db, village.id, householdNo), db.select().from(h).where(and(eq(h.villageId, village.id), eq(h.householdNo, householdNo)))]);
  if (!record && members.length === 0) return null;
  const needs = record
    ? await db
        .select({ id: schema.householdNeeds.id, notedOn: schema.householdNeeds.notedOn, need: schema.householdNeeds.need, recordedByName: schema.users.displayName, createdAt: schema.householdNeeds.createdAt })
        .from(schema.householdNeeds)
        .leftJoin(schema.users, eq(schema.users.id, schema.householdNeeds.recordedBy))
        .where(eq(schema.householdNeeds.householdId, record.id))
        .orderBy(desc(schema.householdNeeds.notedOn), desc(schema.householdNeeds.createdAt))
    : [];
  return {
    villageId: village.id,
    villageName: village.name,
    householdNo,
    incomeBand: record?.incomeBand ?? null,
    livelihoods: (record?.livelihoods ?? []) as Household['livelihoods'],
    ...derived(members),
    memberCount: members.length,
    needCount: needs.length,
    members: members.map(({ householdNo: _no, ...member }) => member),
    needs: needs.map((need) => ({ ...need, createdAt: need.createdAt.toISOString() })),
    updatedAt: record?.updatedAt.toISOString() ?? null,
  };
}

/** One household's record; the read is in the audit log. */
export async function getHousehold(db: Database, principal: Principal, actor: Actor, villageId: string, householdNo: string): Promise<Household> {
  const village = await keptVillage(db, principal, villageId);
  const household = await readHousehold(db, village, householdNo);
  if (!household) throw notFound('Household');
  await recordAudit(db, actor, { action: 'household.read', entity: 'household', entityId: `${villageId}:${householdNo}` });
  return household;
}

/** The household's row, made on its first record. */
async function householdRow(tx: Pick<Database, 'insert' | 'select'>, villageId: string, householdNo: string) {
  await tx.insert(h).values({ villageId, householdNo }).onConflictDoNothing({ target: [h.villageId, h.householdNo] });
  const [row] = await tx.select().from(h).where(and(eq(h.villageId, villageId), eq(h.householdNo, householdNo))).for('update');
  return row!;
}

export async function updateHousehold(db: Database, principal: Principal, actor: Actor, villageId: string, householdNo: string, input: UpdateHousehold): Promise<Household> {
  const village = await keptVillage(db, principal, villageId);
  await db.transaction(async (tx) => {
    const before = await householdRow(tx, villageId, householdNo);
    const [after] = await tx.update(h).set({ ...input, updatedAt: new Date() }).where(eq(h.id, before.id)).returning();
    await recordAudit(tx, actor, { action: 'household.update', entity: 'household', entityId: `${villageId}:${householdNo}`, before, after });
  });
  return (await readHousehold(db, village, householdNo))!;
}

export async function addHouseholdNeed(db: Database, principal: Principal, actor: Actor, villageId: string, householdNo: string, input: AddHouseholdNeed): Promise<Household> {
  const village = await keptVillage(db, principal, villageId);
  if (input.notedOn > new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)) throw new AppError('validation_failed', 'A need is noted on a visit that happened', { field: 'notedOn' });
  await db.transaction(async (tx) => {
    const row = await householdRow(tx, villageId, householdNo);
    const [need] = await tx.insert(schema.householdNeeds).values({ householdId: row.id, notedOn: input.notedOn, need: input.need.trim(), recordedBy: principal.id }).returning();
    await tx.update(h).set({ updatedAt: new Date() }).where(eq(h.id, row.id));
    await recordAudit(tx, actor, { action: 'household.need_add', entity: 'household', entityId: `${villageId}:${householdNo}`, after: need });
  });
  return (await readHousehold(db, village, householdNo))!;
}

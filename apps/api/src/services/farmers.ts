import { randomBytes } from 'node:crypto';
import { aliasedTable, and, asc, eq, ilike, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { nameInitials, namePinyin } from '@fieldschool/search';
import type { CreateFarmer, Farmer, FarmerDetail, FarmerPage, FarmerQuery, UpdateFarmer } from '@fieldschool/contracts';
import { AppError, notFound } from '../errors.ts';
import { recordAudit, type Actor } from './audit.ts';
import { decodeCursor, toPage } from './cursor.ts';
import { isValidIdNumber, protectIdNumber } from './id-number.ts';
import { escapeLike } from './like.ts';
import { getVisibleOrgUnit, villageOnPath } from './org-units.ts';
import { inArea, inAreaSql, type Principal } from './principal.ts';

type FarmerRow = typeof schema.farmers.$inferSelect;

/** Lists show 138****5678: enough to tell two farmers apart, not enough to call them. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

const village = aliasedTable(schema.orgUnits, 'village');
const township = aliasedTable(schema.orgUnits, 'township');
const f = schema.farmers;
/** Only the columns a reply shows (and the pinyin that orders pages): lists stay cheap to read and send. */
const shownColumns = {
  id: f.id,
  villageId: f.villageId,
  householdNo: f.householdNo,
  name: f.name,
  namePinyin: f.namePinyin,
  gender: f.gender,
  birthYear: f.birthYear,
  phone: f.phone,
  idNumberLast4: f.idNumberLast4,
  provisional: f.provisional,
  createdAt: f.createdAt,
  updatedAt: f.updatedAt,
};
const selection = { farmer: shownColumns, villageName: village.name, villagePath: village.path, townshipName: township.name };
type Selected = { farmer: Pick<FarmerRow, keyof typeof shownColumns>; villageName: string; townshipName: string };

function toFarmerDto({ farmer, villageName, townshipName }: Selected): Farmer {
  return {
    id: farmer.id,
    villageId: farmer.villageId,
    villageName,
    townshipName,
    householdNo: farmer.householdNo,
    name: farmer.name,
    gender: farmer.gender,
    birthYear: farmer.birthYear,
    phoneMasked: maskPhone(farmer.phone),
    idNumberLast4: farmer.idNumberLast4,
    provisional: farmer.provisional,
    createdAt: farmer.createdAt.toISOString(),
    updatedAt: farmer.updatedAt.toISOString(),
  };
}

function toFarmerDetailDto(row: Selected): FarmerDetail {
  return { ...toFarmerDto(row), phone: row.farmer.phone };
}

function baseQuery(db: Database) {
  return db
    .select(selection)
    .from(schema.farmers)
    .innerJoin(village, eq(village.id, schema.farmers.villageId))
    .innerJoin(township, eq(township.id, village.parentId));
}

/** What the search box means: last 4 ID digits, phone digits, pinyin initials, or a name. */
function matchQuery(q: string): SQL {
  const text = q.trim();
  if (/^\d{4}$/.test(text)) {
    return or(eq(schema.farmers.idNumberLast4, text), like(schema.farmers.phone, `%${text}%`))!;
  }
  if (/^\d+$/.test(text)) return like(schema.farmers.phone, `%${escapeLike(text)}%`);
  if (/^[a-z\s]+$/i.test(text)) {
    const letters = text.replace(/\s+/g, '').toLowerCase();
    return or(
      like(schema.farmers.namePinyinInitials, `${letters}%`),
      like(schema.farmers.namePinyin, `${letters}%`),
    )!;
  }
  return ilike(schema.farmers.name, `%${escapeLike(text)}%`);
}

export async function listFarmers(db: Database, principal: Principal, query: FarmerQuery): Promise<FarmerPage> {
  const limit = query.limit ?? 50;
  const scope = query.orgUnitId ? await getVisibleOrgUnit(db, principal, query.orgUnitId, 'query.orgUnitId') : undefined;
  const after = decodeCursor(query.cursor, 2);
  const areaPath = scope?.path ?? principal.orgUnitPath;
  const villageId = villageOnPath(areaPath);
  const conditions: SQL[] = [
    // One village: its own roster index; a wider area: the path prefix of the villages.
    villageId ? eq(schema.farmers.villageId, villageId) : inAreaSql(areaPath, village.path),
    isNull(schema.farmers.mergedIntoId),
  ];
  if (query.q?.trim()) conditions.push(matchQuery(query.q));
  if (after) {
    conditions.push(sql`(${schema.farmers.namePinyin}, ${schema.farmers.id}) > (${after[0]}, ${after[1]}::uuid)`);
  }
  // Ordered by pinyin, as Chinese rosters are read.
  const rows = await baseQuery(db)
    .where(and(...conditions))
    .orderBy(asc(schema.farmers.namePinyin), asc(schema.farmers.id))
    .limit(limit + 1);
  return toPage(rows, limit, toFarmerDto, (row) => [row.farmer.namePinyin, row.farmer.id]);
}

async function getVisibleFarmer(db: Database, principal: Principal, id: string) {
  const [row] = await baseQuery(db).where(eq(schema.farmers.id, id));
  // Outside the user's area it does not exist for them: 404, not 403, so nothing leaks.
  if (!row || !inArea(principal.orgUnitPath, row.villagePath)) throw notFound('Farmer');
  return row;
}

export async function getFarmer(db: Database, principal: Principal, id: string): Promise<FarmerDetail> {
  return toFarmerDetailDto(await getVisibleFarmer(db, principal, id));
}

async function resolveVillage(db: Database, principal: Principal, villageId: string) {
  const unit = await getVisibleOrgUnit(db, principal, villageId, 'villageId');
  if (unit.level !== 'village') throw new AppError(400, 'org_unit_invalid', 'Farmers belong to a village', 'villageId');
  return unit;
}

function idNumberColumns(idNumber: string | null | undefined, idKey: Buffer) {
  if (idNumber === undefined) return {};
  if (idNumber === null) return { idNumberHash: null, idNumberLast4: null };
  if (!isValidIdNumber(idNumber)) {
    throw new AppError(400, 'id_number_invalid', 'The ID number check digit does not match', 'idNumber');
  }
  const { hash, last4 } = protectIdNumber(idNumber, idKey);
  return { idNumberHash: hash, idNumberLast4: last4 };
}

async function assertIdNumberFree(tx: Pick<Database, 'select'>, idNumberHash: string | null | undefined, exceptId?: string) {
  if (!idNumberHash) return;
  const [other] = await tx.select({ id: schema.farmers.id }).from(schema.farmers).where(eq(schema.farmers.idNumberHash, idNumberHash));
  if (other && other.id !== exceptId) {
    throw new AppError(409, 'id_number_taken', 'A farmer with this ID number is already registered', 'idNumber');
  }
}

function nameColumns(name: string) {
  const trimmed = name.trim();
  return { name: trimmed, namePinyinInitials: nameInitials(trimmed), namePinyin: namePinyin(trimmed) };
}

/** The audit log never holds the ID hash. */
function auditable(row: FarmerRow) {
  const { idNumberHash: _idNumberHash, ...rest } = row;
  return rest;
}

export async function createFarmer(
  db: Database,
  principal: Principal,
  actor: Actor,
  idKey: Buffer,
  input: CreateFarmer,
): Promise<FarmerDetail> {
  await resolveVillage(db, principal, input.villageId);
  const idColumns = idNumberColumns(input.idNumber, idKey);
  const id = await db.transaction(async (tx) => {
    await assertIdNumberFree(tx, idColumns.idNumberHash);
    const [row] = await tx
      .insert(schema.farmers)
      .values({
        villageId: input.villageId,
        ...nameColumns(input.name),
        householdNo: input.householdNo?.trim() || null,
        gender: input.gender ?? null,
        birthYear: input.birthYear ?? null,
        phone: input.phone ?? null,
        ...idColumns,
        cardToken: randomBytes(16).toString('base64url'),
      })
      .returning();
    await recordAudit(tx, actor, { action: 'farmer.create', entity: 'farmer', entityId: row!.id, after: auditable(row!) });
    return row!.id;
  });
  return getFarmer(db, principal, id);
}

export async function updateFarmer(
  db: Database,
  principal: Principal,
  actor: Actor,
  idKey: Buffer,
  id: string,
  input: UpdateFarmer,
): Promise<FarmerDetail> {
  await getVisibleFarmer(db, principal, id);
  if (input.villageId) await resolveVillage(db, principal, input.villageId);
  const { idNumber, name, householdNo, ...rest } = input;
  const idColumns = idNumberColumns(idNumber, idKey);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(schema.farmers).where(eq(schema.farmers.id, id)).for('update');
    await assertIdNumberFree(tx, idColumns.idNumberHash, id);
    const [row] = await tx
      .update(schema.farmers)
      .set({
        ...rest,
        ...(name !== undefined ? nameColumns(name) : {}),
        ...(householdNo !== undefined ? { householdNo: householdNo?.trim() || null } : {}),
        ...idColumns,
        updatedAt: new Date(),
      })
      .where(eq(schema.farmers.id, id))
      .returning();
    await recordAudit(tx, actor, { action: 'farmer.update', entity: 'farmer', entityId: id, before: auditable(before!), after: auditable(row!) });
  });
  return getFarmer(db, principal, id);
}

import { randomBytes } from 'node:crypto';
import { aliasedTable, and, asc, eq, fillPlaceholders, ilike, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { Pool } from 'pg';
import { openPool, schema, type Database } from '@fieldschool/db';
import { nameForms } from '@fieldschool/search';
import { farmerSearchKind, isValidIdNumber, type FarmerSearchKind, type CreateFarmer, type Farmer, type FarmerDetail, type FarmerPage, type FarmerQuery, type UpdateFarmer } from '@fieldschool/contracts';
import { AppError, notFound } from '../errors.ts';
import { recordAudit, type Actor } from './audit.ts';
import { decodeCursor, toPage } from './cursor.ts';
import { protectIdNumber } from './id-number.ts';
import { escapeLike } from './like.ts';
import { getVisibleOrgUnit, idsOnPath, villageOnPath } from './org-units.ts';
import { inAreaSql, type Principal } from './principal.ts';
import { keepsVillageRecords } from './village-keepers.ts';

type FarmerRow = typeof schema.farmers.$inferSelect;

/** What a farmer's printed QR card holds: random, so a card says nothing about its farmer. */
export const newCardToken = () => randomBytes(16).toString('base64url');

/** Lists show 138****5678: enough to tell two farmers apart, not enough to call them. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

const village = aliasedTable(schema.orgUnits, 'village');
const township = aliasedTable(schema.orgUnits, 'township');
const f = schema.farmers;
/**
 * Only the columns a reply shows (and the pinyin that orders pages), flat: lists stay cheap
 * to read and send, and Drizzle maps a flat row with less work than a nested one.
 */
const selection = {
  id: f.id,
  villageId: f.villageId,
  villageName: village.name,
  townshipName: township.name,
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
type Selected = Pick<FarmerRow, 'id' | 'villageId' | 'householdNo' | 'name' | 'namePinyin' | 'gender' | 'birthYear' | 'phone' | 'idNumberLast4' | 'provisional' | 'createdAt' | 'updatedAt'> & {
  villageName: string;
  townshipName: string;
};

function toFarmerDto(row: Selected): Farmer {
  return {
    id: row.id,
    villageId: row.villageId,
    villageName: row.villageName,
    townshipName: row.townshipName,
    householdNo: row.householdNo,
    name: row.name,
    gender: row.gender,
    birthYear: row.birthYear,
    phoneMasked: maskPhone(row.phone),
    idNumberLast4: row.idNumberLast4,
    provisional: row.provisional,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** An opened farmer: the roster's columns, the village's path and the confidential attributes. */
const detailSelection = { ...selection, villagePath: village.path, partyMember: f.partyMember, householdCategory: f.householdCategory };
type DetailSelected = Selected & Pick<FarmerRow, 'partyMember' | 'householdCategory'> & { villagePath: string };

function toFarmerDetailDto(row: DetailSelected, principal: Principal): FarmerDetail {
  const detail: FarmerDetail = { ...toFarmerDto(row), phone: row.phone };
  if (keepsVillageRecords(principal, { id: row.villageId, path: row.villagePath })) {
    detail.partyMember = row.partyMember;
    detail.householdCategory = row.householdCategory;
  }
  return detail;
}

function baseQuery(db: Database) {
  return db
    .select(selection)
    .from(schema.farmers)
    .innerJoin(village, eq(village.id, schema.farmers.villageId))
    .innerJoin(township, eq(township.id, village.parentId));
}

const typed = sql.placeholder('q');
const typedPattern = sql.placeholder('qPattern');
/** Each kind's condition, on placeholders, and the values the typed text gives them. */
const searches: Record<FarmerSearchKind, { where: SQL; values(text: string): Record<string, string> }> = {
  last4: {
    where: or(eq(f.idNumberLast4, typed), like(f.phone, typedPattern))!,
    values: (text) => ({ q: text, qPattern: `%${text}%` }),
  },
  phoneDigits: { where: like(f.phone, typedPattern), values: (text) => ({ qPattern: `%${text}%` }) },
  pinyin: {
    where: or(like(f.namePinyinInitials, typedPattern), like(f.namePinyin, typedPattern))!,
    values: (text) => ({ qPattern: `${text.replace(/\s+/g, '').toLowerCase()}%` }),
  },
  name: { where: ilike(f.name, typedPattern), values: (text) => ({ qPattern: `%${escapeLike(text)}%` }) },
};

/** What makes one roster request's SQL differ from another's; each shape is one prepared statement. */
interface RosterShape {
  /** A village reads its own roster index; a township or the county matches the villages' paths. */
  area: 'county' | 'township' | 'village';
  search: FarmerSearchKind | null;
  afterCursor: boolean;
}

const AREA_BY_DEPTH = { 1: 'county', 2: 'township', 3: 'village' } as const;

/**
 * PostgreSQL plans each execution of a statement afresh (0.27 ms, more than the 0.15 ms of
 * running a county page; bench/RESULTS.md) and, with `LIMIT $n` costed at a tenth of the
 * rows, never settles on its generic plan by itself. Where one plan is right for every value,
 * the page runs on connections that always take the generic plan: a village (its own roster
 * index) and the county (every farmer is in it: walk the roster in pinyin order and stop
 * after a page). A township's share of the county decides its best plan, and a search's
 * pattern decides its: those are planned for their values. The setting is per connection,
 * hence a pool of their own.
 */
const usesGenericPlan = (shape: RosterShape) => shape.search === null && shape.area !== 'township';
export const GENERIC_PLAN_OPTIONS = '-c plan_cache_mode=force_generic_plan';

const shapeName = (shape: RosterShape) => `farmers_roster_${shape.area}_${shape.search ?? 'all'}_${shape.afterCursor ? 'next' : 'first'}`;

function areaCondition(shape: RosterShape): SQL {
  if (shape.area === 'village') return eq(f.villageId, sql.placeholder('villageId'));
  const inArea = inAreaSql(sql.placeholder('areaPath'), village.path);
  // A generic plan cannot see the path, and estimates starts_with() on an unknown prefix at
  // 0.5 % of the villages: it then scans every village for each farmer (3× slower). Inside
  // coalesce() the test is estimated at one half, and each farmer's village is looked up by
  // its key, as in the custom plan.
  return usesGenericPlan(shape) ? sql`coalesce(${inArea}, false)` : inArea;
}

function rosterQuery(db: Database, shape: RosterShape) {
  const conditions: SQL[] = [areaCondition(shape), isNull(f.mergedIntoId)];
  if (shape.search) conditions.push(searches[shape.search].where);
  if (shape.afterCursor) {
    conditions.push(sql`(${f.namePinyin}, ${f.id}) > (${sql.placeholder('afterPinyin')}, ${sql.placeholder('afterId')}::uuid)`);
  }
  // Ordered by pinyin, as Chinese rosters are read.
  return baseQuery(db)
    .where(and(...conditions))
    .orderBy(asc(f.namePinyin), asc(f.id))
    .limit(sql.placeholder('limit'));
}

/** One page of the roster of `areaPath`: the statement's shape and its placeholder values. */
function rosterRequest(areaPath: string, query: FarmerQuery) {
  const villageId = villageOnPath(areaPath);
  const after = decodeCursor(query.cursor, 2);
  const text = query.q?.trim();
  const search = text ? farmerSearchKind(text) : null;
  const limit = query.limit ?? 50;
  const area = AREA_BY_DEPTH[idsOnPath(areaPath).length as 1 | 2 | 3];
  const shape: RosterShape = { area, search, afterCursor: after !== undefined };
  const values = {
    ...(villageId ? { villageId } : { areaPath }),
    ...(search && text ? searches[search].values(text) : {}),
    ...(after ? { afterPinyin: after[0], afterId: after[1] } : {}),
    // One row beyond the page tells whether another page exists.
    limit: limit + 1,
  };
  return { shape, values, limit };
}

/** The roster's columns in the order of `selection`, which is the order PostgreSQL returns them in. */
const columnKeys = Object.keys(selection) as (keyof Selected)[];

/** A roster row read as an array (pg's rowMode 'array'), keyed as Drizzle would key it. */
function fromArray(values: unknown[]): Selected {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columnKeys.length; i += 1) row[columnKeys[i]!] = values[i];
  return row as Selected;
}

/**
 * The roster's statements for one app's database. Drizzle builds each shape's SQL once;
 * pg runs it as a named prepared statement, so PostgreSQL parses it once per connection
 * (it still plans each run afresh: its generic plan of the area filter is slower, see
 * bench/RESULTS.md); the rows come back as arrays and go straight to the DTO (Drizzle's
 * generic row mapping was the largest cost of the page in the api's CPU profile).
 */
export function farmerRoster(db: Database) {
  // drizzle(pool) keeps its pool as $client; our Database type does not spell it out.
  const pool = (db as Database & { $client: Pool }).$client;
  // Same server, user and size as the app's pool; created lazily, like its connections.
  let genericPool: Pool | undefined;
  const poolFor = (generic: boolean) => {
    if (!generic) return pool;
    genericPool ??= openPool({ ...pool.options, options: GENERIC_PLAN_OPTIONS });
    return genericPool;
  };
  const statements = new Map<string, { name: string; text: string; params: unknown[] }>();
  const statementFor = (areaPath: string, query: FarmerQuery) => {
    const { shape, values, limit } = rosterRequest(areaPath, query);
    const name = shapeName(shape);
    let statement = statements.get(name);
    if (!statement) {
      const built = rosterQuery(db, shape).toSQL();
      statement = { name, text: built.sql, params: built.params };
      statements.set(name, statement);
    }
    const genericPlan = usesGenericPlan(shape);
    return { statement: { name, text: statement.text, values: fillPlaceholders(statement.params, values) }, genericPlan, limit };
  };
  return {
    async page(areaPath: string, query: FarmerQuery): Promise<FarmerPage> {
      const { statement, genericPlan, limit } = statementFor(areaPath, query);
      const { rows } = await poolFor(genericPlan).query<unknown[]>({ ...statement, rowMode: 'array' });
      return toPage(rows.map(fromArray), limit, toFarmerDto, (row) => [row.namePinyin, row.id]);
    },
    /**
     * The statement a page runs, as PostgreSQL receives it, and the connection options it runs
     * under: the throughput benchmark's floor runs exactly this.
     */
    statementFor(areaPath: string, query: FarmerQuery): { name: string; text: string; values: unknown[]; connectionOptions: string | null } {
      const { statement, genericPlan } = statementFor(areaPath, query);
      return { ...statement, connectionOptions: genericPlan ? GENERIC_PLAN_OPTIONS : null };
    },
    /** Ends the generic-plan connections (the app's own pool is closed with the app's database). */
    async close(): Promise<void> {
      await genericPool?.end();
      genericPool = undefined;
    },
  };
}
export type FarmerRoster = ReturnType<typeof farmerRoster>;

export async function listFarmers(db: Database, roster: FarmerRoster, principal: Principal, query: FarmerQuery): Promise<FarmerPage> {
  const scope = query.orgUnitId ? await getVisibleOrgUnit(db, principal, query.orgUnitId, 'query.orgUnitId') : undefined;
  return roster.page(scope?.path ?? principal.orgUnitPath, query);
}

async function getVisibleFarmer(db: Database, principal: Principal, id: string) {
  // Outside the user's area it does not exist for them: 404, not 403, so nothing leaks.
  const [row] = await db
    .select(detailSelection)
    .from(schema.farmers)
    .innerJoin(village, eq(village.id, schema.farmers.villageId))
    .innerJoin(township, eq(township.id, village.parentId))
    .where(and(eq(schema.farmers.id, id), inAreaSql(principal.orgUnitPath, village.path)));
  if (!row) throw notFound('Farmer');
  return row;
}

export async function getFarmer(db: Database, principal: Principal, id: string): Promise<FarmerDetail> {
  const detail = toFarmerDetailDto(await getVisibleFarmer(db, principal, id), principal);
  // A merged farmer still resolves, and says where they went.
  const [merge] = await db.select({ mergedIntoId: f.mergedIntoId }).from(f).where(eq(f.id, id));
  return merge?.mergedIntoId ? { ...detail, mergedIntoId: merge.mergedIntoId } : detail;
}

async function resolveVillage(db: Database, principal: Principal, villageId: string) {
  const unit = await getVisibleOrgUnit(db, principal, villageId, 'villageId');
  if (unit.level !== 'village') throw new AppError('org_unit_invalid', 'Farmers belong to a village', { field: 'villageId' });
  return unit;
}

/** Party membership and household category may be set only by those who see them. */
function assertMaySetConfidential(principal: Principal, village: { id: string; path: string }, input: Pick<CreateFarmer, 'partyMember' | 'householdCategory'>) {
  const field = input.partyMember !== undefined ? 'partyMember' : input.householdCategory !== undefined ? 'householdCategory' : undefined;
  if (field && !keepsVillageRecords(principal, village)) throw new AppError('forbidden', 'Only admins of the area and the village secretary set this', { field });
}

function idNumberColumns(idNumber: string | null | undefined, idKey: Buffer) {
  if (idNumber === undefined) return {};
  if (idNumber === null) return { idNumberHash: null, idNumberLast4: null };
  if (!isValidIdNumber(idNumber)) {
    throw new AppError('id_number_invalid', 'The ID number check digit does not match', { field: 'idNumber' });
  }
  const { hash, last4 } = protectIdNumber(idNumber, idKey);
  return { idNumberHash: hash, idNumberLast4: last4 };
}

async function assertIdNumberFree(tx: Pick<Database, 'select'>, idNumberHash: string | null | undefined, exceptId?: string) {
  if (!idNumberHash) return;
  const [other] = await tx.select({ id: schema.farmers.id }).from(schema.farmers).where(eq(schema.farmers.idNumberHash, idNumberHash));
  if (other && other.id !== exceptId) {
    throw new AppError('id_number_taken', 'A farmer with this ID number is already registered', { field: 'idNumber' });
  }
}

/** A farmer's name as stored, with the pinyin the roster searches and orders by. */
export function nameColumns(name: string) {
  const trimmed = name.trim();
  const forms = nameForms(trimmed);
  return { name: trimmed, namePinyinInitials: forms.initials, namePinyin: forms.pinyin };
}

/**
 * A farmer's stored columns as typed in a form or a roster row (without village and card
 * token): one rule for registering, editing and importing. Throws `id_number_invalid`.
 */
export function farmerColumns(input: Omit<CreateFarmer, 'villageId'>, idKey: Buffer) {
  return {
    ...nameColumns(input.name),
    householdNo: input.householdNo?.trim() || null,
    gender: input.gender ?? null,
    birthYear: input.birthYear ?? null,
    phone: input.phone ?? null,
    ...idNumberColumns(input.idNumber, idKey),
  };
}

/** The audit log never holds the ID hash. */
export function auditable(row: FarmerRow) {
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
  const unit = await resolveVillage(db, principal, input.villageId);
  assertMaySetConfidential(principal, unit, input);
  const { villageId, ...fields } = input;
  const columns = farmerColumns(fields, idKey);
  const id = await db.transaction(async (tx) => {
    await assertIdNumberFree(tx, columns.idNumberHash);
    const [row] = await tx
      .insert(schema.farmers)
      .values({
        villageId,
        ...columns,
        partyMember: input.partyMember ?? false,
        householdCategory: input.householdCategory ?? null,
        cardToken: newCardToken(),
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
  const current = await getVisibleFarmer(db, principal, id);
  assertMaySetConfidential(principal, { id: current.villageId, path: current.villagePath }, input);
  if (input.villageId) {
    const unit = await resolveVillage(db, principal, input.villageId);
    assertMaySetConfidential(principal, unit, input);
  }
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

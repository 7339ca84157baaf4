import { randomUUID } from 'node:crypto';
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { CreateOrgUnit, OrgUnit, OrgUnitQuery, UpdateOrgUnit } from '@fieldschool/contracts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { recordAudit, type Actor } from './audit.ts';
import { escapeLike } from './like.ts';
import { inArea, inAreaSql, type Principal } from './principal.ts';

type OrgUnitRow = typeof schema.orgUnits.$inferSelect;

export function toOrgUnitDto(row: OrgUnitRow): OrgUnit {
  return {
    id: row.id,
    parentId: row.parentId,
    level: row.level,
    name: row.name,
    code: row.code,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Ids along a path "/a/b/c/" from the top: ["a", "b", "c"]. */
export function idsOnPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** SQL: the id at `depth` (1 the top) on the path in `pathColumn`, as idsOnPath reads it; null past its end. */
export function idOnPathSql(pathColumn: SQL, depth: number): SQL {
  return sql`nullif(split_part(${pathColumn}, '/', ${depth + 1}::int), '')::uuid`;
}

/** The village a path ends at ("/county/township/village/"), or undefined above village level. */
export function villageOnPath(path: string): string | undefined {
  const ids = idsOnPath(path);
  return ids.length === 3 ? ids[2] : undefined;
}

const levelOrder = sql`array_position(array['county','township','village']::org_level[], ${schema.orgUnits.level})`;

/** Units inside the user's scope, and the units above it so the tree has its top. */
export async function listOrgUnits(db: Database, principal: Principal, query: OrgUnitQuery): Promise<OrgUnit[]> {
  const ancestors = idsOnPath(principal.orgUnitPath);
  const conditions: SQL[] = [or(inAreaSql(principal.orgUnitPath, schema.orgUnits.path), inArray(schema.orgUnits.id, ancestors))!];
  if (query.parentId) conditions.push(eq(schema.orgUnits.parentId, query.parentId));
  if (query.level) conditions.push(eq(schema.orgUnits.level, query.level));
  if (query.q) conditions.push(ilike(schema.orgUnits.name, `%${escapeLike(query.q)}%`));
  const rows = await db
    .select()
    .from(schema.orgUnits)
    .where(and(...conditions))
    .orderBy(levelOrder, asc(schema.orgUnits.code));
  return rows.map(toOrgUnitDto);
}

export async function getOrgUnit(db: Database, id: string): Promise<OrgUnitRow | undefined> {
  const [row] = await db.select().from(schema.orgUnits).where(eq(schema.orgUnits.id, id));
  return row;
}

/** The unit, if it exists and the principal may see it; otherwise a 404 (never say it exists). */
export async function getVisibleOrgUnit(db: Database, principal: Principal, id: string, field?: string): Promise<OrgUnitRow> {
  const row = await getOrgUnit(db, id);
  if (!row || !inArea(principal.orgUnitPath, row.path)) {
    if (field) throw new AppError('org_unit_invalid', 'No such org unit in your area', { field });
    throw notFound('Org unit');
  }
  return row;
}

const childLevel = { county: 'township', township: 'village', village: null } as const;

export async function createOrgUnit(db: Database, principal: Principal, actor: Actor, input: CreateOrgUnit): Promise<OrgUnit> {
  const parent = await getVisibleOrgUnit(db, principal, input.parentId, 'parentId');
  const level = childLevel[parent.level];
  if (!level) throw new AppError('org_unit_invalid', 'A village cannot contain other units', { field: 'parentId' });
  const id = randomUUID();
  return db.transaction(async (tx) => {
    await assertCodeFree(tx, input.code);
    const [row] = await tx
      .insert(schema.orgUnits)
      .values({ id, parentId: parent.id, level, name: input.name.trim(), code: input.code, path: `${parent.path}${id}/` })
      .returning();
    await recordAudit(tx, actor, { action: 'org_unit.create', entity: 'org_unit', entityId: id, after: row });
    return toOrgUnitDto(row!);
  });
}

export async function updateOrgUnit(db: Database, principal: Principal, actor: Actor, id: string, input: UpdateOrgUnit): Promise<OrgUnit> {
  const before = await getVisibleOrgUnit(db, principal, id);
  if (before.id === principal.orgUnitId && principal.role !== 'admin') throw forbidden();
  return db.transaction(async (tx) => {
    if (input.code && input.code !== before.code) await assertCodeFree(tx, input.code);
    const [row] = await tx
      .update(schema.orgUnits)
      .set({ ...(input.name ? { name: input.name.trim() } : {}), ...(input.code ? { code: input.code } : {}), updatedAt: new Date() })
      .where(eq(schema.orgUnits.id, id))
      .returning();
    await recordAudit(tx, actor, { action: 'org_unit.update', entity: 'org_unit', entityId: id, before, after: row });
    return toOrgUnitDto(row!);
  });
}

async function assertCodeFree(tx: Pick<Database, 'select'>, code: string): Promise<void> {
  const [taken] = await tx.select({ id: schema.orgUnits.id }).from(schema.orgUnits).where(eq(schema.orgUnits.code, code));
  if (taken) throw new AppError('conflict', 'Another unit already has this code', { field: 'code' });
}

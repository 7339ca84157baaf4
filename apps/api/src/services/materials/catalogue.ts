import { and, asc, desc, eq, ilike, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { CreateMaterial, Material, MaterialPage, MaterialQuery, UpdateMaterial } from '@fieldschool/contracts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit.ts';
import { decodeCursor, toPage } from '../cursor.ts';
import { visibleTo as documentVisibleTo } from '../documents.ts';
import { escapeLike } from '../like.ts';
import { getVisibleOrgUnit } from '../org-units.ts';
import { alongChainSql, inArea, inAreaSql, type Principal } from '../principal.ts';

/*
 * The catalogue of printed materials (issue 9): a leaflet, booklet or poster printed from a
 * policy document, its copies in each township's store, and the courses that hand it out.
 * Entries are kept by an org unit and used along its chain, as courses are; admins of the
 * keeping area change them.
 */

type MaterialRow = typeof schema.materials.$inferSelect;
type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'delete'>;
const m = schema.materials;

const visibleTo = (principal: Principal) => alongChainSql(principal, schema.orgUnits.path);

function selectMaterials(db: Pick<Database, 'select'>) {
  return db.select({ material: m, orgUnitName: schema.orgUnits.name, orgUnitPath: schema.orgUnits.path }).from(m).innerJoin(schema.orgUnits, eq(schema.orgUnits.id, m.orgUnitId));
}

/** Copies handed out beyond stock, per material: what the admin is asked to look at. */
const beyondStockSum = sql<number>`(SELECT coalesce(sum(${schema.materialDistributions.beyondStock}), 0)::int FROM ${schema.materialDistributions} WHERE ${schema.materialDistributions.materialId} = ${m.id})`;

async function toMaterialDtos(db: Pick<Database, 'select'>, rows: Array<{ material: MaterialRow; orgUnitName: string }>): Promise<Material[]> {
  const ids = rows.map((row) => row.material.id);
  if (ids.length === 0) return [];
  const documentIds = rows.map((row) => row.material.documentId).filter((id): id is string => id !== null);
  const [documents, stock, courses, totals] = await Promise.all([
    documentIds.length
      ? db
          .select({ id: schema.documents.id, title: schema.documents.title, docNumber: schema.documents.docNumber })
          .from(schema.documents)
          .where(and(inArray(schema.documents.id, documentIds), isNull(schema.documents.deletedAt)))
      : [],
    db
      .select({ materialId: schema.materialStock.materialId, townshipId: schema.materialStock.townshipId, townshipName: schema.orgUnits.name, quantity: schema.materialStock.quantity })
      .from(schema.materialStock)
      .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.materialStock.townshipId))
      .where(inArray(schema.materialStock.materialId, ids))
      .orderBy(asc(schema.orgUnits.code)),
    db
      .select({ materialId: schema.courseMaterials.materialId, id: schema.courses.id, title: schema.courses.title })
      .from(schema.courseMaterials)
      .innerJoin(schema.courses, eq(schema.courses.id, schema.courseMaterials.courseId))
      .where(inArray(schema.courseMaterials.materialId, ids))
      .orderBy(asc(schema.courses.title)),
    db
      .select({
        materialId: schema.materialDistributions.materialId,
        distributed: sql<number>`sum(${schema.materialDistributions.quantity})::int`,
        beyondStock: sql<number>`sum(${schema.materialDistributions.beyondStock})::int`,
      })
      .from(schema.materialDistributions)
      .where(inArray(schema.materialDistributions.materialId, ids))
      .groupBy(schema.materialDistributions.materialId),
  ]);
  return rows.map(({ material, orgUnitName }) => {
    const total = totals.find((t) => t.materialId === material.id);
    return {
      id: material.id,
      title: material.title,
      topic: material.topic,
      format: material.format,
      document: documents.find((d) => d.id === material.documentId) ?? null,
      orgUnitId: material.orgUnitId,
      orgUnitName,
      stock: stock.filter((s) => s.materialId === material.id).map(({ materialId: _m, ...s }) => s),
      courses: courses.filter((c) => c.materialId === material.id).map(({ materialId: _m, ...c }) => c),
      distributed: total?.distributed ?? 0,
      beyondStock: total?.beyondStock ?? 0,
      createdAt: material.createdAt.toISOString(),
      updatedAt: material.updatedAt.toISOString(),
    };
  });
}

export async function listMaterials(db: Database, principal: Principal, query: MaterialQuery): Promise<MaterialPage> {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  const conditions: SQL[] = [visibleTo(principal)];
  if (query.q?.trim()) conditions.push(ilike(m.title, `%${escapeLike(query.q.trim())}%`));
  if (query.topic) conditions.push(eq(m.topic, query.topic));
  if (query.format) conditions.push(eq(m.format, query.format));
  if (query.flagged) conditions.push(sql`${beyondStockSum} > 0`);
  if (after) conditions.push(sql`(${m.createdAt}, ${m.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await selectMaterials(db).where(and(...conditions)).orderBy(desc(m.createdAt), desc(m.id)).limit(limit + 1);
  const page = toPage(rows, limit, (row) => row, (row) => [row.material.createdAt.toISOString(), row.material.id]);
  return { items: await toMaterialDtos(db, page.items), nextCursor: page.nextCursor };
}

async function findVisibleMaterial(db: Pick<Database, 'select'>, principal: Principal, id: string) {
  const [row] = await selectMaterials(db).where(and(eq(m.id, id), visibleTo(principal)));
  return row;
}

export async function getMaterial(db: Database, principal: Principal, id: string): Promise<Material> {
  const row = await findVisibleMaterial(db, principal, id);
  if (!row) throw notFound('Material');
  return (await toMaterialDtos(db, [row]))[0]!;
}

/** Materials a course may hand out: they exist and the user sees them. */
export async function assertMaterialsUsable(db: Pick<Database, 'select'>, principal: Principal, materialIds: readonly string[], field = 'materialIds'): Promise<void> {
  if (materialIds.length === 0) return;
  const found = await selectMaterials(db).where(and(inArray(m.id, [...materialIds]), visibleTo(principal)));
  if (found.length !== materialIds.length) throw new AppError('validation_failed', 'A listed material is not in the catalogue', { field });
}

export async function replaceCourseMaterials(tx: Pick<Database, 'delete' | 'insert'>, courseId: string, materialIds: readonly string[]): Promise<void> {
  await tx.delete(schema.courseMaterials).where(eq(schema.courseMaterials.courseId, courseId));
  if (materialIds.length) await tx.insert(schema.courseMaterials).values(materialIds.map((materialId) => ({ courseId, materialId })));
}

async function assertDocumentUsable(db: Pick<Database, 'select'>, principal: Principal, documentId: string | null | undefined): Promise<void> {
  if (!documentId) return;
  const [found] = await db.select({ id: schema.documents.id }).from(schema.documents).where(and(eq(schema.documents.id, documentId), documentVisibleTo(principal)));
  if (!found) throw new AppError('validation_failed', 'The policy document does not exist in the library', { field: 'documentId' });
}

/** Stores are townships inside the user's area. */
async function assertStores(db: Pick<Database, 'select'>, principal: Principal, stock: ReadonlyArray<{ townshipId: string }>): Promise<void> {
  const ids = [...new Set(stock.map((entry) => entry.townshipId))];
  if (ids.length !== stock.length) throw new AppError('validation_failed', 'A township is listed twice', { field: 'stock' });
  if (ids.length === 0) return;
  const found = await db
    .select({ id: schema.orgUnits.id })
    .from(schema.orgUnits)
    .where(and(inArray(schema.orgUnits.id, ids), eq(schema.orgUnits.level, 'township'), inAreaSql(principal.orgUnitPath, schema.orgUnits.path)));
  if (found.length !== ids.length) throw new AppError('org_unit_invalid', 'Stock is kept by the townships of your area', { field: 'stock' });
}

async function assertCoursesUsable(db: Pick<Database, 'select'>, principal: Principal, courseIds: readonly string[]): Promise<void> {
  if (courseIds.length === 0) return;
  const found = await db
    .select({ id: schema.courses.id })
    .from(schema.courses)
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.courses.orgUnitId))
    .where(and(inArray(schema.courses.id, [...courseIds]), alongChainSql(principal, schema.orgUnits.path)));
  if (found.length !== courseIds.length) throw new AppError('course_invalid', 'A listed course is not in your area', { field: 'courseIds' });
}

async function setStock(tx: Executor, materialId: string, stock: ReadonlyArray<{ townshipId: string; quantity: number }>): Promise<void> {
  if (stock.length === 0) return;
  await tx
    .insert(schema.materialStock)
    .values(stock.map((entry) => ({ materialId, townshipId: entry.townshipId, quantity: entry.quantity })))
    .onConflictDoUpdate({
      target: [schema.materialStock.materialId, schema.materialStock.townshipId],
      set: { quantity: sql`excluded.quantity`, updatedAt: new Date() },
    });
}

async function replaceMaterialCourses(tx: Executor, materialId: string, courseIds: readonly string[]): Promise<void> {
  await tx.delete(schema.courseMaterials).where(eq(schema.courseMaterials.materialId, materialId));
  if (courseIds.length) await tx.insert(schema.courseMaterials).values(courseIds.map((courseId) => ({ courseId, materialId })));
}

export async function createMaterial(db: Database, principal: Principal, actor: Actor, input: CreateMaterial): Promise<Material> {
  const unit = await getVisibleOrgUnit(db, principal, input.orgUnitId ?? principal.orgUnitId, 'orgUnitId');
  await assertDocumentUsable(db, principal, input.documentId);
  await assertStores(db, principal, input.stock ?? []);
  await assertCoursesUsable(db, principal, input.courseIds ?? []);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(m)
      .values({ title: input.title.trim(), topic: input.topic, format: input.format, documentId: input.documentId ?? null, orgUnitId: unit.id, createdBy: principal.id })
      .returning();
    await setStock(tx, row!.id, input.stock ?? []);
    await replaceMaterialCourses(tx, row!.id, input.courseIds ?? []);
    await recordAudit(tx, actor, { action: 'material.create', entity: 'material', entityId: row!.id, after: { ...row, stock: input.stock ?? [], courseIds: input.courseIds ?? [] } });
    return row!.id;
  });
  return getMaterial(db, principal, id);
}

export async function updateMaterial(db: Database, principal: Principal, actor: Actor, id: string, input: UpdateMaterial): Promise<Material> {
  const found = await findVisibleMaterial(db, principal, id);
  if (!found) throw notFound('Material');
  if (!inArea(principal.orgUnitPath, found.orgUnitPath)) throw forbidden('This material is kept by another area');
  if (input.documentId !== undefined) await assertDocumentUsable(db, principal, input.documentId);
  if (input.stock) await assertStores(db, principal, input.stock);
  if (input.courseIds) await assertCoursesUsable(db, principal, input.courseIds);
  const { stock, courseIds, title, ...rest } = input;
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(m)
      .set({ ...rest, ...(title !== undefined ? { title: title.trim() } : {}), updatedAt: new Date() })
      .where(eq(m.id, id))
      .returning();
    if (stock) await setStock(tx, id, stock);
    if (courseIds) await replaceMaterialCourses(tx, id, courseIds);
    await recordAudit(tx, actor, { action: 'material.update', entity: 'material', entityId: id, before: found.material, after: { ...row, ...(stock ? { stock } : {}), ...(courseIds ? { courseIds } : {}) } });
  });
  return getMaterial(db, principal, id);
}

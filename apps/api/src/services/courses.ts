import { and, asc, desc, eq, ilike, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { LATE_AFTER_MINUTES, type Course, type CourseQuery, type CoursePage, type CreateCourse, type UpdateCourse } from '@fieldschool/contracts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { recordAudit, type Actor } from './audit.ts';
import { decodeCursor, toPage } from './cursor.ts';
import { visibleTo as documentVisibleTo } from './documents.ts';
import { escapeLike } from './like.ts';
import { assertMaterialsUsable, replaceCourseMaterials } from './materials/catalogue.ts';
import { getVisibleOrgUnit } from './org-units.ts';
import { alongChainSql, inArea, type Principal } from './principal.ts';

type CourseRow = typeof schema.courses.$inferSelect;
const c = schema.courses;

/**
 * A course is seen where it is taught: in its own unit's area and by everyone above or
 * below it (a county course is used by every township; a township's course by the county).
 */
function courseVisibleTo(principal: Principal): SQL {
  return alongChainSql(principal, schema.orgUnits.path);
}

/** Admins change any course in their area; trainers the ones they made. */
function canChange(principal: Principal, course: CourseRow, unitPath: string): boolean {
  if (!inArea(principal.orgUnitPath, unitPath)) return false;
  return principal.role === 'admin' || (principal.role === 'trainer' && course.createdBy === principal.id);
}

async function toCourseDtos(db: Database, rows: Array<{ course: CourseRow; orgUnitName: string }>): Promise<Course[]> {
  const ids = rows.map((row) => row.course.id);
  const documents = ids.length
    ? await db
        .select({ courseId: schema.courseDocuments.courseId, id: schema.documents.id, title: schema.documents.title, docNumber: schema.documents.docNumber })
        .from(schema.courseDocuments)
        .innerJoin(schema.documents, eq(schema.documents.id, schema.courseDocuments.documentId))
        .where(and(inArray(schema.courseDocuments.courseId, ids), isNull(schema.documents.deletedAt)))
        .orderBy(asc(schema.documents.title))
    : [];
  const materials = ids.length
    ? await db
        .select({ courseId: schema.courseMaterials.courseId, id: schema.materials.id, title: schema.materials.title })
        .from(schema.courseMaterials)
        .innerJoin(schema.materials, eq(schema.materials.id, schema.courseMaterials.materialId))
        .where(inArray(schema.courseMaterials.courseId, ids))
        .orderBy(asc(schema.materials.title))
    : [];
  return rows.map(({ course, orgUnitName }) => ({
    id: course.id,
    title: course.title,
    topic: course.topic,
    description: course.description,
    objectives: course.objectives,
    lateAfterMinutes: course.lateAfterMinutes,
    orgUnitId: course.orgUnitId,
    orgUnitName,
    documents: documents.filter((d) => d.courseId === course.id).map(({ courseId: _courseId, ...d }) => d),
    materials: materials.filter((m) => m.courseId === course.id).map(({ courseId: _courseId, ...m }) => m),
    createdAt: course.createdAt.toISOString(),
    updatedAt: course.updatedAt.toISOString(),
  }));
}

function selectCourses(db: Database) {
  return db.select({ course: c, orgUnitName: schema.orgUnits.name, orgUnitPath: schema.orgUnits.path }).from(c).innerJoin(schema.orgUnits, eq(schema.orgUnits.id, c.orgUnitId));
}

export async function listCourses(db: Database, principal: Principal, query: CourseQuery): Promise<CoursePage> {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  const conditions: SQL[] = [courseVisibleTo(principal)];
  if (query.q?.trim()) conditions.push(ilike(c.title, `%${escapeLike(query.q.trim())}%`));
  if (query.topic) conditions.push(eq(c.topic, query.topic));
  if (after) conditions.push(sql`(${c.createdAt}, ${c.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await selectCourses(db).where(and(...conditions)).orderBy(desc(c.createdAt), desc(c.id)).limit(limit + 1);
  const page = toPage(rows, limit, (row) => row, (row) => [row.course.createdAt.toISOString(), row.course.id]);
  return { items: await toCourseDtos(db, page.items), nextCursor: page.nextCursor };
}

async function findVisibleCourse(db: Database, principal: Principal, id: string) {
  const [row] = await selectCourses(db).where(and(eq(c.id, id), courseVisibleTo(principal)));
  return row;
}

export async function getCourse(db: Database, principal: Principal, id: string): Promise<Course> {
  const row = await findVisibleCourse(db, principal, id);
  if (!row) throw notFound('Course');
  return (await toCourseDtos(db, [row]))[0]!;
}

/** The course a session is for; an unknown or unseen one is the request's fault. */
export async function resolveCourse(db: Database, principal: Principal, id: string, field = 'courseId'): Promise<CourseRow> {
  const row = await findVisibleCourse(db, principal, id);
  if (!row) throw new AppError('course_invalid', 'No such course in your area', { field });
  return row.course;
}

async function assertDocumentsUsable(db: Pick<Database, 'select'>, principal: Principal, documentIds: readonly string[]): Promise<void> {
  if (documentIds.length === 0) return;
  const found = await db
    .select({ id: schema.documents.id })
    .from(schema.documents)
    .where(and(inArray(schema.documents.id, [...documentIds]), documentVisibleTo(principal)));
  if (found.length !== documentIds.length) throw new AppError('validation_failed', 'A linked document does not exist in the library', { field: 'documentIds' });
}

async function replaceDocuments(tx: Pick<Database, 'delete' | 'insert'>, courseId: string, documentIds: readonly string[]): Promise<void> {
  await tx.delete(schema.courseDocuments).where(eq(schema.courseDocuments.courseId, courseId));
  if (documentIds.length) await tx.insert(schema.courseDocuments).values(documentIds.map((documentId) => ({ courseId, documentId })));
}

export async function createCourse(db: Database, principal: Principal, actor: Actor, input: CreateCourse): Promise<Course> {
  const unit = await getVisibleOrgUnit(db, principal, input.orgUnitId ?? principal.orgUnitId, 'orgUnitId');
  await assertDocumentsUsable(db, principal, input.documentIds ?? []);
  await assertMaterialsUsable(db, principal, input.materialIds ?? []);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(c)
      .values({
        title: input.title.trim(),
        topic: input.topic,
        description: input.description ?? '',
        objectives: input.objectives ?? '',
        lateAfterMinutes: input.lateAfterMinutes ?? LATE_AFTER_MINUTES.default,
        orgUnitId: unit.id,
        createdBy: principal.id,
      })
      .returning();
    await replaceDocuments(tx, row!.id, input.documentIds ?? []);
    await replaceCourseMaterials(tx, row!.id, input.materialIds ?? []);
    await recordAudit(tx, actor, {
      action: 'course.create',
      entity: 'course',
      entityId: row!.id,
      after: { ...row, documentIds: input.documentIds ?? [], materialIds: input.materialIds ?? [] },
    });
    return row!.id;
  });
  return getCourse(db, principal, id);
}

export async function updateCourse(db: Database, principal: Principal, actor: Actor, id: string, input: UpdateCourse): Promise<Course> {
  const found = await findVisibleCourse(db, principal, id);
  if (!found) throw notFound('Course');
  if (!canChange(principal, found.course, found.orgUnitPath)) throw forbidden('You may not change this course');
  if (input.documentIds) await assertDocumentsUsable(db, principal, input.documentIds);
  if (input.materialIds) await assertMaterialsUsable(db, principal, input.materialIds);
  const { documentIds, materialIds, title, ...rest } = input;
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(c)
      .set({ ...rest, ...(title !== undefined ? { title: title.trim() } : {}), updatedAt: new Date() })
      .where(eq(c.id, id))
      .returning();
    if (documentIds) await replaceDocuments(tx, id, documentIds);
    if (materialIds) await replaceCourseMaterials(tx, id, materialIds);
    await recordAudit(tx, actor, {
      action: 'course.update',
      entity: 'course',
      entityId: id,
      before: found.course,
      after: { ...row, ...(documentIds ? { documentIds } : {}), ...(materialIds ? { materialIds } : {}) },
    });
  });
  return getCourse(db, principal, id);
}

/** Only a course no session uses can go; one that was taught stays for the reports. */
export async function deleteCourse(db: Database, principal: Principal, actor: Actor, id: string): Promise<void> {
  const found = await findVisibleCourse(db, principal, id);
  if (!found) throw notFound('Course');
  if (!canChange(principal, found.course, found.orgUnitPath)) throw forbidden('You may not delete this course');
  await db.transaction(async (tx) => {
    const [used] = await tx.select({ id: schema.trainingSessions.id }).from(schema.trainingSessions).where(eq(schema.trainingSessions.courseId, id)).limit(1);
    if (used) throw new AppError('conflict', 'Sessions use this course; it cannot be deleted', { field: 'id' });
    await tx.delete(c).where(eq(c.id, id));
    await recordAudit(tx, actor, { action: 'course.delete', entity: 'course', entityId: id, before: found.course });
  });
}

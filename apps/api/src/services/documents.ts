import { buffer } from 'node:stream/consumers';
import { and, count, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { decodeText, ExtractError, extractDocument, type PolicyDocumentInput } from '@fieldschool/search';
import {
  isValidDocNumber,
  normalizeDocNumber,
  type DocumentDetail,
  type DocumentMetadata,
  type DocumentPage,
  type DocumentSummary,
  type DocumentTopic,
} from '@fieldschool/contracts';
import { AppError, notFound } from '../errors.ts';
import { recordAudit, type Actor } from './audit.ts';
import { decodeCursor, toPage } from './cursor.ts';
import type { FileStore } from './file-store.ts';
import type { Principal } from './principal.ts';
import { enqueueIndexing } from './search-outbox.ts';

type DocumentRow = typeof schema.documents.$inferSelect;
type VersionRow = typeof schema.documentVersions.$inferSelect;

export interface Upload {
  fileName: string;
  bytes: Uint8Array;
}

export function toDocumentSummary(row: DocumentRow): DocumentSummary {
  return {
    id: row.id,
    title: row.title,
    docNumber: row.docNumber,
    issuingBody: row.issuingBody,
    issuedOn: row.issuedOn,
    validity: row.validity,
    topics: row.topics as DocumentTopic[],
    region: row.region,
    tags: row.tags,
    summary: row.summary,
    published: row.published,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Non-admins see published documents; nobody sees deleted ones. */
export function visibleTo(principal: Principal): SQL {
  const live = isNull(schema.documents.deletedAt);
  return principal.role === 'admin' ? live : and(live, eq(schema.documents.published, true))!;
}

async function findVisible(db: Database, principal: Principal, id: string): Promise<DocumentRow> {
  const [row] = await db.select().from(schema.documents).where(and(eq(schema.documents.id, id), visibleTo(principal)));
  if (!row) throw notFound('Document');
  return row;
}

/** Reads the file's text; a file we cannot take is a 400 naming the `file` field. */
async function extract(upload: Upload) {
  try {
    return await extractDocument(upload.bytes, upload.fileName);
  } catch (error) {
    if (error instanceof ExtractError) throw new AppError(error.code, error.detail, { field: 'file' });
    throw error;
  }
}

function checkedDocNumber(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const normalised = normalizeDocNumber(value.trim());
  if (!normalised) return null;
  if (!isValidDocNumber(normalised)) {
    throw new AppError('doc_number_invalid', 'A document number looks like 川府发〔2024〕12号', { field: 'docNumber' });
  }
  return normalised;
}

async function assertReplaceable(db: Database, replacesId: string | null | undefined, selfId?: string): Promise<void> {
  if (!replacesId) return;
  const [target] = await db.select({ id: schema.documents.id }).from(schema.documents).where(and(eq(schema.documents.id, replacesId), isNull(schema.documents.deletedAt)));
  if (!target || replacesId === selfId) throw new AppError('validation_failed', 'The replaced document does not exist', { field: 'replacesId' });
}

function metadataColumns(metadata: DocumentMetadata) {
  const { docNumber, title, issuingBody, region, tags, summary, ...rest } = metadata;
  const checked = checkedDocNumber(docNumber);
  return {
    ...rest,
    ...(checked !== undefined ? { docNumber: checked } : {}),
    ...(title !== undefined ? { title: title.trim() } : {}),
    ...(issuingBody !== undefined ? { issuingBody: issuingBody.trim() } : {}),
    ...(region !== undefined ? { region: region.trim() } : {}),
    ...(tags !== undefined ? { tags: [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))] } : {}),
    ...(summary !== undefined ? { summary: summary.trim() } : {}),
  };
}

function fallbackTitle(text: string, fileName: string): string {
  const firstLine = text.split('\n').map((line) => line.trim()).find(Boolean);
  return (firstLine ?? fileName.replace(/\.[^.]+$/, '')).slice(0, 200);
}

async function storeVersion(tx: Pick<Database, 'insert'>, files: FileStore, documentId: string, versionNo: number, upload: Upload, extracted: Awaited<ReturnType<typeof extract>>, actor: Actor) {
  const sha256 = await files.put(upload.bytes);
  const [version] = await tx
    .insert(schema.documentVersions)
    .values({
      documentId,
      versionNo,
      sha256,
      fileName: upload.fileName.slice(0, 255),
      mediaType: extracted.mediaType,
      sizeBytes: upload.bytes.byteLength,
      extractedText: extracted.text,
      textStatus: extracted.textStatus,
      createdBy: actor.userId,
    })
    .returning();
  return version!;
}

export async function createDocument(db: Database, files: FileStore, principal: Principal, actor: Actor, upload: Upload, metadata: DocumentMetadata): Promise<DocumentDetail> {
  const extracted = await extract(upload);
  const columns = metadataColumns(metadata);
  await assertReplaceable(db, metadata.replacesId);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.documents)
      .values({
        ...columns,
        title: columns.title || fallbackTitle(extracted.text, upload.fileName),
        docNumber: columns.docNumber ?? extracted.docNumber ?? null,
        createdBy: actor.userId,
      })
      .returning();
    const version = await storeVersion(tx, files, row!.id, 1, upload, extracted, actor);
    await enqueueIndexing(tx, 'document', row!.id);
    await recordAudit(tx, actor, { action: 'document.create', entity: 'document', entityId: row!.id, after: { ...row, version: version.sha256 } });
    return row!.id;
  });
  return getDocument(db, files, principal, id);
}

export async function addDocumentVersion(db: Database, files: FileStore, principal: Principal, actor: Actor, id: string, upload: Upload): Promise<DocumentDetail> {
  await findVisible(db, principal, id);
  const extracted = await extract(upload);
  await db.transaction(async (tx) => {
    // Lock the document so two uploads at once get different version numbers.
    await tx.execute(sql`SELECT 1 FROM documents WHERE id = ${id} FOR UPDATE`);
    const [{ next }] = (await tx.execute<{ next: number }>(sql`SELECT coalesce(max(version_no), 0) + 1 AS next FROM document_versions WHERE document_id = ${id}`)).rows as [{ next: number }];
    const version = await storeVersion(tx, files, id, next, upload, extracted, actor);
    await tx.update(schema.documents).set({ updatedAt: new Date() }).where(eq(schema.documents.id, id));
    await enqueueIndexing(tx, 'document', id);
    await recordAudit(tx, actor, { action: 'document.new_version', entity: 'document', entityId: id, after: { versionNo: version.versionNo, sha256: version.sha256 } });
  });
  return getDocument(db, files, principal, id);
}

export async function updateDocument(db: Database, files: FileStore, principal: Principal, actor: Actor, id: string, metadata: DocumentMetadata): Promise<DocumentDetail> {
  const before = await findVisible(db, principal, id);
  const columns = metadataColumns(metadata);
  await assertReplaceable(db, metadata.replacesId, id);
  await db.transaction(async (tx) => {
    const [row] = await tx.update(schema.documents).set({ ...columns, updatedAt: new Date() }).where(eq(schema.documents.id, id)).returning();
    await enqueueIndexing(tx, 'document', id);
    await recordAudit(tx, actor, { action: 'document.update', entity: 'document', entityId: id, before, after: row });
  });
  return getDocument(db, files, principal, id);
}

/** Soft delete: the row and its files stay for the audit trail; search forgets it. */
export async function deleteDocument(db: Database, principal: Principal, actor: Actor, id: string): Promise<void> {
  const before = await findVisible(db, principal, id);
  await db.transaction(async (tx) => {
    await tx.update(schema.documents).set({ deletedAt: new Date(), deletedBy: actor.userId }).where(eq(schema.documents.id, id));
    await enqueueIndexing(tx, 'document', id, 'delete');
    await recordAudit(tx, actor, { action: 'document.delete', entity: 'document', entityId: id, before });
  });
}

async function versionsOf(db: Database, id: string): Promise<VersionRow[]> {
  return db.select().from(schema.documentVersions).where(eq(schema.documentVersions.documentId, id)).orderBy(desc(schema.documentVersions.versionNo));
}

const link = (row: DocumentRow | undefined) => (row ? { id: row.id, title: row.title, docNumber: row.docNumber } : null);

/**
 * What the page shows of a version. An HTML upload is read back from its original file: the stored
 * text is flattened for search, and the page renders (and sanitises) the markup itself.
 */
async function displayText(files: FileStore, version: VersionRow | undefined): Promise<Pick<DocumentDetail, 'text' | 'textFormat'>> {
  if (!version) return { text: '', textFormat: 'plain' };
  if (version.mediaType === 'text/html') return { text: decodeText(await buffer(files.open(version.sha256))), textFormat: 'html' };
  return { text: version.extractedText, textFormat: version.mediaType === 'text/markdown' ? 'markdown' : 'plain' };
}

export async function getDocument(db: Database, files: FileStore, principal: Principal, id: string): Promise<DocumentDetail> {
  const row = await findVisible(db, principal, id);
  const versions = await versionsOf(db, id);
  const current = versions[0];
  const [replaces] = row.replacesId
    ? await db.select().from(schema.documents).where(and(eq(schema.documents.id, row.replacesId), visibleTo(principal)))
    : [];
  const [replacedBy] = await db
    .select()
    .from(schema.documents)
    .where(and(eq(schema.documents.replacesId, id), visibleTo(principal)))
    .orderBy(desc(schema.documents.createdAt))
    .limit(1);
  const courses = await db
    .select({ id: schema.courses.id, title: schema.courses.title })
    .from(schema.courseDocuments)
    .innerJoin(schema.courses, eq(schema.courses.id, schema.courseDocuments.courseId))
    .where(eq(schema.courseDocuments.documentId, id));
  const materials = await db.select({ id: schema.materials.id, title: schema.materials.title }).from(schema.materials).where(eq(schema.materials.documentId, id));
  return {
    ...toDocumentSummary(row),
    ...(await displayText(files, current)),
    textStatus: current?.textStatus ?? 'no_text',
    versions: versions.map((version) => ({
      id: version.id,
      versionNo: version.versionNo,
      fileName: version.fileName,
      mediaType: version.mediaType,
      sizeBytes: version.sizeBytes,
      textStatus: version.textStatus,
      createdAt: version.createdAt.toISOString(),
    })),
    replaces: link(replaces),
    replacedBy: link(replacedBy),
    linkedFrom: [
      ...courses.map((course) => ({ kind: 'course' as const, ...course })),
      ...materials.map((material) => ({ kind: 'material' as const, ...material })),
    ],
  };
}

export async function getDocumentFile(db: Database, principal: Principal, id: string, versionId: string): Promise<VersionRow> {
  await findVisible(db, principal, id);
  const [version] = await db
    .select()
    .from(schema.documentVersions)
    .where(and(eq(schema.documentVersions.id, versionId), eq(schema.documentVersions.documentId, id)));
  if (!version) throw notFound('Version');
  return version;
}

/** Newest first, for the library's admin list. */
export async function listDocuments(db: Database, principal: Principal, query: { cursor?: string; limit?: number }): Promise<DocumentPage> {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  const conditions: SQL[] = [visibleTo(principal)];
  if (after) {
    const [at, id] = after as [string, string];
    conditions.push(or(lt(schema.documents.createdAt, new Date(at)), and(eq(schema.documents.createdAt, new Date(at)), lt(schema.documents.id, id)))!);
  }
  const rows = await db
    .select()
    .from(schema.documents)
    .where(and(...conditions))
    .orderBy(desc(schema.documents.createdAt), desc(schema.documents.id))
    .limit(limit + 1);
  return toPage(rows, limit, toDocumentSummary, (row) => [row.createdAt.toISOString(), row.id]);
}

/** The document as the indexer takes it, or null when it is gone (deleted or never was). */
export async function loadForIndexing(db: Database, id: string): Promise<PolicyDocumentInput | null> {
  const [row] = await db.select().from(schema.documents).where(and(eq(schema.documents.id, id), isNull(schema.documents.deletedAt)));
  if (!row) return null;
  const [current] = await versionsOf(db, id);
  const { createdAt: _createdAt, updatedAt: _updatedAt, ...catalogue } = toDocumentSummary(row);
  return { ...catalogue, text: current?.extractedText ?? '' };
}

/** Ids of every live document, for a full rebuild. */
export async function liveDocumentIds(db: Database): Promise<string[]> {
  const rows = await db.select({ id: schema.documents.id }).from(schema.documents).where(isNull(schema.documents.deletedAt));
  return rows.map((row) => row.id);
}

export async function liveDocumentCount(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(schema.documents).where(isNull(schema.documents.deletedAt));
  return row?.n ?? 0;
}

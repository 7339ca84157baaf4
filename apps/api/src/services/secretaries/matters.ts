import sharp from 'sharp';
import { aliasedTable, and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { CreateMatter, Matter, MatterFile, MatterPage, MatterQuery, MatterTotals, UpdateMatter } from '@fieldschool/contracts';
import { matterCategories } from '@fieldschool/contracts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit.ts';
import { decodeCursor, toPage } from '../cursor.ts';
import type { FileStore } from '../file-store.ts';
import { getVisibleOrgUnit } from '../org-units.ts';
import { inAreaSql, type Principal } from '../principal.ts';
import { keepsVillageRecords } from '../village-keepers.ts';

type MatterRow = typeof schema.practicalMatters.$inferSelect;
const m = schema.practicalMatters;
const village = aliasedTable(schema.orgUnits, 'village');
const township = aliasedTable(schema.orgUnits, 'township');

function mattersQuery(db: Pick<Database, 'select'>) {
  return db
    .select({ matter: m, villageName: village.name, villagePath: village.path, townshipName: township.name })
    .from(m)
    .innerJoin(village, eq(village.id, m.villageId))
    .innerJoin(township, eq(township.id, village.parentId));
}
type Selected = { matter: MatterRow; villageName: string; villagePath: string; townshipName: string };

function toMatterFileDto(row: typeof schema.practicalMatterFiles.$inferSelect): MatterFile {
  return { id: row.id, fileName: row.fileName, mediaType: row.mediaType, sizeBytes: row.sizeBytes, createdAt: row.createdAt.toISOString() };
}

async function withFiles(db: Pick<Database, 'select'>, rows: Selected[]): Promise<Matter[]> {
  const ids = rows.map((row) => row.matter.id);
  const files = ids.length ? await db.select().from(schema.practicalMatterFiles).where(inArray(schema.practicalMatterFiles.matterId, ids)).orderBy(asc(schema.practicalMatterFiles.createdAt)) : [];
  return rows.map(({ matter, villageName, townshipName }) => ({
    id: matter.id,
    villageId: matter.villageId,
    villageName,
    townshipName,
    title: matter.title,
    category: matter.category,
    fundsFen: matter.fundsFen,
    beneficiaryHouseholds: matter.beneficiaryHouseholds,
    status: matter.status,
    startedOn: matter.startedOn,
    doneOn: matter.doneOn,
    files: files.filter((file) => file.matterId === matter.id).map(toMatterFileDto),
    createdAt: matter.createdAt.toISOString(),
    updatedAt: matter.updatedAt.toISOString(),
  }));
}

/** A matter inside the principal's area (404 otherwise); `write`: the principal must keep the village's records. */
async function visibleMatter(db: Database, principal: Principal, id: string, write: boolean): Promise<Selected> {
  const [row] = await mattersQuery(db).where(and(eq(m.id, id), inAreaSql(principal.orgUnitPath, village.path)));
  if (!row) throw notFound('Matter');
  if (write && !keepsVillageRecords(principal, { id: row.matter.villageId, path: row.villagePath })) throw new AppError('forbidden', 'Only admins of the area and the village secretary change its matters');
  return row;
}

export async function getMatter(db: Database, principal: Principal, id: string): Promise<Matter> {
  const [matter] = await withFiles(db, [await visibleMatter(db, principal, id, false)]);
  return matter!;
}

/** Done on or after started on; a done matter has its date, set to today when not given. */
function checkDates(status: string, startedOn: string | null, doneOn: string | null): string | null {
  if (startedOn && doneOn && doneOn < startedOn) throw new AppError('validation_failed', 'A matter is done on or after the day it started', { field: 'doneOn' });
  if (status !== 'done') return doneOn;
  return doneOn ?? new Date().toISOString().slice(0, 10);
}

export async function createMatter(db: Database, principal: Principal, actor: Actor, input: CreateMatter): Promise<Matter> {
  const unit = await getVisibleOrgUnit(db, principal, input.villageId, 'villageId');
  if (unit.level !== 'village' || !keepsVillageRecords(principal, unit)) throw new AppError('org_unit_invalid', 'Matters belong to a village you keep the records of', { field: 'villageId' });
  const status = input.status ?? 'proposed';
  const doneOn = checkDates(status, input.startedOn ?? null, input.doneOn ?? null);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(m)
      .values({
        villageId: input.villageId,
        title: input.title.trim(),
        category: input.category,
        fundsFen: input.fundsFen ?? 0,
        beneficiaryHouseholds: input.beneficiaryHouseholds ?? 0,
        status,
        startedOn: input.startedOn ?? null,
        doneOn,
        createdBy: principal.id,
      })
      .returning();
    await recordAudit(tx, actor, { action: 'matter.create', entity: 'matter', entityId: row!.id, after: row });
    return row!.id;
  });
  return getMatter(db, principal, id);
}

export async function updateMatter(db: Database, principal: Principal, actor: Actor, id: string, input: UpdateMatter): Promise<Matter> {
  const current = (await visibleMatter(db, principal, id, true)).matter;
  const status = input.status ?? current.status;
  const doneOn = checkDates(status, input.startedOn !== undefined ? input.startedOn : current.startedOn, input.doneOn !== undefined ? input.doneOn : current.doneOn);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(m)
      .set({ ...input, ...(input.title !== undefined ? { title: input.title.trim() } : {}), doneOn, updatedAt: new Date() })
      .where(eq(m.id, id))
      .returning();
    await recordAudit(tx, actor, { action: 'matter.update', entity: 'matter', entityId: id, before: current, after: row });
  });
  return getMatter(db, principal, id);
}

/** The area asked for (a village, a township, the county), or the principal's own. */
async function areaOf(db: Database, principal: Principal, orgUnitId: string | undefined) {
  if (!orgUnitId) {
    const [own] = await db.select().from(schema.orgUnits).where(eq(schema.orgUnits.id, principal.orgUnitId));
    return own!;
  }
  return getVisibleOrgUnit(db, principal, orgUnitId, 'query.orgUnitId');
}

/** Matters of an area, newest first. */
export async function listMatters(db: Database, principal: Principal, query: MatterQuery): Promise<MatterPage> {
  const area = await areaOf(db, principal, query.orgUnitId);
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  const conditions: SQL[] = [inAreaSql(area.path, village.path)];
  if (query.status) conditions.push(eq(m.status, query.status));
  if (query.category) conditions.push(eq(m.category, query.category));
  if (after) conditions.push(sql`(${m.createdAt}, ${m.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await mattersQuery(db)
    .where(and(...conditions))
    .orderBy(desc(m.createdAt), desc(m.id))
    .limit(limit + 1);
  const page = toPage(rows, limit, (row) => row, (row) => [row.matter.createdAt.toISOString(), row.matter.id]);
  return { items: await withFiles(db, page.items), nextCursor: page.nextCursor };
}

/** County and township figures by category: how many villages got a road, funds and households of what is done. */
export async function matterTotals(db: Database, principal: Principal, orgUnitId: string | undefined): Promise<MatterTotals> {
  const area = await areaOf(db, principal, orgUnitId);
  const { rows } = await db.execute<{ category: string; villages_done: number; done: number; under_way: number; proposed: number; funds_fen: string; households: number }>(sql`
    SELECT ${m.category}::text AS category,
      count(DISTINCT ${m.villageId}) FILTER (WHERE ${m.status} = 'done')::int AS villages_done,
      count(*) FILTER (WHERE ${m.status} = 'done')::int AS done,
      count(*) FILTER (WHERE ${m.status} = 'under_way')::int AS under_way,
      count(*) FILTER (WHERE ${m.status} = 'proposed')::int AS proposed,
      coalesce(sum(${m.fundsFen}) FILTER (WHERE ${m.status} = 'done'), 0)::text AS funds_fen,
      coalesce(sum(${m.beneficiaryHouseholds}) FILTER (WHERE ${m.status} = 'done'), 0)::int AS households
    FROM ${m} JOIN ${schema.orgUnits} ON ${schema.orgUnits.id} = ${m.villageId}
    WHERE ${inAreaSql(area.path, schema.orgUnits.path)}
    GROUP BY ${m.category}`);
  const byCategory = new Map(rows.map((row) => [row.category, row]));
  return {
    orgUnitId: area.id,
    orgUnitName: area.name,
    categories: matterCategories.map((category) => {
      const row = byCategory.get(category);
      return {
        category,
        villagesDone: row?.villages_done ?? 0,
        done: row?.done ?? 0,
        underWay: row?.under_way ?? 0,
        proposed: row?.proposed ?? 0,
        fundsFen: Number(row?.funds_fen ?? 0),
        beneficiaryHouseholds: row?.households ?? 0,
      };
    }),
  };
}

/** Photos are re-encoded without their EXIF (a phone's photo carries where it was taken); a PDF is kept as it is. */
async function acceptedFile(bytes: Uint8Array): Promise<{ bytes: Uint8Array; mediaType: string }> {
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') return { bytes, mediaType: 'application/pdf' };
  try {
    const image = sharp(bytes, { failOn: 'error' });
    const { format } = await image.metadata();
    if (format === 'jpeg' || format === 'png' || format === 'webp') {
      // rotate() applies the EXIF orientation before the metadata is dropped (sharp drops it unless asked to keep it).
      const output = await image.rotate().toFormat(format).toBuffer();
      return { bytes: new Uint8Array(output), mediaType: `image/${format}` };
    }
  } catch {
    // not an image sharp reads: refused below
  }
  throw new AppError('file_type_unsupported', 'Attach a JPEG, PNG or WebP photo or a PDF', { field: 'file' });
}

export async function addMatterFile(db: Database, files: FileStore, principal: Principal, actor: Actor, id: string, upload: { fileName: string; bytes: Uint8Array }): Promise<Matter> {
  await visibleMatter(db, principal, id, true);
  if (upload.bytes.length === 0) throw new AppError('file_empty', 'The file is empty', { field: 'file' });
  const accepted = await acceptedFile(upload.bytes);
  const sha256 = await files.put(accepted.bytes);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.practicalMatterFiles)
      .values({ matterId: id, sha256, fileName: upload.fileName, mediaType: accepted.mediaType, sizeBytes: accepted.bytes.length })
      .returning();
    await recordAudit(tx, actor, { action: 'matter.file_add', entity: 'matter', entityId: id, after: row });
  });
  return getMatter(db, principal, id);
}

/** Takes a file off a matter (a wrong photo). The stored bytes stay: the store is by content and another row may share them. */
export async function removeMatterFile(db: Database, principal: Principal, actor: Actor, id: string, fileId: string): Promise<Matter> {
  await visibleMatter(db, principal, id, true);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(schema.practicalMatterFiles)
      .where(and(eq(schema.practicalMatterFiles.id, fileId), eq(schema.practicalMatterFiles.matterId, id)))
      .returning();
    if (!row) throw notFound('File');
    await recordAudit(tx, actor, { action: 'matter.file_remove', entity: 'matter', entityId: id, before: row });
  });
  return getMatter(db, principal, id);
}

export async function openMatterFile(db: Database, files: FileStore, principal: Principal, id: string, fileId: string) {
  await visibleMatter(db, principal, id, false);
  const [row] = await db
    .select()
    .from(schema.practicalMatterFiles)
    .where(and(eq(schema.practicalMatterFiles.id, fileId), eq(schema.practicalMatterFiles.matterId, id)));
  if (!row) throw notFound('File');
  return { fileName: row.fileName, mediaType: row.mediaType, stream: files.open(row.sha256) };
}

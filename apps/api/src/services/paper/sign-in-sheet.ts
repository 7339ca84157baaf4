import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { aliasedTable, and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { SCHEDULE_TIME_ZONE, type Session } from '@fieldschool/contracts';
import { forbidden } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit.ts';
import type { Principal } from '../principal.ts';
import { getSession, mayManageSession } from '../sessions.ts';
import { a4Document, drawQr } from './pdf.ts';
import {
  COLUMNS,
  CORNER_QR,
  CORNERS,
  MATERIALS_LEFT,
  MAX_MATERIAL_COLUMNS,
  ROW_HEIGHT,
  ROWS_PER_PAGE,
  rowTop,
  SIGNATURE_LEFT,
  cornerCode,
  rowCode,
  TABLE,
} from './sheet-layout.ts';

/*
 * The printed sign-in sheet (签到表) of a session: one row per invited farmer — the farmers
 * of the villages the session invites, which include its own village unless the planner
 * chose others (sessions.ts) — then blank rows for walk-ins. Each print is a paper_sheets
 * row that remembers which farmer stands where, so the photo read back later maps rows to
 * the farmers printed there.
 */

export const DEFAULT_BLANK_ROWS = 10;
const village = aliasedTable(schema.orgUnits, 'village');
const f = schema.farmers;

export interface SheetFarmer {
  id: string;
  name: string;
  householdNo: string | null;
  last4: string | null;
  villageName: string;
}

/** Invited: the farmers of the session's target villages and of its own village. */
export async function invitedFarmers(db: Pick<Database, 'select'>, session: Pick<Session, 'villageId' | 'targetVillages'>): Promise<SheetFarmer[]> {
  const villages = [...new Set([session.villageId, ...session.targetVillages.map((v) => v.id)])];
  return db
    .select({ id: f.id, name: f.name, householdNo: f.householdNo, last4: f.idNumberLast4, villageName: village.name })
    .from(f)
    .innerJoin(village, eq(village.id, f.villageId))
    .where(and(inArray(f.villageId, villages), isNull(f.mergedIntoId)))
    .orderBy(asc(village.code), asc(f.householdNo), asc(f.namePinyin), asc(f.id));
}

async function sessionMaterials(db: Pick<Database, 'select'>, courseId: string): Promise<string[]> {
  const rows = await db
    .select({ title: schema.materials.title })
    .from(schema.courseMaterials)
    .innerJoin(schema.materials, eq(schema.materials.id, schema.courseMaterials.materialId))
    .where(eq(schema.courseMaterials.courseId, courseId))
    .orderBy(asc(schema.materials.title))
    .limit(MAX_MATERIAL_COLUMNS);
  return rows.map((row) => row.title);
}

export interface SheetContent {
  sheetId: string;
  session: Pick<Session, 'id' | 'courseTitle' | 'villageName' | 'townshipName' | 'venue' | 'startsAt' | 'endsAt' | 'trainers'>;
  pages: Array<Array<SheetFarmer | null>>;
  materials: string[];
}

export function paginate<T>(rows: Array<T | null>): Array<Array<T | null>> {
  const pages: Array<Array<T | null>> = [];
  for (let at = 0; at < rows.length; at += ROWS_PER_PAGE) pages.push(rows.slice(at, at + ROWS_PER_PAGE));
  return pages.length ? pages : [[]];
}

export async function printSignInSheet(db: Database, principal: Principal, actor: Actor, sessionId: string, options: { blankRows?: number } = {}): Promise<Buffer> {
  const session = await getSession(db, principal, sessionId);
  const [place] = await db.select({ path: schema.orgUnits.path }).from(schema.orgUnits).where(eq(schema.orgUnits.id, session.villageId));
  if (!mayManageSession(principal, { villagePath: place!.path, trainerIds: session.trainers.map((t) => t.id) })) {
    throw forbidden('Only its trainers and the area’s admins print a session’s sign-in sheet');
  }
  const farmers = await invitedFarmers(db, session);
  const pages = paginate<SheetFarmer>([...farmers, ...Array.from({ length: options.blankRows ?? DEFAULT_BLANK_ROWS }, () => null)]);
  const materials = await sessionMaterials(db, session.courseId);
  const sheetId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.paperSheets)
      .values({ sessionId, rows: pages.map((page) => page.map((farmer) => farmer?.id ?? null)), printedBy: principal.id })
      .returning({ id: schema.paperSheets.id });
    await recordAudit(tx, actor, { action: 'paper_sheet.print', entity: 'paper_sheet', entityId: row!.id, after: { sessionId, farmers: farmers.length, pages: pages.length } });
    return row!.id;
  });
  return renderSignInSheet({ sheetId, session, pages, materials });
}

/** Separates the heading's parts, as Chinese print does. */
const IDEOGRAPHIC_SPACE = '\u3000';
const local = (instant: string) => new TZDate(new Date(instant), SCHEDULE_TIME_ZONE);

export function renderSignInSheet(content: SheetContent): Promise<Buffer> {
  const { session, sheetId, materials } = content;
  const { doc, bytes } = a4Document({ Title: `签到表 ${session.courseTitle}` });
  const materialWidth = (TABLE.right - MATERIALS_LEFT) / Math.max(materials.length, 1);
  const when = `${format(local(session.startsAt), 'yyyy年M月d日 HH:mm')}–${format(local(session.endsAt), 'HH:mm')}`;
  const trainers = session.trainers.map((t) => t.name).join('、');
  let number = 0;
  content.pages.forEach((rows, page) => {
    if (page > 0) doc.addPage();
    CORNERS.forEach((corner, index) => drawQr(doc, cornerCode(session.id, sheetId, page, index), corner.x, corner.y, CORNER_QR, { level: 'M', quiet: 1 }));
    const headLeft = CORNERS[0].x + CORNER_QR + 10;
    const headWidth = CORNERS[1].x - 10 - headLeft;
    doc.fillColor('#000000').fontSize(16).text(`签到表 · ${session.courseTitle}`, headLeft, 22, { width: headWidth, align: 'center', lineBreak: false, ellipsis: true });
    doc.fontSize(9).text(`${when}${IDEOGRAPHIC_SPACE}${session.townshipName} ${session.villageName}${session.venue ? ` · ${session.venue}` : ''}`, headLeft, 46, { width: headWidth, align: 'center', lineBreak: false, ellipsis: true });
    doc.text(`培训师：${trainers}${IDEOGRAPHIC_SPACE}第 ${page + 1} / ${content.pages.length} 页`, headLeft, 60, { width: headWidth, align: 'center', lineBreak: false, ellipsis: true });
    doc.fontSize(7).fillColor('#555555').text('请在“签名”格内签名或按手印；格外的字迹不计。', headLeft, 76, { width: headWidth, align: 'center', lineBreak: false });

    // Header row.
    const header: Array<[string, number, number]> = [
      ['序号', TABLE.left, COLUMNS.number + COLUMNS.qr],
      ['姓名', TABLE.left + COLUMNS.number + COLUMNS.qr, COLUMNS.name],
      ['户号', TABLE.left + COLUMNS.number + COLUMNS.qr + COLUMNS.name, COLUMNS.household],
      ['身份证后4位', TABLE.left + COLUMNS.number + COLUMNS.qr + COLUMNS.name + COLUMNS.household, COLUMNS.last4],
      ['签名', SIGNATURE_LEFT, COLUMNS.signature],
      ...(materials.length ? materials.map((title, i) => [title, MATERIALS_LEFT + i * materialWidth, materialWidth] as [string, number, number]) : [['备注', MATERIALS_LEFT, TABLE.right - MATERIALS_LEFT] as [string, number, number]]),
    ];
    doc.rect(TABLE.left, TABLE.headerTop, TABLE.right - TABLE.left, TABLE.headerHeight).fill('#e8eef3');
    doc.fillColor('#000000').fontSize(7.5);
    for (const [title, x, width] of header) doc.text(title, x + 2, TABLE.headerTop + 5, { width: width - 4, align: 'center', lineBreak: false, ellipsis: true });

    rows.forEach((farmer, row) => {
      number += 1;
      const top = rowTop(row);
      const middle = top + ROW_HEIGHT / 2 - 4;
      doc.fontSize(8).fillColor('#000000').text(String(number), TABLE.left, middle, { width: COLUMNS.number, align: 'center', lineBreak: false });
      drawQr(doc, rowCode(session.id, page, row), TABLE.left + COLUMNS.number + 1, top + 1, ROW_HEIGHT - 2, { level: 'L', quiet: 1, fixedMask: true });
      if (farmer) {
        const x = TABLE.left + COLUMNS.number + COLUMNS.qr;
        doc.fontSize(farmer.name.length > 7 ? 7 : 9).text(farmer.name, x + 3, middle - 1, { width: COLUMNS.name - 6, lineBreak: false, ellipsis: true });
        doc.fontSize(8).text(farmer.householdNo ?? '', x + COLUMNS.name, middle, { width: COLUMNS.household, align: 'center', lineBreak: false, ellipsis: true });
        doc.text(farmer.last4 ?? '', x + COLUMNS.name + COLUMNS.household, middle, { width: COLUMNS.last4, align: 'center', lineBreak: false });
      } else {
        doc.fontSize(6.5).fillColor('#999999').text('现场登记：姓名 / 村', TABLE.left + COLUMNS.number + COLUMNS.qr + 3, middle, { width: COLUMNS.name + COLUMNS.household, lineBreak: false });
      }
    });
    // Grid: the signature boxes' lines are what the read-back looks inside of.
    const bottom = rowTop(rows.length);
    doc.lineWidth(0.5).strokeColor('#666666');
    for (let row = 0; row <= rows.length; row += 1) doc.moveTo(TABLE.left, rowTop(row)).lineTo(TABLE.right, rowTop(row));
    const verticals = [TABLE.left, TABLE.left + COLUMNS.number, TABLE.left + COLUMNS.number + COLUMNS.qr, ...header.slice(1).map(([, x]) => x), TABLE.right];
    for (const x of verticals) doc.moveTo(x, TABLE.headerTop).lineTo(x, bottom);
    doc.moveTo(TABLE.left, TABLE.headerTop).lineTo(TABLE.right, TABLE.headerTop);
    doc.stroke();
  });
  doc.end();
  return bytes;
}


import { createHash } from 'node:crypto';
import { desc, eq, inArray } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { ConfirmPaperRows, PaperConfirmResult, PaperReading, PaperRow, PaperSheets } from '@fieldschool/contracts';
import { AppError, forbidden } from '../../errors.ts';
import type { Principal } from '../principal.ts';
import { getSession, mayManageSession } from '../sessions.ts';
import type { SyncContext, SyncOutcome } from '../sync/sync-handler.ts';
import { loadGrey, locateSheet, measureRows } from './detect-sheet.ts';
import { ROWS_PER_PAGE } from './sheet-layout.ts';

/*
 * From a photographed sign-in sheet to attendances. `readPaperPhoto` answers what it sees
 * and writes nothing; the trainer corrects rows on the screen and `confirmPaperRows` turns
 * the confirmed rows into check-ins of method `paper` through the sync rules (one
 * attendance per session and farmer; a repeated id is a no-op). The id of a row's
 * check-in is derived from sheet, page and row, so the same photo confirmed twice, or a
 * photo after hand-ticking, gives duplicates, never a second attendance.
 */

/** A check-in item as the sync request carries it (DESIGN.md §6). */
export interface PaperCheckinItem {
  id: string;
  sessionId: string;
  farmerId: string;
  status: 'present';
  method: 'paper';
  checkedInAt: string;
}

/** The check-in handler's rules, given by whoever builds the app (the sync module's check-in handler). */
export type RecordCheckins = (ctx: SyncContext, items: PaperCheckinItem[]) => Promise<SyncOutcome[]>;

type SheetRow = typeof schema.paperSheets.$inferSelect;

async function managedSession(db: Database, principal: Principal, sessionId: string) {
  const session = await getSession(db, principal, sessionId);
  const [place] = await db.select({ path: schema.orgUnits.path }).from(schema.orgUnits).where(eq(schema.orgUnits.id, session.villageId));
  if (!mayManageSession(principal, { villagePath: place!.path, trainerIds: session.trainers.map((t) => t.id) })) {
    throw forbidden('Only its trainers and the area’s admins record a session’s attendance');
  }
  return session;
}

async function sheetOf(db: Database, sessionId: string, sheetId: string, codeSessionId = sessionId): Promise<SheetRow> {
  if (codeSessionId !== sessionId) throw new AppError('sheet_other_session', 'This sheet was printed for another session', { field: 'photo' });
  const [sheet] = await db.select().from(schema.paperSheets).where(eq(schema.paperSheets.id, sheetId));
  if (!sheet) throw new AppError('sheet_unknown', 'No such printed sheet', { field: 'sheetId' });
  if (sheet.sessionId !== sessionId) throw new AppError('sheet_other_session', 'This sheet was printed for another session', { field: 'sheetId' });
  return sheet;
}

async function namesOf(db: Database, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: schema.farmers.id, name: schema.farmers.name }).from(schema.farmers).where(inArray(schema.farmers.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row.name]));
}

function pageRows(sheet: SheetRow, page: number, names: Map<string, string>): PaperRow[] {
  return (sheet.rows[page] ?? []).map((farmerId, row) => ({ row, number: page * ROWS_PER_PAGE + row + 1, farmerId, farmerName: farmerId ? (names.get(farmerId) ?? null) : null }));
}

/** The sheets printed for a session, newest first, row by row: what the hand-ticking screen shows. */
export async function listPaperSheets(db: Database, principal: Principal, sessionId: string): Promise<PaperSheets> {
  await managedSession(db, principal, sessionId);
  const sheets = await db.select().from(schema.paperSheets).where(eq(schema.paperSheets.sessionId, sessionId)).orderBy(desc(schema.paperSheets.printedAt)).limit(20);
  const names = await namesOf(db, [...new Set(sheets.flatMap((s) => s.rows.flat().filter((id): id is string => id !== null)))]);
  return { items: sheets.map((sheet) => ({ id: sheet.id, printedAt: sheet.printedAt.toISOString(), pages: sheet.rows.map((_, page) => pageRows(sheet, page, names)) })) };
}

export async function readPaperPhoto(db: Database, principal: Principal, sessionId: string, photo: Buffer): Promise<PaperReading> {
  await managedSession(db, principal, sessionId);
  const image = await loadGrey(photo);
  const located = locateSheet(image);
  const sheet = await sheetOf(db, sessionId, located.code.sheetId, located.code.sessionId);
  const page = located.code.page;
  if (page >= sheet.rows.length) throw new AppError('sheet_unknown', 'The sheet has no such page', { field: 'photo' });
  const names = await namesOf(db, sheet.rows[page]!.filter((id): id is string => id !== null));
  const printed = pageRows(sheet, page, names);
  const readings = measureRows(image, located, printed.length);
  return {
    sheetId: sheet.id,
    page,
    pageCount: sheet.rows.length,
    corners: located.corners,
    rows: printed.map((row, index) => ({ ...row, marked: readings[index]!.marked, confidence: readings[index]!.confidence, box: readings[index]!.box })),
  };
}

/** The same id for the same row of the same printed page, whoever confirms it and however often. */
export function paperCheckinId(sheetId: string, page: number, row: number): string {
  const hex = createHash('sha256').update(`paper:${sheetId}:${page}:${row}`).digest('hex');
  // Shaped as an RFC 9562 version-8 (custom) UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function confirmPaperRows(db: Database, principal: Principal, recordCheckins: RecordCheckins, sessionId: string, input: ConfirmPaperRows, now = new Date()): Promise<PaperConfirmResult> {
  const session = await managedSession(db, principal, sessionId);
  const sheet = await sheetOf(db, sessionId, input.sheetId);
  const printed = sheet.rows[input.page];
  if (!printed) throw new AppError('validation_failed', 'The sheet has no such page', { field: 'page' });
  const bad = input.rows.find((row) => row >= printed.length);
  if (bad !== undefined) throw new AppError('validation_failed', `The page has no row ${bad}`, { field: 'rows' });
  const farmerRows = input.rows.filter((row) => printed[row] !== null);
  const items: PaperCheckinItem[] = farmerRows.map((row) => ({
    id: paperCheckinId(sheet.id, input.page, row),
    sessionId,
    farmerId: printed[row]!,
    status: 'present',
    method: 'paper',
    // A signature says the farmer came, not when: the session's start stands for it.
    checkedInAt: session.startsAt,
  }));
  const outcomes = items.length ? await db.transaction((tx) => recordCheckins({ tx, principal, deviceId: `paper:${sheet.id}`, receivedAt: now }, items)) : [];
  return {
    results: outcomes.map((outcome, index) => ({
      row: farmerRows[index]!,
      farmerId: items[index]!.farmerId,
      result: outcome.result,
      ...(outcome.attendanceId ? { attendanceId: outcome.attendanceId } : {}),
      ...(outcome.reason ? { reason: outcome.reason } : {}),
    })),
    walkIns: input.rows.length - farmerRows.length,
  };
}

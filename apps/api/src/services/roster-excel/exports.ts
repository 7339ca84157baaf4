import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { aliasedTable, and, asc, eq, isNull, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { schema, type Database } from '@fieldschool/db';
import { SCHEDULE_TIME_ZONE } from '@fieldschool/contracts';
import { AppError } from '../../errors.ts';
import { getVisibleOrgUnit } from '../org-units.ts';
import type { Principal } from '../principal.ts';
import { localDateTime } from '@fieldschool/contracts/local-clock';
import { getSession } from '../sessions.ts';
import { ROSTER_COLUMNS } from './columns.ts';
import { GENDER_ZH, METHOD_ZH, STATUS_ZH } from '../file-words.ts';
import { streamedXlsx, xlsxStream } from '../spreadsheets/xlsx-stream.ts';

const PAGE = 1000;
const f = schema.farmers;

/** The template: the header row, one example row, the ID number column as text (18 digits are not a number). */
export async function rosterTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('花名册', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ROSTER_COLUMNS.map((column) => ({ header: column.zh, key: column.key, width: column.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(ROSTER_COLUMNS.map((column) => column.example));
  for (const key of ['householdNo', 'phone', 'idNumber']) sheet.getColumn(key).numFmt = '@';
  for (let row = 2; row <= 2000; row += 1) {
    sheet.getCell(row, 3).dataValidation = { type: 'list', allowBlank: true, formulae: ['"女,男"'] };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A village's farmers in pinyin order, as the roster screen lists them. */
export async function exportVillageRoster(db: Database, principal: Principal, villageId: string): Promise<{ fileName: string; stream: Readable }> {
  const village = await getVisibleOrgUnit(db, principal, villageId);
  if (village.level !== 'village') throw new AppError('org_unit_invalid', 'A roster belongs to a village', { field: 'villageId' });
  const out = xlsxStream('花名册', [
    ...ROSTER_COLUMNS.filter((column) => column.key !== 'idNumber').map((column) => ({ header: column.zh, width: column.width })),
    { header: '身份证后四位', width: 14 },
  ], { editable: true });
  const stream = streamedXlsx(out, async () => {
    let after: { pinyin: string; id: string } | undefined;
    for (;;) {
      const rows = await db
        .select({ id: f.id, name: f.name, pinyin: f.namePinyin, householdNo: f.householdNo, gender: f.gender, birthYear: f.birthYear, phone: f.phone, last4: f.idNumberLast4 })
        .from(f)
        .where(and(eq(f.villageId, villageId), isNull(f.mergedIntoId), after ? sql`(${f.namePinyin}, ${f.id}) > (${after.pinyin}, ${after.id}::uuid)` : undefined))
        .orderBy(asc(f.namePinyin), asc(f.id))
        .limit(PAGE);
      for (const row of rows) await out.addRow([row.name, row.householdNo, row.gender ? GENDER_ZH[row.gender] : null, row.birthYear, row.phone, row.last4]);
      if (rows.length < PAGE) return;
      after = { pinyin: rows.at(-1)!.pinyin, id: rows.at(-1)!.id };
    }
  });
  return { fileName: `${village.name}花名册.xlsx`, stream };
}

const village = aliasedTable(schema.orgUnits, 'village');

/** Who attended a session, in check-in order, times in Asia/Shanghai. */
export async function exportSessionAttendance(db: Database, principal: Principal, sessionId: string): Promise<{ fileName: string; stream: Readable }> {
  const session = await getSession(db, principal, sessionId);
  const a = schema.attendances;
  const out = xlsxStream('签到名单', [
    { header: '姓名', width: 16 },
    { header: '村', width: 12 },
    { header: '户号', width: 10 },
    { header: '身份证后四位', width: 14 },
    { header: '状态', width: 8 },
    { header: '签到方式', width: 12 },
    { header: '签到时间', width: 18 },
  ], { editable: true });
  const stream = streamedXlsx(out, async () => {
    let offset = 0;
    for (;;) {
      const rows = await db
        .select({ name: f.name, village: village.name, householdNo: f.householdNo, last4: f.idNumberLast4, status: a.status, method: a.method, at: a.checkedInAt })
        .from(a)
        .innerJoin(f, eq(f.id, a.farmerId))
        .innerJoin(village, eq(village.id, f.villageId))
        .where(eq(a.sessionId, sessionId))
        .orderBy(asc(a.checkedInAt), asc(a.id))
        .limit(PAGE)
        .offset(offset);
      for (const row of rows) {
        await out.addRow([row.name, row.village, row.householdNo, row.last4, STATUS_ZH[row.status], METHOD_ZH[row.method], localDateTime(row.at)]);
      }
      if (rows.length < PAGE) return;
      offset += PAGE;
    }
  });
  const day = format(new TZDate(new Date(session.startsAt), SCHEDULE_TIME_ZONE), 'yyyyMMdd');
  return { fileName: `${session.courseTitle}-${session.villageName}-${day}签到名单.xlsx`, stream };
}

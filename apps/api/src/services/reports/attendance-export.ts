import { PassThrough, type Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Database } from '@fieldschool/db';
import { localDateTime } from '@fieldschool/contracts/local-clock';
import { scopedSessions, type ReportScope } from './scope.ts';

/*
 * The filtered attendance list, streamed: rows are read a few sessions at a time and written
 * out as they come, so 45,000 rows or 4.5 million take the same memory. Every status is listed
 * (the figures count only present and late). No party or household columns: a file travels.
 */

/** Sessions whose attendances are read per query: about 2,000 rows at a county's 200 a session. */
const SESSIONS_PER_BATCH = 10;

export const EXPORT_COLUMNS = ['开始时间', '乡镇', '培训村', '课程', '主题', '农民', '农民所在村', '性别', '状态', '签到方式', '签到时间'] as const;

const statusWords: Record<string, string> = { present: '出席', late: '迟到', excused: '请假', absent: '缺席' };
const topicWords: Record<string, string> = { agri_tech: '农业技术', healthcare: '医疗卫生', poverty_relief: '扶贫帮扶', law: '法律', party_building: '党建', other: '其他' };
const methodWords: Record<string, string> = { qr_card: '扫农民卡', session_qr: '扫场次码', roster: '名单勾选', walk_in: '现场登记' };
const genderWords: Record<string, string> = { female: '女', male: '男' };

interface ExportRow extends Record<string, unknown> {
  id: string;
  starts_at: Date;
  session_id: string;
  township: string;
  village: string;
  course: string;
  topic: string;
  farmer: string;
  farmer_village: string;
  gender: string | null;
  status: string;
  method: string;
  checked_in_at: Date;
}

function cells(row: ExportRow): string[] {
  return [
    localDateTime(row.starts_at),
    row.township,
    row.village,
    row.course,
    topicWords[row.topic] ?? row.topic,
    row.farmer,
    row.farmer_village,
    row.gender ? (genderWords[row.gender] ?? row.gender) : '',
    statusWords[row.status] ?? row.status,
    methodWords[row.method] ?? row.method,
    localDateTime(row.checked_in_at),
  ];
}

/**
 * The scope's attendance rows in (session start, session, attendance) order. The sessions are
 * listed once (a county year has about 215, a prefecture's 21,500); their attendances are then
 * read a few sessions at a time through the session index, so no query sorts the whole list.
 */
async function* attendanceRows(db: Database, scope: ReportScope): AsyncGenerator<ExportRow> {
  const { rows: sessions } = await db.execute<{ id: string }>(sql`SELECT s.id FROM (${scopedSessions(scope)}) s ORDER BY s.starts_at, s.id`);
  for (let first = 0; first < sessions.length; first += SESSIONS_PER_BATCH) {
    const ids = sessions.slice(first, first + SESSIONS_PER_BATCH).map((row) => row.id);
    const { rows } = await db.execute<ExportRow>(sql`
      SELECT a.id, s.starts_at, s.id AS session_id, t.name AS township, v.name AS village, c.title AS course, c.topic,
        f.name AS farmer, fv.name AS farmer_village, f.gender, a.status, a.method, a.checked_in_at
      FROM attendances a
      JOIN training_sessions s ON s.id = a.session_id
      JOIN courses c ON c.id = s.course_id
      JOIN org_units v ON v.id = s.village_id
      LEFT JOIN org_units t ON t.id = v.parent_id
      JOIN farmers f ON f.id = a.farmer_id
      JOIN org_units fv ON fv.id = f.village_id
      WHERE a.session_id = ANY(${`{${ids.join(',')}}`}::uuid[])
      ORDER BY s.starts_at, s.id, a.id`);
    for (const row of rows) yield { ...row, starts_at: new Date(row.starts_at), checked_in_at: new Date(row.checked_in_at) };
  }
}

/**
 * A spreadsheet opens "=1+1", "+86…", "-3" or "@SUM(…)" typed into a name as a formula (CSV
 * injection): such a text cell gets a leading apostrophe, which shows it as the text it is.
 */
export function escapeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function attendanceCsv(db: Database, scope: ReportScope): Readable {
  const csv = stringify({ bom: true, header: true, columns: [...EXPORT_COLUMNS] });
  void (async () => {
    try {
      for await (const row of attendanceRows(db, scope)) {
        // Wait for the reader when the buffer is full: memory stays flat however many rows.
        if (!csv.write(cells(row).map(escapeFormula))) await new Promise((resolve) => csv.once('drain', resolve));
      }
      csv.end();
    } catch (error) {
      csv.destroy(error as Error);
    }
  })();
  return csv;
}

export function attendanceXlsx(db: Database, scope: ReportScope): Readable {
  const out = new PassThrough();
  // Inline strings and no styles: nothing is kept per row once it is committed.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('签到记录');
  sheet.columns = EXPORT_COLUMNS.map((header) => ({ header, width: header === '课程' ? 28 : 14 }));
  void (async () => {
    try {
      for await (const row of attendanceRows(db, scope)) {
        // Every value is a string, written as a text cell (inline string), never a formula: "=1+1" stays text as it is.
        sheet.addRow(cells(row)).commit();
        if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify';
import type { Database } from '@fieldschool/db';
import { localMinute, scopedSessions, type ReportScope } from './scope.ts';
import { streamedXlsx, xlsxStream } from '../spreadsheets/xlsx-stream.ts';
import { GENDER_ZH, METHOD_ZH, STATUS_ZH, TOPIC_ZH, wordFor } from '../file-words.ts';

/*
 * The filtered attendance list, streamed: rows are read a few sessions at a time and written
 * out as they come, so 45,000 rows or 4.5 million take the same memory. Every status is listed
 * (the figures count only present and late). No party or household columns: a file travels.
 */

/** Sessions whose attendances are read per query: about 2,000 rows at a county's 200 a session. */
const SESSIONS_PER_BATCH = 10;

export const EXPORT_COLUMNS = ['开始时间', '乡镇', '培训村', '课程', '主题', '农民', '农民所在村', '性别', '状态', '签到方式', '签到时间'] as const;

/** One attendance, the times already on the county's clock (PostgreSQL formats them: 6 µs a row less than JS). */
interface ExportRow extends Record<string, unknown> {
  starts_at: string;
  township: string;
  village: string;
  course: string;
  topic: string;
  farmer: string;
  farmer_village: string;
  gender: string | null;
  status: string;
  method: string;
  checked_in_at: string;
}

function cells(row: ExportRow): string[] {
  return [
    row.starts_at,
    row.township,
    row.village,
    row.course,
    wordFor(TOPIC_ZH, row.topic),
    row.farmer,
    row.farmer_village,
    wordFor(GENDER_ZH, row.gender),
    wordFor(STATUS_ZH, row.status),
    wordFor(METHOD_ZH, row.method),
    row.checked_in_at,
  ];
}

/** The attendances of a few sessions, in (session start, session, attendance) order. */
async function attendancesOf(db: Database, sessionIds: string[]): Promise<ExportRow[]> {
  const { rows } = await db.execute<ExportRow>(sql`
    SELECT ${localMinute(sql`s.starts_at`)} AS starts_at, t.name AS township, v.name AS village, c.title AS course, c.topic,
      f.name AS farmer, fv.name AS farmer_village, f.gender, a.status, a.method, ${localMinute(sql`a.checked_in_at`)} AS checked_in_at
    FROM attendances a
    JOIN training_sessions s ON s.id = a.session_id
    JOIN courses c ON c.id = s.course_id
    JOIN org_units v ON v.id = s.village_id
    LEFT JOIN org_units t ON t.id = v.parent_id
    JOIN farmers f ON f.id = a.farmer_id
    JOIN org_units fv ON fv.id = f.village_id
    WHERE a.session_id = ANY(${`{${sessionIds.join(',')}}`}::uuid[])
    ORDER BY s.starts_at, s.id, a.id`);
  return rows;
}

/**
 * The scope's attendance rows in (session start, session, attendance) order. The sessions are
 * listed once (a county year has about 215, a prefecture's 21,500); their attendances are then
 * read a few sessions at a time through the session index, so no query sorts the whole list.
 * The next batch is read while this one is written out.
 */
async function* attendanceRows(db: Database, scope: ReportScope): AsyncGenerator<ExportRow> {
  const { rows: sessions } = await db.execute<{ id: string }>(sql`SELECT s.id FROM (${scopedSessions(scope)}) s ORDER BY s.starts_at, s.id`);
  const batch = (first: number) => {
    const rows = attendancesOf(db, sessions.slice(first, first + SESSIONS_PER_BATCH).map((row) => row.id));
    // Awaited on the next turn; a reader who hangs up first must not leave its failure unhandled.
    rows.catch(() => undefined);
    return rows;
  };
  let next = sessions.length > 0 ? batch(0) : undefined;
  for (let first = 0; next; first += SESSIONS_PER_BATCH) {
    const rows = await next;
    next = first + SESSIONS_PER_BATCH < sessions.length ? batch(first + SESSIONS_PER_BATCH) : undefined;
    yield* rows;
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
  const columns = EXPORT_COLUMNS.map((header) => ({ header, width: header === '课程' ? 28 : 14 }));
  const out = xlsxStream('签到记录', columns, { editable: false });
  return streamedXlsx(out, async () => {
    for await (const row of attendanceRows(db, scope)) await out.addRow(cells(row));
  });
}

import { createRequire } from 'node:module';
import path from 'node:path';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { zhCN } from 'date-fns/locale';
import { eq, inArray } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { schema, type Database } from '@fieldschool/db';
import { MAX_SCHEDULE_PRINT_DAYS, SCHEDULE_TIME_ZONE, type SchedulePrintQuery, type Session } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';
import { collect } from './paper/pdf.ts';
import { inArea, type Principal } from './principal.ts';
import { listSessions } from './sessions.ts';

/**
 * The printable schedule: a week or a month of sessions, day by day, on A4 in Chinese.
 * The font ships in an npm package (Noto Sans Hans of @embedpdf/fonts-sc, GB2312), so a
 * machine with no system fonts prints it the same. One weight only: embedding a subset of
 * this CFF font costs about 0.3 s of CPU per weight and document, whatever the page count.
 */

export const SCHEDULE_FONT = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');

const MARGIN = 40;
/** Column widths of the day table, in points, across A4's 515 printable points. */
const COLUMNS = [
  { key: 'time', title: '时间', width: 72 },
  { key: 'course', title: '课程', width: 165 },
  { key: 'place', title: '地点', width: 153 },
  { key: 'trainers', title: '培训师', width: 125 },
] as const;
type Column = (typeof COLUMNS)[number]['key'];

const local = (instant: string | Date) => new TZDate(new Date(instant), SCHEDULE_TIME_ZONE);
const dayKey = (instant: string | Date) => format(local(instant), 'yyyy-MM-dd');

/** Refuses a span that is empty or longer than a month's calendar page. */
function assertRange(from: Date, to: Date): void {
  if (to <= from) throw new AppError('query_invalid', 'The schedule ends after it starts', { field: 'to' });
  if (to.getTime() - from.getTime() > MAX_SCHEDULE_PRINT_DAYS * 86_400_000) {
    throw new AppError('query_invalid', `A printed schedule covers at most ${MAX_SCHEDULE_PRINT_DAYS} days`, { field: 'to' });
  }
}

/** Every session of the span, through the same listing (and permissions) as the calendar. */
async function sessionsOf(db: Database, principal: Principal, query: SchedulePrintQuery): Promise<Session[]> {
  const sessions: Session[] = [];
  let cursor: string | undefined;
  do {
    const page = await listSessions(db, principal, { ...query, limit: 500, cursor });
    sessions.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return sessions;
}

/** The filter in words for the heading ("河坡乡 · 培训师：张明"); a place outside the user's area does not exist for them. */
async function describeFilter(db: Database, principal: Principal, query: SchedulePrintQuery): Promise<string[]> {
  const unitIds = [query.townshipId, query.villageId].filter((id): id is string => id !== undefined);
  const units = unitIds.length
    ? await db.select({ id: schema.orgUnits.id, name: schema.orgUnits.name, path: schema.orgUnits.path }).from(schema.orgUnits).where(inArray(schema.orgUnits.id, unitIds))
    : [];
  const words: string[] = [];
  for (const [field, id] of [['townshipId', query.townshipId], ['villageId', query.villageId]] as const) {
    if (!id) continue;
    const unit = units.find((row) => row.id === id);
    if (!unit || !inArea(principal.orgUnitPath, unit.path)) throw new AppError('not_found', 'No such place in your area', { field });
    words.push(unit.name);
  }
  if (query.trainerId) {
    const [trainer] = await db.select({ name: schema.users.displayName }).from(schema.users).where(eq(schema.users.id, query.trainerId));
    if (!trainer) throw new AppError('not_found', 'No such trainer', { field: 'trainerId' });
    words.push(`培训师：${trainer.name}`);
  }
  return words;
}

function periodLabel(from: Date, to: Date): string {
  // `to` is exclusive: a week printed up to Monday 00:00 ends on Sunday.
  const last = new Date(to.getTime() - 1);
  const first = local(from);
  const sameYear = first.getFullYear() === local(last).getFullYear();
  return `${format(first, 'yyyy年M月d日')} 至 ${format(local(last), sameYear ? 'M月d日' : 'yyyy年M月d日')}`;
}

function cells(session: Session): Record<Column, string> {
  const cancelled = session.status === 'cancelled';
  return {
    time: `${format(local(session.startsAt), 'HH:mm')}–${format(local(session.endsAt), 'HH:mm')}`,
    course: `${cancelled ? '【已取消】' : ''}${session.courseTitle}`,
    place: [`${session.townshipName} ${session.villageName}`, session.venue].filter(Boolean).join('\n'),
    trainers: session.trainers.map((trainer) => trainer.name).join('、'),
  };
}

/** Lays the schedule out on A4 pages and returns the PDF's bytes. */
export function renderSchedulePdf(sessions: readonly Session[], heading: { period: string; filter: string[]; printedAt: Date }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: `培训日程表 ${heading.period}`, Creator: 'FieldSchool' } });
  const done = collect(doc);
  doc.font(SCHEDULE_FONT);
  const bottom = doc.page.height - MARGIN - 24;
  const width = doc.page.width - 2 * MARGIN;

  doc.fontSize(20).text('培训日程表', { align: 'center' });
  doc.fontSize(11).text([heading.period, ...heading.filter].join('  ·  '), { align: 'center' }).moveDown(0.8);

  const rowHeight = (values: Record<Column, string>) => Math.max(...COLUMNS.map((column) => doc.heightOfString(values[column.key], { width: column.width - 8 }))) + 8;
  const drawRow = (values: Record<Column, string>, options: { shade?: string; grey?: boolean } = {}) => {
    doc.fontSize(9.5);
    const height = rowHeight(values);
    const top = doc.y;
    if (options.shade) doc.rect(MARGIN, top, width, height).fill(options.shade);
    let x = MARGIN;
    for (const column of COLUMNS) {
      doc.fillColor(options.grey ? '#777777' : '#000000').text(values[column.key], x + 4, top + 4, { width: column.width - 8 });
      x += column.width;
    }
    doc.moveTo(MARGIN, top + height).lineTo(MARGIN + width, top + height).lineWidth(0.5).strokeColor('#bbbbbb').stroke();
    doc.x = MARGIN;
    doc.y = top + height;
  };
  const header = Object.fromEntries(COLUMNS.map((column) => [column.key, column.title])) as Record<Column, string>;
  const drawDayTitle = (title: string) => {
    doc.fontSize(12).fillColor('#000000').text(title, MARGIN, doc.y + 6);
    doc.moveDown(0.2);
    drawRow(header, { shade: '#e8eef3' });
  };

  if (sessions.length === 0) doc.fontSize(11).text('这段时间没有培训场次。', { align: 'center' });
  const days = new Map<string, Session[]>();
  for (const session of sessions) days.set(dayKey(session.startsAt), [...(days.get(dayKey(session.startsAt)) ?? []), session]);
  for (const daySessions of days.values()) {
    const title = format(local(daySessions[0]!.startsAt), 'M月d日 EEEE', { locale: zhCN });
    doc.fontSize(9.5);
    // A day's title never stands alone at the foot of a page.
    if (doc.y + 60 + rowHeight(cells(daySessions[0]!)) > bottom) doc.addPage();
    drawDayTitle(title);
    for (const session of daySessions) {
      const values = cells(session);
      doc.fontSize(9.5);
      if (doc.y + rowHeight(values) > bottom) {
        doc.addPage();
        drawDayTitle(`${title}（续）`);
      }
      drawRow(values, { grey: session.status === 'cancelled' });
    }
  }

  const range = doc.bufferedPageRange();
  for (let index = 0; index < range.count; index += 1) {
    doc.switchToPage(range.start + index);
    const footer = `共 ${sessions.length} 场 · 打印于 ${format(local(heading.printedAt), 'yyyy-MM-dd HH:mm')}（北京时间） · 第 ${index + 1} / ${range.count} 页`;
    // Below the bottom margin: lift it for the footer so pdfkit does not start a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor('#555555').text(footer, MARGIN, doc.page.height - MARGIN, { width, align: 'center' });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}

/** The schedule a user asked for, as the calendar shows it to them, printed. */
export async function printSchedule(db: Database, principal: Principal, query: SchedulePrintQuery, now = new Date()): Promise<Buffer> {
  const from = new Date(query.from);
  const to = new Date(query.to);
  assertRange(from, to);
  const filter = await describeFilter(db, principal, query);
  const sessions = await sessionsOf(db, principal, query);
  return renderSchedulePdf(sessions, { period: periodLabel(from, to), filter, printedAt: now });
}

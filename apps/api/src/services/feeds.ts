import { createHash, randomBytes } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import ical, { ICalEventStatus, type ICalCalendar, type ICalEventData } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { aliasedTable, and, asc, desc, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { SCHEDULE_TIME_ZONE, type CreatedFeedToken, type CreateFeedToken, type FeedToken } from '@fieldschool/contracts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { recordAudit, type Actor } from './audit.ts';
import { getVisibleOrgUnit } from './org-units.ts';
import { inArea, type Principal } from './principal.ts';
import { expandRrule } from './series.ts';

/*
 * A calendar feed is a secret URL a phone calendar subscribes to (it cannot sign in).
 * The token is shown once; only its hash is kept, and revoking it ends the feed.
 */

export const hashFeedToken = (token: string) => createHash('sha256').update(token).digest('hex');

type TokenRow = typeof schema.feedTokens.$inferSelect;
const ft = schema.feedTokens;
const trainerUser = aliasedTable(schema.users, 'feed_trainer');
const trainerUnit = aliasedTable(schema.orgUnits, 'feed_trainer_unit');
const villageUnit = aliasedTable(schema.orgUnits, 'feed_village');

function selectTokens(db: Pick<Database, 'select'>) {
  return db
    .select({ token: ft, trainerName: trainerUser.displayName, trainerPath: trainerUnit.path, villageName: villageUnit.name, villagePath: villageUnit.path })
    .from(ft)
    .leftJoin(trainerUser, eq(trainerUser.id, ft.trainerId))
    .leftJoin(trainerUnit, eq(trainerUnit.id, trainerUser.orgUnitId))
    .leftJoin(villageUnit, eq(villageUnit.id, ft.villageId));
}
type TokenSelected = Awaited<ReturnType<ReturnType<typeof selectTokens>['execute']>>[number];

function toFeedTokenDto(row: TokenSelected): FeedToken {
  return {
    id: row.token.id,
    kind: row.token.kind,
    subjectId: (row.token.trainerId ?? row.token.villageId)!,
    subjectName: (row.trainerName ?? row.villageName) ?? '',
    createdAt: row.token.createdAt.toISOString(),
    revokedAt: row.token.revokedAt?.toISOString() ?? null,
  };
}

/** A trainer subscribes to their own sessions, an admin to any trainer's in their area; anyone to a village they see. */
async function resolveSubject(db: Database, principal: Principal, input: CreateFeedToken): Promise<Pick<TokenRow, 'trainerId' | 'villageId'>> {
  if (input.kind === 'village') {
    const unit = await getVisibleOrgUnit(db, principal, input.subjectId, 'subjectId');
    if (unit.level !== 'village') throw new AppError('org_unit_invalid', 'A village feed names a village', { field: 'subjectId' });
    return { trainerId: null, villageId: unit.id };
  }
  const [trainer] = await db
    .select({ id: schema.users.id, role: schema.users.role, path: schema.orgUnits.path })
    .from(schema.users)
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.users.orgUnitId))
    .where(eq(schema.users.id, input.subjectId));
  const allowed = trainer && trainer.role !== 'secretary' && (trainer.id === principal.id || (principal.role === 'admin' && inArea(principal.orgUnitPath, trainer.path)));
  if (!allowed) throw new AppError('trainer_invalid', 'You may subscribe to your own sessions, or as an admin to a trainer’s in your area', { field: 'subjectId' });
  return { trainerId: trainer.id, villageId: null };
}

export async function createFeedToken(db: Database, principal: Principal, actor: Actor, input: CreateFeedToken, origin: string): Promise<CreatedFeedToken> {
  const subject = await resolveSubject(db, principal, input);
  const token = randomBytes(24).toString('base64url');
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.insert(ft).values({ tokenHash: hashFeedToken(token), kind: input.kind, ...subject, createdBy: principal.id }).returning();
    const { tokenHash: _tokenHash, ...auditable } = row!;
    await recordAudit(tx, actor, { action: 'feed_token.create', entity: 'feed_token', entityId: row!.id, after: auditable });
    return row!.id;
  });
  const [row] = await selectTokens(db).where(eq(ft.id, id));
  return { ...toFeedTokenDto(row!), url: `${origin}/api/v1/feeds/${token}.ics` };
}

export async function listFeedTokens(db: Database, principal: Principal): Promise<{ items: FeedToken[] }> {
  const rows = await selectTokens(db).where(eq(ft.createdBy, principal.id)).orderBy(desc(ft.createdAt));
  return { items: rows.map(toFeedTokenDto) };
}

/** Its maker revokes a feed, and so does an admin whose area holds its subject. */
export async function revokeFeedToken(db: Database, principal: Principal, actor: Actor, id: string): Promise<FeedToken> {
  const [row] = await selectTokens(db).where(eq(ft.id, id));
  if (!row) throw notFound('Feed');
  const subjectPath = row.villagePath ?? row.trainerPath ?? '';
  const mayRevoke = row.token.createdBy === principal.id || (principal.role === 'admin' && inArea(principal.orgUnitPath, subjectPath));
  if (!mayRevoke) {
    if (!inArea(principal.orgUnitPath, subjectPath)) throw notFound('Feed');
    throw forbidden('Only its maker or an admin revokes a feed');
  }
  if (!row.token.revokedAt) {
    await db.transaction(async (tx) => {
      await tx.update(ft).set({ revokedAt: new Date() }).where(eq(ft.id, id));
      await recordAudit(tx, actor, { action: 'feed_token.revoke', entity: 'feed_token', entityId: id });
    });
  }
  const [after] = await selectTokens(db).where(eq(ft.id, id));
  return toFeedTokenDto(after!);
}

/** Phone calendars keep what they once saw; the feed reaches back this far and forward without end. */
const FEED_HISTORY_MS = 90 * 86_400_000;
const FEED_MAX_SESSIONS = 3000;

const s = schema.trainingSessions;
const village = aliasedTable(schema.orgUnits, 'village');
const township = aliasedTable(schema.orgUnits, 'township');
const trainerNames = sql<string[]>`coalesce((SELECT array_agg(${schema.users.displayName} ORDER BY ${schema.users.displayName}) FROM ${schema.sessionTrainers}
  JOIN ${schema.users} ON ${schema.users.id} = ${schema.sessionTrainers.trainerId} WHERE ${schema.sessionTrainers.sessionId} = ${s.id}), '{}')`;

async function feedSessions(db: Database, subject: SQL, windowStart: Date) {
  const select = () =>
    db
      .select({ session: s, courseTitle: schema.courses.title, villageName: village.name, townshipName: township.name, trainers: trainerNames })
      .from(s)
      .innerJoin(schema.courses, eq(schema.courses.id, s.courseId))
      .innerJoin(village, eq(village.id, s.villageId))
      .innerJoin(township, eq(township.id, village.parentId));
  const recent = await select().where(and(subject, gt(s.endsAt, windowStart))).orderBy(asc(s.startsAt)).limit(FEED_MAX_SESSIONS);
  // A series in the window comes whole, so its rule and its exceptions agree.
  const seriesIds = [...new Set(recent.map((row) => row.session.seriesId).filter((id): id is string => id !== null))];
  const older = seriesIds.length ? await select().where(and(subject, inArray(s.seriesId, seriesIds), sql`${s.endsAt} <= ${windowStart}`)) : [];
  return [...older, ...recent];
}
type FeedRow = Awaited<ReturnType<typeof feedSessions>>[number];

const zoned = (instant: Date) => new TZDate(instant, SCHEDULE_TIME_ZONE);

function eventOf(row: FeedRow): ICalEventData {
  const { session } = row;
  return {
    start: zoned(session.startsAt),
    end: zoned(session.endsAt),
    timezone: SCHEDULE_TIME_ZONE,
    summary: `${row.courseTitle}（${row.villageName}）`,
    location: [row.townshipName, row.villageName, session.venue].filter(Boolean).join(' '),
    description: [`培训师：${row.trainers.join('、')}`, `名额：${session.capacity}`, session.notes].filter(Boolean).join('\n'),
    status: session.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    lastModified: session.updatedAt,
  };
}

/** What a session shows in a calendar, less its time: equal for every occurrence the rule alone describes. */
const lookOf = (event: ICalEventData) => JSON.stringify([event.summary, event.location, event.description, event.status]);

/**
 * A series becomes one recurring event (RRULE) with its exceptions: a moved, changed or
 * cancelled session overrides its occurrence (RECURRENCE-ID), an occurrence without a
 * session of this feed is excluded (EXDATE), and a session the rule no longer yields is
 * an event of its own.
 */
function addSeries(calendar: ICalCalendar, series: typeof schema.sessionSeries.$inferSelect, rows: FeedRow[]): void {
  const occurrences = expandRrule(series.rrule, series.dtstart, series.tz, 1000);
  const byOccurrence = new Map(rows.filter((row) => row.session.recurrenceId).map((row) => [row.session.recurrenceId!.getTime(), row]));
  const template = byOccurrence.get(series.dtstart.getTime()) ?? rows[0]!;
  const master = eventOf(template);
  const durationMs = template.session.endsAt.getTime() - template.session.startsAt.getTime();
  const occurrenceTimes = new Set(occurrences.map((date) => date.getTime()));
  const excluded = occurrences.filter((date) => !byOccurrence.has(date.getTime()));
  const stamp = (date: Date) => format(zoned(date), "yyyyMMdd'T'HHmmss");
  const rule = [`RRULE:${series.rrule}`, ...(excluded.length ? [`EXDATE;TZID=${series.tz}:${excluded.map(stamp).join(',')}`] : [])].join('\n');
  const uid = `series-${series.id}@fieldschool`;
  calendar.createEvent({ ...master, id: uid, start: zoned(series.dtstart), end: zoned(new Date(series.dtstart.getTime() + durationMs)), status: ICalEventStatus.CONFIRMED, repeating: rule });
  for (const row of rows) {
    const event = eventOf(row);
    const occurrence = row.session.recurrenceId;
    if (!occurrence || !occurrenceTimes.has(occurrence.getTime())) {
      calendar.createEvent({ ...event, id: `${row.session.id}@fieldschool` });
      continue;
    }
    const asRuleSays =
      row.session.startsAt.getTime() === occurrence.getTime() &&
      row.session.endsAt.getTime() - row.session.startsAt.getTime() === durationMs &&
      lookOf(event) === lookOf({ ...master, status: ICalEventStatus.CONFIRMED });
    if (!asRuleSays) calendar.createEvent({ ...event, id: uid, recurrenceId: zoned(occurrence) });
  }
}

/** The iCalendar (RFC 5545) text of a feed; a revoked or unknown token does not exist. */
export async function renderFeed(db: Database, token: string, now = new Date()): Promise<string> {
  const [row] = await selectTokens(db).where(and(eq(ft.tokenHash, hashFeedToken(token)), isNull(ft.revokedAt)));
  if (!row) throw notFound('Feed');
  const subject =
    row.token.kind === 'trainer'
      ? sql`EXISTS (SELECT 1 FROM ${schema.sessionTrainers} WHERE ${schema.sessionTrainers.sessionId} = ${s.id} AND ${schema.sessionTrainers.trainerId} = ${row.token.trainerId})`
      : or(
          eq(s.villageId, row.token.villageId!),
          sql`EXISTS (SELECT 1 FROM ${schema.sessionTargetVillages} WHERE ${schema.sessionTargetVillages.sessionId} = ${s.id} AND ${schema.sessionTargetVillages.villageId} = ${row.token.villageId})`,
        )!;
  const rows = await feedSessions(db, subject, new Date(now.getTime() - FEED_HISTORY_MS));
  const calendar = ical({
    name: `FieldSchool 培训日程：${row.trainerName ?? row.villageName ?? ''}`,
    prodId: { company: 'FieldSchool', product: 'schedule', language: 'ZH' },
    // No calendar-wide zone: ical-generator would then write DTSTAMP in local time, which RFC 5545 forbids.
    // Each event names Asia/Shanghai, and the generator adds its VTIMEZONE.
    timezone: { name: null, generator: (tz) => (tzlib_get_ical_block(tz) as string[])[0] ?? null },
    ttl: 3600,
  });
  const seriesIds = [...new Set(rows.map((r) => r.session.seriesId).filter((id): id is string => id !== null))];
  const series = seriesIds.length ? await db.select().from(schema.sessionSeries).where(inArray(schema.sessionSeries.id, seriesIds)) : [];
  for (const one of series) addSeries(calendar, one, rows.filter((r) => r.session.seriesId === one.id));
  for (const single of rows.filter((r) => r.session.seriesId === null)) calendar.createEvent({ ...eventOf(single), id: `${single.session.id}@fieldschool` });
  return calendar.toString();
}

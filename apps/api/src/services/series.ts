import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format } from 'date-fns';
import { RRuleTemporal } from 'rrule-temporal';
import { MAX_SERIES_OCCURRENCES, SCHEDULE_TIME_ZONE, weekdays, type Recurrence, type Weekday } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';

/*
 * A series is an RFC 5545 RRULE expanded from its first session's start, in the
 * county's zone: "every Tuesday at 09:00" stays 09:00 in Asia/Shanghai whatever zone
 * the server runs in. rrule-temporal does the expansion (the `rrule` package gives
 * wrong times unless the process runs in UTC).
 */

const localStamp = (instant: Date, tz: string) => format(new TZDate(instant, tz), "yyyyMMdd'T'HHmmss");
const utcStamp = (instant: Date) => `${format(new TZDate(instant, 'UTC'), "yyyyMMdd'T'HHmmss")}Z`;

function weekdayOf(instant: Date, tz: string): Weekday {
  // date-fns: 0 = Sunday; RFC 5545 codes are listed Monday first.
  return weekdays[(new TZDate(instant, tz).getDay() + 6) % 7]!;
}

const invalid = (message: string, field: string) => new AppError('recurrence_invalid', message, { field: `recurrence.${field}` });

/** The RRULE value for a recurrence whose first session starts at `firstStart`. */
export function toRrule(recurrence: Recurrence, firstStart: Date, tz = SCHEDULE_TIME_ZONE): string {
  if ((recurrence.until === undefined) === (recurrence.count === undefined)) {
    throw invalid('A series ends on a date or after a number of sessions: give exactly one of until and count', 'until');
  }
  const parts = [`FREQ=${recurrence.freq.toUpperCase()}`];
  if (recurrence.interval && recurrence.interval > 1) parts.push(`INTERVAL=${recurrence.interval}`);
  if (recurrence.freq !== 'monthly' && (recurrence.monthDay !== undefined || recurrence.setPos !== undefined)) {
    throw invalid('monthDay and setPos belong to a monthly series', recurrence.monthDay !== undefined ? 'monthDay' : 'setPos');
  }
  if (recurrence.freq === 'weekly') {
    parts.push(`BYDAY=${(recurrence.weekdays ?? [weekdayOf(firstStart, tz)]).join(',')}`, 'WKST=MO');
  } else if (recurrence.freq === 'daily') {
    if (recurrence.weekdays) parts.push(`BYDAY=${recurrence.weekdays.join(',')}`);
  } else if (recurrence.weekdays) {
    // Monthly on a weekday: the 2nd Tuesday (setPos 2), the last Friday (setPos -1).
    if (recurrence.monthDay !== undefined) throw invalid('A monthly series falls on a day of the month or on a weekday, not both', 'monthDay');
    parts.push(`BYDAY=${recurrence.weekdays.join(',')}`);
    if (recurrence.setPos !== undefined) parts.push(`BYSETPOS=${recurrence.setPos}`);
  } else {
    if (recurrence.setPos !== undefined) throw invalid('setPos picks among weekdays: give weekdays too', 'setPos');
    parts.push(`BYMONTHDAY=${recurrence.monthDay ?? new TZDate(firstStart, tz).getDate()}`);
  }
  if (recurrence.count !== undefined) parts.push(`COUNT=${recurrence.count}`);
  if (recurrence.until !== undefined) parts.push(`UNTIL=${utcStamp(endOfLocalDay(recurrence.until, tz))}`);
  return parts.join(';');
}

/** The last second of a calendar date in the zone: `until` includes its whole day. */
function endOfLocalDay(isoDate: string, tz: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(addDays(new TZDate(year, month - 1, day, tz), 1).getTime() - 1000);
}

/**
 * The starts of a series' sessions, at most MAX_SERIES_OCCURRENCES + 1 of them (one
 * more than allowed tells the caller the series is too long without expanding it all).
 */
export function expandRrule(rrule: string, dtstart: Date, tz = SCHEDULE_TIME_ZONE, limit = MAX_SERIES_OCCURRENCES + 1): Date[] {
  const rule = new RRuleTemporal({ rruleString: `DTSTART;TZID=${tz}:${localStamp(dtstart, tz)}\nRRULE:${rrule}` });
  return rule.all((_, index) => index < limit).map((occurrence) => new Date(occurrence.epochMilliseconds));
}

/** Expands a requested recurrence, refusing a series with no session or with too many. */
export function occurrencesOf(recurrence: Recurrence, startsAt: Date, tz = SCHEDULE_TIME_ZONE): { rrule: string; starts: Date[] } {
  const draft = toRrule(recurrence, startsAt, tz);
  const starts = expandRrule(draft, startsAt, tz);
  const endField = recurrence.count !== undefined ? 'recurrence.count' : 'recurrence.until';
  if (starts.length === 0) throw new AppError('series_empty', 'This repeat rule gives no session at all', { field: endField });
  if (starts.length > MAX_SERIES_OCCURRENCES) {
    throw new AppError('series_too_long', `A series has at most ${MAX_SERIES_OCCURRENCES} sessions`, { field: endField });
  }
  // The stored rule starts at the first real session, as RFC 5545 wants DTSTART to be one.
  return { rrule: draft, starts };
}

/**
 * The rule split off for "this and all following" sessions, moved from `from` to `to`,
 * now `count` of them: weekdays and days of the month move by as many calendar days
 * (in the zone) as the sessions did.
 */
export function followingRule(rrule: string, from: Date, to: Date, count: number, tz = SCHEDULE_TIME_ZONE): string {
  const days = differenceInCalendarDays(new TZDate(to, tz), new TZDate(from, tz));
  const parts = rrule
    .split(';')
    .filter((part) => !part.startsWith('UNTIL=') && !part.startsWith('COUNT='))
    .map((part) => {
      const [key, value = ''] = part.split('=');
      if (key === 'BYDAY') return `BYDAY=${value.split(',').map((day) => rotateWeekday(day, days)).join(',')}`;
      if (key === 'BYMONTHDAY') {
        const shifted = Number(value) + days;
        // The last day of the month (-1) stays the last; a day that would leave 1..28 cannot move in every month.
        return Number(value) > 0 && shifted >= 1 && shifted <= 28 ? `BYMONTHDAY=${shifted}` : part;
      }
      return part;
    });
  return [...parts, `COUNT=${count}`].join(';');
}

/** The rule cut short just before `splitAt`: the earlier part of a split series. */
export function ruleEndingBefore(rrule: string, splitAt: Date): string {
  const kept = rrule.split(';').filter((part) => !part.startsWith('UNTIL=') && !part.startsWith('COUNT='));
  return [...kept, `UNTIL=${utcStamp(new Date(splitAt.getTime() - 1000))}`].join(';');
}

function rotateWeekday(day: string, days: number): string {
  // "2TU" keeps its ordinal; only the weekday turns.
  const match = /^([+-]?\d*)([A-Z]{2})$/.exec(day);
  if (!match) return day;
  const index = weekdays.indexOf(match[2] as Weekday);
  return `${match[1]}${weekdays[(((index + days) % 7) + 7) % 7]}`;
}

import { formatDateTime } from './datetime.ts';

// Sessions are planned in Beijing time whatever zone the phone is set to. China keeps no
// daylight saving, so a wall-clock time there is always UTC+8.
const OFFSET = '+08:00';
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

/** "2031-03-04" + "09:00" in Asia/Shanghai → the UTC ISO timestamp the api takes. */
export function shanghaiToIso(date: string, time: string): string {
  return new Date(`${date}T${time}:00${OFFSET}`).toISOString();
}

export interface ShanghaiParts {
  /** yyyy-MM-dd */
  date: string;
  /** HH:mm */
  time: string;
  /** RFC 5545 weekday code of that date. */
  weekday: 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
}

/** The date, time of day and weekday of an instant in Asia/Shanghai. */
export function shanghaiParts(value: string | Date): ShanghaiParts {
  const part = Object.fromEntries(parts.formatToParts(typeof value === 'string' ? new Date(value) : value).map((p) => [p.type, p.value]));
  return {
    date: `${part.year}-${part.month}-${part.day}`,
    time: `${part.hour}:${part.minute}`,
    weekday: part.weekday!.slice(0, 2).toUpperCase() as ShanghaiParts['weekday'],
  };
}

/** "2026-12-07 09:30–11:30": when a session is, in Beijing time, as lists and facts show it. */
export function sessionTimes(session: { startsAt: string; endsAt: string }): string {
  return `${formatDateTime(session.startsAt)}–${shanghaiParts(session.endsAt).time}`;
}

/** Minutes between two instants, for a session's length. */
export function minutesBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
}

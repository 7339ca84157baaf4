import { TZDate } from '@date-fns/tz';
import { SCHEDULE_TIME_ZONE } from '@fieldschool/contracts';
import { localDate } from '@fieldschool/contracts/local-clock';

/*
 * Secretaries' days and months are the county's local calendar (Asia/Shanghai), whatever the
 * server's zone: a date is YYYY-MM-DD, a month YYYY-MM, and they compare as strings.
 */

export { localDate };

/** The local month of an instant. */
export const localMonth = (at: Date): string => localDate(at).slice(0, 7);

/** Whole days from `earlier` to `later`, both local dates. */
export const daysBetween = (earlier: string, later: string): number => Math.round((Date.parse(later) - Date.parse(earlier)) / 86_400_000);

/** The first day of a month, as the database keeps months. */
export const firstDay = (month: string): string => `${month}-01`;

/** The first day of the month after. */
export function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

export function daysInMonth(month: string): number {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

/** The instant of a local date and hour. */
export function localTime(date: string, hour: number): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, hour, 0, 0, SCHEDULE_TIME_ZONE).getTime());
}

/** The months of a quarter, YYYY-MM. */
export const quarterMonths = (year: number, quarter: number): string[] =>
  [0, 1, 2].map((i) => `${year}-${String((quarter - 1) * 3 + i + 1).padStart(2, '0')}`);

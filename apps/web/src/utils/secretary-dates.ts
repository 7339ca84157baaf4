import { SCHEDULE_TIME_ZONE } from '@fieldschool/contracts/constants';

/** Today in the county (Asia/Shanghai), YYYY-MM-DD: the day the api checks a work day against. */
export function countyToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: SCHEDULE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Household numbers typed as "07, 12 15" or "07、12": trimmed, without repeats. */
export function parseHouseholdNos(text: string): string[] {
  return [...new Set(text.split(/[\s,，、;；]+/).map((no) => no.trim()).filter(Boolean))];
}

/**
 * For a date picker (it gives local midnights): a day after today in the county cannot be recorded.
 * One argument only: naive-ui passes the picker's own details as a second.
 */
export function isAfterCountyToday(ts: number): boolean {
  const day = new Date(ts);
  const text = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
  return text > countyToday();
}

/** The month before a YYYY-MM month: the last one whose shortfalls are known. */
export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

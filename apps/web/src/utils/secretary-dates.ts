import { SCHEDULE_TIME_ZONE } from '@fieldschool/contracts/constants';

/** Today in the county (Asia/Shanghai), YYYY-MM-DD: the day the api checks a work day against. */
export function countyToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: SCHEDULE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Household numbers typed as "07, 12 15" or "07、12": trimmed, without repeats. */
export function parseHouseholdNos(text: string): string[] {
  return [...new Set(text.split(/[\s,，、;；]+/).map((no) => no.trim()).filter(Boolean))];
}

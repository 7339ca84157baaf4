/*
 * The periods report_farmer_counts keeps distinct farmers for (migration 0014): all time (''),
 * a local year ('2031') and a local month ('2031-03'). A report range is answered from those
 * counts only when it is one of them, or, split by month, when it covers whole months.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: string): { year: string; month: string; date: number } | null {
  const match = DAY.exec(day);
  return match ? { year: match[1]!, month: match[2]!, date: Number(match[3]) } : null;
}

/** The last day of a month (1–12) of a year. */
const lastDate = (year: string, month: string) => new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();

/** The one period a range (days, `to` included) is, or null when it is not a whole year or month. */
export function wholePeriod(from: string | undefined, to: string | undefined): string | null {
  if (!from && !to) return '';
  const start = from ? parts(from) : null;
  const end = to ? parts(to) : null;
  if (!start || !end || start.year !== end.year || start.date !== 1 || end.date !== lastDate(end.year, end.month)) return null;
  if (start.month === '01' && end.month === '12') return start.year;
  return start.month === end.month ? `${start.year}-${start.month}` : null;
}

/** The first and last month of a range of whole months ('2031-03'), [] for all time, null when a month is cut. */
export function wholeMonths(from: string | undefined, to: string | undefined): [string, string] | [] | null {
  if (!from && !to) return [];
  const start = from ? parts(from) : null;
  const end = to ? parts(to) : null;
  if (!start || !end || start.date !== 1 || end.date !== lastDate(end.year, end.month)) return null;
  return [`${start.year}-${start.month}`, `${end.year}-${end.month}`];
}

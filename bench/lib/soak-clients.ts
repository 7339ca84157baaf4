// The soak's browser-like clients: each an async loop that does what one person does on a
// page, then waits a think time. Phones are in soak-phone.ts.
import { send, type Account, type HttpContext } from './soak-http.ts';
import { sleep } from './server.ts';

export interface Workload {
  http: HttpContext;
  running(): boolean;
  /** Mean pause between one client's page views (uniform 0.5× to 1.5×). */
  thinkMs: number;
  /** The county year, as the reports take it (YYYY-MM-DD). */
  year: { from: string; to: string };
  /** Months of the year as the calendar asks for them (its six-week grid, ISO instants). */
  calendarRanges: { from: string; to: string }[];
  villages: string[];
  townships: string[];
}

/** A small seeded generator, so a run's mix is the same each time. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

export async function think(w: Workload, random: () => number, factor = 1): Promise<void> {
  await sleep(w.thinkMs * factor * (0.5 + random()));
}

/** Plain, traditional-script and synonym queries of the library page (DESIGN §7). */
const QUERIES = ['医保', '医疗保险', '低保', '最低生活保障', '新农合', '乡村振兴', '养老保险', '种植补贴', '农机购置补贴', '危房改造', '合作医疗', '耕地保护', '土地承包', '就业培训', '残疾人', '醫療保險', '鄉鎮', '马铃薯', '产业扶贫', '小额信贷'];

export async function searcher(w: Workload, account: Account, random: () => number): Promise<void> {
  while (w.running()) {
    const q = encodeURIComponent(pick(random, QUERIES));
    const extra = random() < 0.25 ? '&sort=newest' : random() < 0.2 ? '&page=2' : '';
    await send(w.http, 'search', `/api/v1/search?q=${q}${extra}`, { account, read: 'drain' });
    await think(w, random);
  }
}

/** The schedule page: one month's grid, sometimes filtered to a township. */
export async function calendarReader(w: Workload, account: Account, random: () => number): Promise<void> {
  while (w.running()) {
    const range = pick(random, w.calendarRanges);
    const filter = random() < 0.3 ? `&townshipId=${pick(random, w.townships)}` : '';
    await send(w.http, 'calendar', `/api/v1/sessions?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}&limit=500${filter}`, { account, read: 'drain' });
    await think(w, random);
  }
}

/** The report dashboard: its four panels at once, for the county or a township, then a drill-down. */
export async function dashboard(w: Workload, account: Account, random: () => number): Promise<void> {
  const { from, to } = w.year;
  while (w.running()) {
    const scope = random() < 0.4 ? `&orgUnitId=${pick(random, w.townships)}` : '';
    const query = `from=${from}&to=${to}${scope}`;
    await Promise.all([
      send(w.http, 'reports/summary', `/api/v1/reports/summary?${query}`, { account, read: 'drain' }),
      send(w.http, 'reports/by-month', `/api/v1/reports/by-month?${query}`, { account, read: 'drain' }),
      send(w.http, 'reports/by-topic', `/api/v1/reports/by-topic?${query}`, { account, read: 'drain' }),
      send(w.http, 'reports/by-unit', `/api/v1/reports/by-unit?${query}${random() < 0.3 ? '&level=village' : ''}`, { account, read: 'drain' }),
    ]);
    await think(w, random);
    if (!w.running()) break;
    await send(w.http, 'reports/sessions', `/api/v1/reports/sessions?${query}&limit=20`, { account, read: 'drain' });
    await think(w, random, 2);
  }
}

/**
 * Exports, well under the api's 30 a minute per address on the report exports: a month of
 * the attendance list as .xlsx, or a village roster as .xlsx.
 */
export async function exporter(w: Workload, account: Account, random: () => number): Promise<void> {
  while (w.running()) {
    if (random() < 0.5) {
      const month = 1 + Math.floor(random() * 12);
      const start = new Date(`${w.year.from}T00:00:00Z`);
      const first = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + month - 1, 1));
      const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
      const day = (d: Date) => d.toISOString().slice(0, 10);
      await send(w.http, 'export attendances.xlsx', `/api/v1/reports/attendances.xlsx?from=${day(first)}&to=${day(last)}`, { account, read: 'drain' });
    } else {
      await send(w.http, 'export roster.xlsx', `/api/v1/villages/${pick(random, w.villages)}/roster.xlsx`, { account, read: 'drain' });
    }
    await think(w, random, 8);
  }
}

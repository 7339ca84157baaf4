import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '@fieldschool/db/testing';
import { seedDemoData } from '../src/seed.ts';
import { localFileStore } from '../src/services/file-store.ts';
import { localDate } from '../src/services/secretaries/calendar.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let filesDir: string;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresAdminUrl'));
  filesDir = await mkdtemp(path.join(tmpdir(), 'fieldschool-demo-secretaries-'));
  await seedDemoData(db.db, { idNumberKey: randomBytes(32) }, localFileStore(filesDir));
}, 180_000);
afterAll(async () => {
  await db?.drop();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

describe("the demo secretaries' year", () => {
  it('has a year of work days for each demo secretary, none after today, and one month short for secretary2', async () => {
    const { rows } = await db.pool.query<{ username: string; months: number; latest: string; short_months: number }>(`
      SELECT u.username, count(DISTINCT date_trunc('month', w.work_date))::int AS months, to_char(max(w.work_date), 'YYYY-MM-DD') AS latest,
        (SELECT count(*)::int FROM (SELECT date_trunc('month', x.work_date) m FROM work_day_entries x WHERE x.secretary_id = u.id
           AND x.work_date < date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') GROUP BY 1 HAVING count(DISTINCT x.work_date) < 4) s) AS short_months
      FROM users u JOIN work_day_entries w ON w.secretary_id = u.id GROUP BY u.id, u.username ORDER BY u.username`);
    expect(rows.map((row) => row.username)).toEqual(['secretary', 'secretary2']);
    for (const row of rows) {
      expect(row.months).toBeGreaterThanOrEqual(11);
      expect(row.latest <= localDate(new Date())).toBe(true);
    }
    expect(rows.find((row) => row.username === 'secretary2')!.short_months).toBe(1);
  });

  it("gives the county the year's totals (roads in 32 villages) and the secretaries' villages household records", async () => {
    const { rows: totals } = await db.pool.query<{ category: string; villages: number }>(`SELECT category::text, count(DISTINCT village_id)::int AS villages FROM practical_matters WHERE status = 'done' GROUP BY 1 ORDER BY 1`);
    expect(Object.fromEntries(totals.map((row) => [row.category, row.villages]))).toEqual({ electricity: 18, road: 32, venue: 16, water: 18 });
    const { rows: [households] } = await db.pool.query<{ n: number; categorised: number }>(`
      SELECT count(*)::int AS n, (SELECT count(*)::int FROM farmers WHERE household_category IS NOT NULL) AS categorised FROM households`);
    expect(households!.n).toBeGreaterThan(20);
    expect(households!.categorised).toBeGreaterThan(0);
  });
});

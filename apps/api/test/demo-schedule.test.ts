import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '@fieldschool/db/testing';
import { seedDemoData } from '../src/seed.ts';
import { localFileStore } from '../src/services/file-store.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let filesDir: string;
const now = new Date();

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresAdminUrl'));
  filesDir = await mkdtemp(path.join(tmpdir(), 'fieldschool-demo-'));
  await seedDemoData(db.db, { idNumberKey: randomBytes(32) }, localFileStore(filesDir));
}, 120_000);
afterAll(async () => {
  await db?.drop();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

describe('the demo year', () => {
  it('has about 215 sessions over 12 months, held ones completed, none clashing for a trainer', async () => {
    const { rows: [totals] } = await db.pool.query(`SELECT count(*)::int AS sessions, count(DISTINCT date_trunc('month', starts_at AT TIME ZONE 'Asia/Shanghai'))::int AS months,
      count(DISTINCT village_id)::int AS villages, count(*) FILTER (WHERE status = 'completed')::int AS completed,
      count(*) FILTER (WHERE status = 'completed' AND ends_at > $1)::int AS completed_in_future,
      count(*) FILTER (WHERE status = 'scheduled' AND starts_at < $1)::int AS scheduled_in_past FROM training_sessions`, [now]);
    expect(totals.sessions).toBeGreaterThanOrEqual(205);
    expect(totals.sessions).toBeLessThanOrEqual(215);
    expect(totals.months).toBeGreaterThanOrEqual(12);
    expect(totals.villages).toBeGreaterThan(60);
    expect(totals.completed).toBeGreaterThan(100);
    expect(totals.completed_in_future).toBe(0);
    expect(totals.scheduled_in_past).toBe(0);
    const { rows: topics } = await db.pool.query(`SELECT DISTINCT c.topic FROM training_sessions s JOIN courses c ON c.id = s.course_id`);
    expect(topics.map((row) => row.topic).sort()).toEqual(['agri_tech', 'healthcare', 'law', 'party_building', 'poverty_relief']);
    const clashes = await db.db.execute(sql`SELECT 1 FROM training_sessions a JOIN session_trainers ta ON ta.session_id = a.id
      JOIN session_trainers tb ON tb.trainer_id = ta.trainer_id JOIN training_sessions b ON b.id = tb.session_id
      WHERE a.id < b.id AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at`);
    expect(clashes.rows).toEqual([]);
    const { rows: located } = await db.pool.query(`SELECT count(*)::int AS n FROM org_units o LEFT JOIN village_locations l ON l.village_id = o.id
      WHERE o.level = 'village' AND (l.lat NOT BETWEEN 30.9 AND 31.6 OR l.lon NOT BETWEEN 98.6 AND 99.4 OR l.lat IS NULL)`);
    expect(located[0].n).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '@fieldschool/db/testing';
import { seedDemoData } from '../src/seed.ts';
import { seedCountyYear } from '../src/seed-county-year.ts';
import { localFileStore } from '../src/services/file-store.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let filesDir: string;
let seconds = 0;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresAdminUrl'));
  filesDir = await mkdtemp(path.join(tmpdir(), 'fieldschool-year-'));
  const idNumberKey = randomBytes(32);
  await seedDemoData(db.db, { idNumberKey }, localFileStore(filesDir));
  const started = performance.now();
  await seedCountyYear(db.db, { idNumberKey });
  seconds = (performance.now() - started) / 1000;
}, 600_000);
afterAll(async () => {
  await db?.drop();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

describe('the demo’s county year', () => {
  it('has about 20,000 farmers and, at the held sessions, attendances with repeat attendance, mixed methods and realistic shares', async () => {
    console.log(`the county year on top of the demo: ${seconds.toFixed(1)} s`);
    const { rows: [t] } = await db.pool.query(`SELECT
      (SELECT count(*)::int FROM org_units WHERE level = 'village') AS villages,
      (SELECT count(*)::int FROM farmers) AS farmers,
      (SELECT count(*)::int FROM farmers WHERE provisional) AS walk_ins,
      (SELECT count(*)::int FROM attendances WHERE status IN ('present', 'late')) AS attendances,
      (SELECT count(DISTINCT farmer_id)::int FROM attendances WHERE status IN ('present', 'late')) AS people,
      (SELECT count(*)::int FROM attendances WHERE status = 'late') AS late,
      (SELECT count(DISTINCT method)::int FROM attendances) AS methods,
      (SELECT count(*)::int FROM attendances a JOIN training_sessions s ON s.id = a.session_id WHERE s.status <> 'completed') AS at_unheld,
      (SELECT avg(party_member::int)::float8 FROM farmers) AS party,
      (SELECT avg((household_category = 'dibao')::int)::float8 FROM farmers) AS dibao`);
    expect(t.villages).toBeGreaterThanOrEqual(150);
    expect(t.farmers).toBeGreaterThan(19_000);
    expect(t.attendances).toBeGreaterThan(20_000);
    expect(t.attendances / t.people).toBeGreaterThan(1.5);
    expect(t.late).toBeGreaterThan(0);
    expect(t.methods).toBe(5);
    expect(t.walk_ins).toBeGreaterThan(100);
    expect(t.at_unheld).toBe(0);
    expect(t.party).toBeGreaterThan(0.04);
    expect(t.party).toBeLessThan(0.1);
    expect(t.dibao).toBeGreaterThan(0.03);
  });
});

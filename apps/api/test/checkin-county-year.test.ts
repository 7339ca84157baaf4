import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '@fieldschool/db/testing';
import { seedDemoData } from '../src/seed.ts';
import { fillDemoCountyYear, oweDemoCountyYear } from '../src/demo-county-year.ts';
import { localFileStore } from '../src/services/file-store.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let filesDir: string;
let seconds = 0;
let stoppedAt = 0;
const attendances = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM attendances')).rows[0]!.n;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresAdminUrl'));
  filesDir = await mkdtemp(path.join(tmpdir(), 'fieldschool-year-'));
  const idNumberKey = randomBytes(32);
  await seedDemoData(db.db, { idNumberKey }, localFileStore(filesDir));
  // As the api's first start does: the year is owed, filled in the background, and a stop
  // (the api stopped midway) leaves the rest to the next start.
  oweDemoCountyYear(filesDir);
  const log = () => undefined;
  const started = performance.now();
  const first = fillDemoCountyYear(db.db, filesDir, idNumberKey, log)!;
  while ((await attendances()) === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  await first.stop();
  expect(readdirSync(filesDir)).toContain('demo-county-year.pending');
  stoppedAt = await attendances();
  await fillDemoCountyYear(db.db, filesDir, idNumberKey, log)!.done;
  seconds = (performance.now() - started) / 1000;
  expect(existsSync(path.join(filesDir, 'demo-county-year.pending'))).toBe(false);
  // Once in, nothing more is owed: a later start adds nothing.
  expect(fillDemoCountyYear(db.db, filesDir, idNumberKey, log)).toBeUndefined();
}, 600_000);
afterAll(async () => {
  await db?.drop();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

describe('the demo’s county year', () => {
  it('has about 20,000 farmers and, at the held sessions, attendances with repeat attendance, mixed methods and realistic shares, and the materials handed out', async () => {
    console.log(`the county year on top of the demo: ${seconds.toFixed(1)} s (stopped once at ${stoppedAt} attendances and resumed)`);
    expect(stoppedAt).toBeLessThan(40_000);
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
      (SELECT avg((household_category = 'dibao')::int)::float8 FROM farmers) AS dibao,
      (SELECT coalesce(sum(quantity), 0)::int FROM material_distributions) AS copies,
      (SELECT coalesce(sum(beyond_stock), 0)::int FROM material_distributions) AS beyond_stock,
      (SELECT count(DISTINCT material_id)::int FROM material_distributions) AS materials`);
    expect(t.villages).toBeGreaterThanOrEqual(150);
    expect(t.farmers).toBeGreaterThan(19_000);
    // About 45,000 (人次): the held sessions, scaled to what their villages can send.
    expect(t.attendances).toBeGreaterThan(43_000);
    expect(t.attendances).toBeLessThan(46_000);
    expect(t.attendances / t.people).toBeGreaterThan(1.5);
    expect(t.late).toBeGreaterThan(0);
    expect(t.methods).toBe(5);
    expect(t.walk_ins).toBeGreaterThan(100);
    expect(t.at_unheld).toBe(0);
    expect(t.party).toBeGreaterThan(0.04);
    expect(t.party).toBeLessThan(0.1);
    expect(t.dibao).toBeGreaterThan(0.03);
    // About 33,000 printed copies handed out, of every material in the catalogue, mostly from stock.
    console.log(`materials: ${t.copies} copies of ${t.materials} materials, ${t.beyond_stock} beyond stock`);
    expect(t.copies).toBeGreaterThan(28_000);
    expect(t.copies).toBeLessThan(38_000);
    expect(t.materials).toBe(8);
    expect(t.beyond_stock).toBeLessThan(t.copies * 0.1);
  });
});

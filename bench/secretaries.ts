// secretaries: the county's evaluation view (GET /api/v1/supervision?year=…) with 158 first
// secretaries and 12 months of generated work-day entries, matters and sessions, p50/p95
// through the api over loopback HTTP, next to GET /api/health measured in the same run
// (alternating) and the view's work-day query run bare through pg. Goal: p95 < 50 ms.
// Runs in-process on an embedded PostgreSQL and Meilisearch under its own /tmp dir.
import { randomBytes, randomUUID } from 'node:crypto';
import { schema, seedDemo } from '@fieldschool/db';
import { createTestDatabase, startTestPostgres } from '@fieldschool/db/testing';
import { createSearchClient } from '@fieldschool/search';
import { startTestMeilisearch } from '@fieldschool/search/testing';
import { buildApp } from '../apps/api/src/app.ts';
import { localFileStore } from '../apps/api/src/services/file-store.ts';
import { hashPassword } from '../apps/api/src/services/passwords.ts';
import { seedHelpers } from '../apps/api/src/seed.ts';
import { removeDir, tempDir } from './lib/server.ts';

const SECRETARIES = 158;
const REQUESTS = Number(process.env.BENCH_EVALUATION_REQUESTS ?? 300);
// A whole year that is over, so every month counts.
const YEAR = new Date().getUTCFullYear() - 1;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  const response = await fn();
  if (response instanceof Response) {
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${response.status} ${response.url}`);
  }
  return performance.now() - start;
}

const dataDir = tempDir('secretaries');
const postgres = await startTestPostgres(dataDir);
const meili = await startTestMeilisearch();
const database = await createTestDatabase(postgres.adminUrl);
const idKey = randomBytes(32);
let app: Awaited<ReturnType<typeof buildApp>> | undefined;
try {
  const db = database.db;
  console.log(`seeding the demo county, ${SECRETARIES} secretaries and ${YEAR}'s entries…`);
  await seedDemo(db, seedHelpers(idKey));
  const { rows: villages } = await database.pool.query<{ id: string }>(`SELECT id FROM org_units WHERE level = 'village' ORDER BY code`);
  const passwordHash = await hashPassword(randomBytes(12).toString('hex'));
  const secretaries = Array.from({ length: SECRETARIES }, (_, i) => ({ id: randomUUID(), username: `bench-secretary-${i}`, displayName: `第一书记${i}`, passwordHash, role: 'secretary' as const, orgUnitId: villages[i % villages.length]!.id }));
  await db.insert(schema.users).values(secretaries);
  const entries: Array<typeof schema.workDayEntries.$inferInsert> = [];
  for (const [n, secretary] of secretaries.entries()) {
    for (let month = 1; month <= 12; month += 1) {
      // 3 to 7 days a month, a second entry on some days.
      const days = 3 + ((n + month) % 5);
      for (let d = 0; d < days; d += 1) {
        const workDate = `${YEAR}-${String(month).padStart(2, '0')}-${String(1 + d * 4).padStart(2, '0')}`;
        entries.push({ id: randomUUID(), secretaryId: secretary.id, villageId: secretary.orgUnitId, workDate, activities: ['household_visit'], note: '走访', householdNos: ['007'] });
        if (d % 3 === 0) entries.push({ id: randomUUID(), secretaryId: secretary.id, villageId: secretary.orgUnitId, workDate, activities: ['meeting'], note: '村两委会' });
      }
    }
  }
  for (let i = 0; i < entries.length; i += 2000) await db.insert(schema.workDayEntries).values(entries.slice(i, i + 2000));
  await db.insert(schema.practicalMatters).values(villages.flatMap((v, i) => [{ villageId: v.id, title: '通村路', category: 'road' as const, status: 'done' as const, doneOn: `${YEAR}-${String(1 + (i % 12)).padStart(2, '0')}-10` }]));
  const { rows: [county] } = await database.pool.query<{ id: string }>(`SELECT id FROM org_units WHERE level = 'county'`);
  const [course] = await db.insert(schema.courses).values({ title: '马铃薯规模化种植', topic: 'agri_tech', orgUnitId: county!.id }).returning();
  const sessions = Array.from({ length: 2000 }, (_, i) => {
    const startsAt = new Date(Date.UTC(YEAR, 0, 1, 1) + Math.floor((i / 2000) * 364) * 86_400_000);
    return { courseId: course!.id, villageId: villages[i % villages.length]!.id, startsAt, endsAt: new Date(startsAt.getTime() + 7_200_000), capacity: 40, status: 'completed' as const, checkinSecret: 'x' };
  });
  for (let i = 0; i < sessions.length; i += 1000) await db.insert(schema.trainingSessions).values(sessions.slice(i, i + 1000));
  await database.pool.query('ANALYZE');

  const filesDir = tempDir('secretaries-files');
  app = await buildApp({ db, search: { client: createSearchClient({ host: meili.url, apiKey: meili.apiKey }), indexUid: 'bench_passages' }, secrets: { idNumberKey: idKey }, files: localFileStore(filesDir) });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'fieldschool-admin' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const headers = { cookie, 'accept-encoding': 'identity' };

  const url = `${base}/api/v1/supervision?year=${YEAR}`;
  const view = (await (await fetch(url, { headers })).json()) as { rows: { months: unknown[] }[] };
  const ids = `{${secretaries.map((s) => s.id).join(',')}}`;
  // The view's work-day query (services/secretaries/supervision.ts), as it stands there.
  const WORK_DAYS = `SELECT d.secretary_id, to_char(d.month, 'YYYY-MM') AS month, count(*)::int AS days, sum(d.n)::int AS entries
    FROM (SELECT w.secretary_id, w.work_date - (extract(day FROM w.work_date)::int - 1) AS month, w.work_date, count(*) AS n
      FROM work_day_entries w JOIN unnest($1::uuid[]) AS s(id) ON s.id = w.secretary_id
      WHERE w.work_date >= $2::date AND w.work_date < $3::date GROUP BY 1, 2, 3) d
    GROUP BY d.secretary_id, d.month`;
  const bare = () => database.pool.query(WORK_DAYS, [ids, `${YEAR}-01-01`, `${YEAR + 1}-01-01`]);
  if (process.env.BENCH_EXPLAIN) {
    const plan = await database.pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${WORK_DAYS}`, [ids, `${YEAR}-01-01`, `${YEAR + 1}-01-01`]);
    console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
  }
  const viewTimes: number[] = [];
  const healthTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < REQUESTS + 20; i++) {
    const v = await timed(() => fetch(url, { headers }));
    const h = await timed(() => fetch(`${base}/api/health`));
    const b = await timed(bare);
    if (i >= 20) {
      viewTimes.push(v);
      healthTimes.push(h);
      bareTimes.push(b);
    }
  }
  const p95 = percentile(viewTimes, 95);
  console.log(`\nentries: ${entries.length} for ${SECRETARIES} secretaries × 12 months; view rows ${view.rows.length}, months each ${view.rows[0]?.months.length}`);
  console.log(`county evaluation view (${REQUESTS} requests): p50 ${ms(percentile(viewTimes, 50))}, p95 ${ms(p95)} — goal p95 < 50 ms: ${p95 < 50 ? 'MET' : 'MISSED'}`);
  console.log(`health in the same run: p50 ${ms(percentile(healthTimes, 50))}, p95 ${ms(percentile(healthTimes, 95))}; ratio view/health p50 ${(percentile(viewTimes, 50) / percentile(healthTimes, 50)).toFixed(1)}, p95 ${(p95 / percentile(healthTimes, 95)).toFixed(1)}`);
  console.log(`bare pg, the view's work-day query: p50 ${ms(percentile(bareTimes, 50))}, p95 ${ms(percentile(bareTimes, 95))}; ratio view/bare p50 ${(percentile(viewTimes, 50) / percentile(bareTimes, 50)).toFixed(1)}`);
  removeDir(filesDir);
} finally {
  await app?.close();
  await database.drop();
  await meili.stop();
  await postgres.stop();
  removeDir(dataDir);
}

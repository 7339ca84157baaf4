// scheduling: (1) creating a 52-week series with its conflict checks, through the api
// over loopback HTTP; (2) the county's month calendar with 5,000 sessions in the year,
// p50/p95 through the api, next to GET /api/health measured in the same run
// (alternating). Goals: series < 200 ms; month p95 < 50 ms.
// Runs in-process on an embedded PostgreSQL and Meilisearch under its own /tmp dir.
import { randomBytes, randomUUID } from 'node:crypto';
import { schema, seedDemo } from '@fieldschool/db';
import { createTestDatabase, startTestPostgres } from '@fieldschool/db/testing';
import { createSearchClient } from '@fieldschool/search';
import { startTestMeilisearch } from '@fieldschool/search/testing';
import { buildApp } from '../apps/api/src/app.ts';
import { localFileStore } from '../apps/api/src/services/file-store.ts';
import { installJobQueue } from '../apps/api/src/services/job-queue.ts';
import { hashPassword } from '../apps/api/src/services/passwords.ts';
import { seedHelpers } from '../apps/api/src/seed.ts';
import { removeDir, tempDir } from './lib/server.ts';

const SESSIONS = 5000;
const SERIES_RUNS = Number(process.env.BENCH_SERIES_RUNS ?? 15);
const MONTH_REQUESTS = Number(process.env.BENCH_MONTH_REQUESTS ?? 300);
const YEAR = 2031;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function timed(fn: () => Promise<Response>): Promise<number> {
  const start = performance.now();
  const response = await fn();
  const body = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${response.url}: ${body}`);
  return performance.now() - start;
}

const dataDir = tempDir('scheduling');
const postgres = await startTestPostgres(dataDir);
const meili = await startTestMeilisearch();
const database = await createTestDatabase(postgres.adminUrl);
const idKey = randomBytes(32);
let app: Awaited<ReturnType<typeof buildApp>> | undefined;
try {
  const db = database.db;
  console.log('seeding the demo county (150 villages) and 5,000 sessions…');
  // Saving a session schedules its reminder in the job queue, as the api's start installs it.
  await installJobQueue(database.pool);
  await seedDemo(db, seedHelpers(idKey));
  const { rows: [county] } = await database.pool.query<{ id: string }>(`SELECT id FROM org_units WHERE level = 'county'`);
  const { rows: villages } = await database.pool.query<{ id: string }>(`SELECT id FROM org_units WHERE level = 'village' ORDER BY code`);
  const passwordHash = await hashPassword(randomBytes(12).toString('hex'));
  const trainers = Array.from({ length: 40 }, (_, i) => ({ id: randomUUID(), username: `bench-trainer-${i}`, displayName: `培训师${i}`, passwordHash, role: 'trainer' as const, orgUnitId: county!.id }));
  await db.insert(schema.users).values(trainers);
  const [course] = await db.insert(schema.courses).values({ title: '马铃薯规模化种植', topic: 'agri_tech', orgUnitId: county!.id }).returning();
  // 5,000 sessions spread over the year, 2 hours each, 08:00–18:00 Shanghai, one trainer and one target village each.
  const rows = Array.from({ length: SESSIONS }, (_, i) => {
    const start = new Date(Date.UTC(YEAR, 0, 1, 0, 0) + Math.floor((i / SESSIONS) * 365) * 86_400_000 + (i % 5) * 2 * 3600_000);
    return { id: randomUUID(), courseId: course!.id, villageId: villages[i % villages.length]!.id, venue: '村活动室', startsAt: start, endsAt: new Date(start.getTime() + 2 * 3600_000), capacity: 40, checkinSecret: 'x' };
  });
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await db.insert(schema.trainingSessions).values(chunk);
    await db.insert(schema.sessionTrainers).values(chunk.map((row, j) => ({ sessionId: row.id, trainerId: trainers[(i + j) % trainers.length]!.id })));
    await db.insert(schema.sessionTargetVillages).values(chunk.map((row) => ({ sessionId: row.id, villageId: row.villageId })));
  }
  await database.pool.query('ANALYZE');

  const filesDir = tempDir('scheduling-files');
  app = await buildApp({ logger: process.env.BENCH_LOG ? { level: 'error' } : false, db, search: { client: createSearchClient({ host: meili.url, apiKey: meili.apiKey }), indexUid: 'bench_passages' }, secrets: { idNumberKey: idKey }, files: localFileStore(filesDir) });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'fieldschool-admin' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };

  // (1) A 52-week series, every run for a trainer who already has ~125 sessions that year (checked, not clashing: 19:00).
  const seriesTimes: number[] = [];
  for (let run = 0; run < SERIES_RUNS + 2; run++) {
    const trainer = trainers[run % trainers.length]!;
    const start = new Date(Date.UTC(YEAR, 0, 6, 11, 0)); // 19:00 Shanghai, after every generated session
    const body = {
      courseId: course!.id,
      villageId: villages[(run * 7) % villages.length]!.id,
      venue: `夜校${run}`,
      trainerIds: [trainer.id],
      capacity: 30,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3600_000).toISOString(),
      recurrence: { freq: 'weekly', count: 52 },
      override: { reason: 'bench: travel from the afternoon session is not the point here' },
    };
    const time = await timed(() => fetch(`${base}/api/v1/sessions`, { method: 'POST', headers, body: JSON.stringify(body) }));
    if (run >= 2) seriesTimes.push(time); // the first two warm up the code paths
  }
  const checkTimes: number[] = [];
  for (let run = 0; run < SERIES_RUNS; run++) {
    const start = new Date(Date.UTC(YEAR, 0, 6, 2, 0));
    const body = { courseId: course!.id, villageId: villages[run]!.id, trainerIds: [trainers[run]!.id], capacity: 30, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString(), recurrence: { freq: 'weekly', count: 52 } };
    checkTimes.push(await timed(() => fetch(`${base}/api/v1/sessions/conflicts`, { method: 'POST', headers, body: JSON.stringify(body) })));
  }

  // (2) The county's June, alternating with the health endpoint.
  const monthUrl = `${base}/api/v1/sessions?from=${YEAR}-05-31T16:00:00.000Z&to=${YEAR}-06-30T16:00:00.000Z&limit=500`;
  const first = (await (await fetch(monthUrl, { headers })).json()) as { items: unknown[]; nextCursor: string | null };
  const monthTimes: number[] = [];
  const healthTimes: number[] = [];
  for (let i = 0; i < MONTH_REQUESTS + 20; i++) {
    const month = await timed(() => fetch(monthUrl, { headers }));
    const health = await timed(() => fetch(`${base}/api/health`));
    if (i >= 20) {
      monthTimes.push(month);
      healthTimes.push(health);
    }
  }

  const seriesP50 = percentile(seriesTimes, 50);
  const monthP95 = percentile(monthTimes, 95);
  console.log(`\n52-week series, created with conflict checks (${SERIES_RUNS} runs): p50 ${ms(seriesP50)}, max ${ms(Math.max(...seriesTimes))} — goal < 200 ms: ${seriesP50 < 200 ? 'MET' : 'MISSED'}`);
  console.log(`52-week draft, conflict check only (POST /sessions/conflicts): p50 ${ms(percentile(checkTimes, 50))}, max ${ms(Math.max(...checkTimes))}`);
  console.log(`month calendar (${first.items.length} sessions of ${SESSIONS}, one page): p50 ${ms(percentile(monthTimes, 50))}, p95 ${ms(monthP95)} — goal p95 < 50 ms: ${monthP95 < 50 ? 'MET' : 'MISSED'}`);
  console.log(`health in the same run: p50 ${ms(percentile(healthTimes, 50))}, p95 ${ms(percentile(healthTimes, 95))}; ratio month/health p50 ${(percentile(monthTimes, 50) / percentile(healthTimes, 50)).toFixed(1)}, p95 ${(monthP95 / percentile(healthTimes, 95)).toFixed(1)}`);
  removeDir(filesDir);
} finally {
  await app?.close();
  await database.drop();
  await meili.stop();
  await postgres.stop();
  removeDir(dataDir);
}

// reports: the dashboard endpoints on a county year (45,000 attendance records) and on a year
// 100 times larger (4,500,000, about a prefecture), each generated with set-based SQL
// (generate_series) into a throwaway database; p50/p95 per endpoint, with the ratio to
// GET /api/health measured in the same run (alternating). Then the .xlsx export of the year:
// time and the peak growth of this process's RSS while it streams (run BENCH_REPORT_SCALES=1,10
// to compare 45,000 rows with 450,000; at 100 it exports five weeks, about 450,000 rows).
// Goals: p95 < 20 ms at 45k and < 300 ms at 4.5M; export of 45,000 rows < 2 s, memory flat.
// The app runs in this process (no HTTP client buffering: bodies are read and dropped).
// BENCH_REPORT_SCALES=1,100 (default) picks the years; BENCH_REPORT_REQUESTS the requests per endpoint.
import { randomBytes } from 'node:crypto';
import { seedDemo } from '@fieldschool/db';
import { createTestDatabase, startTestPostgres } from '@fieldschool/db/testing';
import { createSearchClient } from '@fieldschool/search';
import { startTestMeilisearch } from '@fieldschool/search/testing';
import { buildApp } from '../apps/api/src/app.ts';
import { localFileStore } from '../apps/api/src/services/file-store.ts';
import { seedHelpers } from '../apps/api/src/seed.ts';
import { generateYear, YEAR } from './lib/report-year.ts';
import { removeDir, tempDir } from './lib/server.ts';

const SCALES = (process.env.BENCH_REPORT_SCALES ?? '1,100').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REPORT_REQUESTS ?? 60);
const YEAR_QUERY = `from=${YEAR}-01-01&to=${YEAR}-12-31`;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Reads and drops the body; answers the time to the last byte and the byte count. */
async function timed(url: string, headers: Record<string, string>): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${response.status} ${url}: ${await response.text()}`);
  let bytes = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
  return { ms: performance.now() - start, bytes };
}


/**
 * Streams one export and samples this process's memory every 10 ms while it does: RSS, and the
 * buffers outside V8's heap (external + arrayBuffers), where a zip that does not keep up piles up.
 */
async function exportRun(url: string, headers: Record<string, string>) {
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakBuffers = before.external + before.arrayBuffers;
  const started = performance.now();
  const rssBySecond: number[] = [];
  const heapBySecond: number[] = [];
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakBuffers = Math.max(peakBuffers, now.external + now.arrayBuffers);
    const second = Math.floor((performance.now() - started) / 1000);
    rssBySecond[second] = Math.max(rssBySecond[second] ?? 0, now.rss / 2 ** 20);
    heapBySecond[second] = Math.max(heapBySecond[second] ?? 0, now.heapUsed / 2 ** 20);
  }, 10);
  try {
    const result = await timed(url, headers);
    global.gc?.();
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    return {
      ...result,
      growthMiB: mib(peakRss - before.rss),
      peakMiB: mib(peakRss),
      buffersMiB: mib(peakBuffers),
      rssEachSecond: rssBySecond.map((value) => value.toFixed(0)).join(' '),
      heapEachSecond: heapBySecond.map((value) => value.toFixed(0)).join(' '),
      heapBeforeMiB: mib(before.heapUsed),
      heapAfterGcMiB: mib(process.memoryUsage().heapUsed),
    };
  } finally {
    clearInterval(sampler);
  }
}

const dataDir = tempDir('reports');
const postgres = await startTestPostgres(dataDir);
const meili = await startTestMeilisearch();
const idKey = randomBytes(32);
const results: string[] = [];
try {
  for (const scale of SCALES) {
    const database = await createTestDatabase(postgres.adminUrl);
    let app: Awaited<ReturnType<typeof buildApp>> | undefined;
    const filesDir = tempDir('reports-files');
    try {
      const label = `${(45_000 * scale).toLocaleString('en')} attendance records`;
      console.log(`\n== ${label}: seeding the demo county, then generating the year…`);
      await seedDemo(database.db, seedHelpers(idKey));
      const started = performance.now();
      await generateYear((sql) => database.pool.query(sql), scale);
      console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s (rollup kept by the triggers as it loaded)`);
      app = await buildApp({ db: database.db, search: { client: createSearchClient({ host: meili.url, apiKey: meili.apiKey }), indexUid: `bench_reports_${scale}` }, secrets: { idNumberKey: idKey }, files: localFileStore(filesDir) });
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'fieldschool-admin' }) });
      const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]! };
      const { rows: [township] } = await database.pool.query<{ id: string }>(`SELECT id FROM org_units WHERE level = 'township' ORDER BY code LIMIT 1`);
      const summary = (await (await fetch(`${base}/api/v1/reports/summary?${YEAR_QUERY}`, { headers })).json()) as { figures: Record<string, number> };
      console.log(`county year: ${summary.figures.attendances} 人次, ${summary.figures.farmers} 人, ${summary.figures.sessionsHeld} sessions held`);

      const endpoints = [
        `summary?${YEAR_QUERY}`,
        `summary?${YEAR_QUERY}&orgUnitId=${township!.id}&topic=agri_tech`,
        `by-month?${YEAR_QUERY}`,
        `by-topic?${YEAR_QUERY}`,
        `by-unit?${YEAR_QUERY}`,
        `by-unit?${YEAR_QUERY}&level=village`,
        `sessions?${YEAR_QUERY}&limit=20`,
      ];
      for (const endpoint of endpoints) {
        const times: number[] = [];
        const health: number[] = [];
        for (let i = 0; i < REQUESTS + 3; i++) {
          const own = await timed(`${base}/api/v1/reports/${endpoint}`, headers);
          const floor = await timed(`${base}/api/health`, {});
          if (i >= 3) {
            times.push(own.ms);
            health.push(floor.ms);
          }
        }
        const p50 = percentile(times, 50);
        const p95 = percentile(times, 95);
        const goal = scale === 1 ? 20 : 300;
        const line = `${label} · GET /reports/${endpoint.replace(township!.id, '<township>')}: p50 ${ms(p50)}, p95 ${ms(p95)} (goal < ${goal} ms: ${p95 < goal ? 'MET' : 'MISSED'}); health p50 ${ms(percentile(health, 50))}, p95 ${ms(percentile(health, 95))}; ratio p50 ${(p50 / percentile(health, 50)).toFixed(1)}×, p95 ${(p95 / percentile(health, 95)).toFixed(1)}×`;
        console.log(line);
        results.push(line);
      }

      // The export: the whole year up to 450,000 rows; five weeks of the 4.5-million year (about 450,000).
      const exportQuery = scale <= 10 ? YEAR_QUERY : `from=${YEAR}-01-01&to=${YEAR}-02-06`;
      const { rows: [count] } = await database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM attendances a JOIN training_sessions s ON s.id = a.session_id
        WHERE (s.starts_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN '${exportQuery.slice(5, 15)}' AND '${exportQuery.slice(-10)}'`);
      await exportRun(`${base}/api/v1/reports/attendances.xlsx?${YEAR_QUERY}&courseId=00000000-0000-0000-0000-000000000000`, headers); // warm-up
      const run = await exportRun(`${base}/api/v1/reports/attendances.xlsx?${exportQuery}`, headers);
      const line = `${label} · xlsx export of ${count!.n.toLocaleString('en')} rows: ${(run.ms / 1000).toFixed(2)} s, ${(run.bytes / 2 ** 20).toFixed(1)} MiB; RSS grew ${run.growthMiB} MiB while streaming (peak ${run.peakMiB} MiB), buffers outside the heap peaked at ${run.buffersMiB} MiB; RSS each second: ${run.rssEachSecond}; heap used each second: ${run.heapEachSecond}; heap used before ${run.heapBeforeMiB}, after a GC ${run.heapAfterGcMiB} MiB`;
      console.log(line);
      results.push(line);
    } finally {
      await app?.close();
      await database.drop();
      removeDir(filesDir);
    }
  }
  console.log(`\n${results.join('\n')}`);
} finally {
  await meili.stop();
  await postgres.stop();
  removeDir(dataDir);
}

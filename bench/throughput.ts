// throughput: authenticated GET /api/v1/farmers?limit=50 on the built api vs the floor
// of our own stack — a bare Fastify + pg route running the same prepared statement
// against the same database and answering the same body (lib/floor-server.mjs) — both
// driven by autocannon, one after the other and alternating, so they never fight for the
// 2 cores. Goals: api / floor >= 0.8 and the api >= 1,500 req/s.
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { findFreePort as freePort } from '@fieldschool/db';
import { apiRanStatement, farmersPageStatement, startFloor, stopChild } from './lib/floor.ts';
import {
  apiEntry, fmt, killLeftovers, login, processesUnder, readRuntime, removeDir, sleep, startApi, tempDir, waitForCountyYear, waitForOutbox, waitGone, withCleanup,
  type ApiProcess,
} from './lib/server.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PAGE_SIZE = 50;
const RATIO_GOAL = 0.8;
const RPS_GOAL = 1500;

interface Run {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

async function cannon(url: string, seconds: number, headers: Record<string, string> = {}): Promise<Run> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers, pipelining: 1 });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const spread = (values: number[], digits = 0) => `${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)}`;

const line = (name: string, r: Run) =>
  `  ${name.padEnd(30)} ${fmt(r.rps, 0).padStart(7)} req/s   p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(3)} ms  ` +
  `(${r.total} requests${r.non2xx ? `, ${r.non2xx} non-2xx` : ''}${r.errors ? `, ${r.errors} errors` : ''})`;

let api: (ApiProcess & { startMs: number }) | undefined;
let floor: ChildProcess | undefined;
let cleanupEntry = () => {};
const dataDir = tempDir('throughput');

await withCleanup(
  async () => {
    console.log(`throughput: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per run, ${ROUNDS} rounds alternating\n`);
    const built = await apiEntry();
    cleanupEntry = built.cleanup;
    console.log(`starting the built api (DATA_DIR=${dataDir}; first start seeds the demo county) ...`);
    api = await startApi(built.entry, dataDir);
    console.log(`  healthy after ${fmt(api.startMs / 1000)} s on ${api.url}`);
    const drained = await waitForOutbox(api.url);
    console.log(`  search outbox drained after another ${fmt(drained / 1000)} s (the seeded library is indexed in the background)`);
    console.log(`  county year in after another ${fmt((await waitForCountyYear(dataDir)) / 1000)} s (filled in the background; it adds farmers)`);
    const cookie = await login(api.url);
    const apiUrl = `${api.url}/api/v1/farmers?limit=${PAGE_SIZE}`;
    const apiBodies = await Promise.all(
      // Several at once, so several of the api's PostgreSQL sessions have run the statement.
      Array.from({ length: CONNECTIONS }, async () => {
        const res = await fetch(apiUrl, { headers: { cookie } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`GET farmers answered ${res.status}: ${body.slice(0, 300)}`);
        return body;
      }),
    );
    const apiBody = apiBodies[0]!;
    console.log(`  api   GET /api/v1/farmers?limit=${PAGE_SIZE} → 200, ${apiBody.length} bytes`);

    const { databaseUrl } = readRuntime(dataDir);
    const statement = await farmersPageStatement(databaseUrl, 'admin', PAGE_SIZE);
    if (!(await apiRanStatement(databaseUrl, statement.text))) {
      throw new Error(`the api did not run the statement the floor would run (has the api been rebuilt since src changed?):\n${statement.text}`);
    }
    console.log(
      `  statement ${statement.name} (values ${JSON.stringify(statement.values)}; connection options ${statement.connectionOptions ?? 'none'})` +
        ` — the api's PostgreSQL sessions ran exactly this SQL`,
    );
    const floorPort = await freePort();
    floor = await startFloor(floorPort, databaseUrl, statement, PAGE_SIZE);
    const floorUrl = `http://127.0.0.1:${floorPort}/farmers`;
    const floorBody = await (await fetch(floorUrl)).text();
    if (floorBody !== apiBody) {
      throw new Error(`the floor's body differs from the api's:\n  api   ${apiBody.slice(0, 400)}\n  floor ${floorBody.slice(0, 400)}`);
    }
    console.log(`  floor GET ${floorUrl} → the same ${floorBody.length} bytes\n`);

    const apiRuns: Run[] = [];
    const floorRuns: Run[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      // Alternate which goes first, so neither always gets the warmer machine.
      const order = round % 2 === 1 ? (['api', 'floor'] as const) : (['floor', 'api'] as const);
      for (const which of order) {
        const url = which === 'api' ? apiUrl : floorUrl;
        const headers: Record<string, string> = which === 'api' ? { cookie } : {};
        await cannon(url, WARMUP_S, headers);
        const run = await cannon(url, DURATION_S, headers);
        (which === 'api' ? apiRuns : floorRuns).push(run);
        console.log(line(`round ${round} ${which === 'api' ? 'api (farmers page)' : 'floor (Fastify + pg)'}`, run));
        await sleep(500);
      }
    }
    const apiRps = apiRuns.map((r) => r.rps);
    const floorRps = floorRuns.map((r) => r.rps);
    // Each round's two runs are seconds apart: their ratio is steadier than a ratio of medians
    // when other work on the box comes and goes.
    const ratios = apiRps.map((rps, i) => rps / floorRps[i]!);
    const ratio = median(ratios);
    const page = median(apiRps);
    const bad = [...apiRuns, ...floorRuns].reduce((a, r) => a + r.non2xx + r.errors, 0);
    console.log('');
    console.log(`api farmers page:   ${fmt(page, 0)} req/s (median of ${ROUNDS}; ${spread(apiRps)})   goal >= ${RPS_GOAL}: ${page >= RPS_GOAL ? 'MET' : 'MISSED'}`);
    console.log(`floor Fastify + pg: ${fmt(median(floorRps), 0)} req/s (median of ${ROUNDS}; ${spread(floorRps)})`);
    console.log(`ratio api / floor:  ${fmt(ratio, 2)} (median of the rounds' ratios; ${spread(ratios, 2)})   goal >= ${RATIO_GOAL}: ${ratio >= RATIO_GOAL ? 'MET' : 'MISSED'}`);
    if (bad > 0) console.log(`WARNING: ${bad} non-2xx or failed requests: the figures are not valid`);
  },
  async () => {
    await stopChild(floor);
    if (api) await api.stop();
    const pids = processesUnder(dataDir).map((p) => p.pid);
    if ((await waitGone(pids)).length > 0) console.error('killed leftovers:', killLeftovers(dataDir));
    removeDir(dataDir);
    cleanupEntry();
  },
);

// throughput: authenticated GET /api/v1/farmers?limit=50 on the built api vs a bare
// Fastify hello-world in its own process, both driven by autocannon, one after the
// other (alternating) so they do not fight for the 2 cores. Goal: ratio >= 0.5.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { findFreePort as freePort } from '@fieldschool/db';
import {
  apiEntry, fmt, killLeftovers, login, waitForOutbox, processesUnder, removeDir, sleep, startApi, tempDir, waitGone, withCleanup,
  type ApiProcess,
} from './lib/server.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const GOAL = 0.5;

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

async function startHello(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(here, 'lib/hello-server.mjs')], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready at')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`hello server exited (${code})`)));
  });
  return child;
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const line = (name: string, r: Run) =>
  `  ${name.padEnd(34)} ${fmt(r.rps, 0).padStart(7)} req/s   p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(3)} ms  ` +
  `(${r.total} requests${r.non2xx ? `, ${r.non2xx} non-2xx` : ''}${r.errors ? `, ${r.errors} errors` : ''})`;

let api: (ApiProcess & { startMs: number }) | undefined;
let hello: ChildProcess | undefined;
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
    const cookie = await login(api.url);
    const farmersUrl = `${api.url}/api/v1/farmers?limit=50`;
    const check = await fetch(farmersUrl, { headers: { cookie } });
    const body = await check.text();
    if (check.status !== 200) throw new Error(`GET farmers answered ${check.status}: ${body.slice(0, 300)}`);
    console.log(`  GET /api/v1/farmers?limit=50 → 200, ${body.length} bytes`);

    const helloPort = await freePort();
    hello = await startHello(helloPort);
    const helloUrl = `http://127.0.0.1:${helloPort}/`;
    console.log(`  hello-world Fastify on ${helloUrl}\n`);

    const apiRuns: Run[] = [];
    const helloRuns: Run[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      // Alternate which goes first, so neither always gets the warmer machine.
      const order = round % 2 === 1 ? (['api', 'hello'] as const) : (['hello', 'api'] as const);
      for (const which of order) {
        const url = which === 'api' ? farmersUrl : helloUrl;
        const headers: Record<string, string> = which === 'api' ? { cookie } : {};
        await cannon(url, WARMUP_S, headers);
        const run = await cannon(url, DURATION_S, headers);
        (which === 'api' ? apiRuns : helloRuns).push(run);
        console.log(line(`round ${round} ${which === 'api' ? 'api GET /api/v1/farmers?limit=50' : 'hello-world {hello:"world"}'}`, run));
        await sleep(500);
      }
    }
    const mean = (runs: Run[]) => runs.reduce((a, r) => a + r.rps, 0) / runs.length;
    const apiRps = mean(apiRuns);
    const helloRps = mean(helloRuns);
    const bad = apiRuns.reduce((a, r) => a + r.non2xx + r.errors, 0);
    const ratio = apiRps / helloRps;
    console.log('');
    console.log(`api farmers page:  ${fmt(apiRps, 0)} req/s (mean of ${apiRuns.length})`);
    console.log(`hello-world:       ${fmt(helloRps, 0)} req/s (mean of ${helloRuns.length})`);
    console.log(`ratio api / hello: ${fmt(ratio, 3)}   goal >= ${GOAL}: ${ratio >= GOAL ? 'MET' : 'MISSED'}`);
    if (bad > 0) console.log(`WARNING: ${bad} non-2xx or failed api requests: the figure is not valid`);
  },
  async () => {
    await stopChild(hello);
    if (api) await api.stop();
    const pids = processesUnder(dataDir).map((p) => p.pid);
    if ((await waitGone(pids)).length > 0) console.error('killed leftovers:', killLeftovers(dataDir));
    removeDir(dataDir);
    cleanupEntry();
  },
);

// start-time: from spawning `node apps/api/dist/server.js` to GET /api/health answering
// 200. First start (empty DATA_DIR: initdb, migrations, seed) and second start (the same
// DATA_DIR again), each measured twice. Every start is stopped with SIGTERM and we check
// that the api, PostgreSQL and Meilisearch processes are all gone. Goal: second start < 5 s.
import { clusterDirOf, findFreePort } from '@fieldschool/db';
import {
  apiEntry, fmt, killLeftovers, processesUnder, removeDir, spawnApi, tempDir, waitForHealth, waitGone, withCleanup,
  type ApiProcess,
} from './lib/server.ts';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 2);
const GOAL_SECOND_MS = 5000;

interface Sample {
  kind: 'first' | 'second';
  ms: number;
  stopMs: number;
  children: number;
  leftovers: number;
  phases: string;
}

const dirs: string[] = [];

/** The api's servers and their watchdogs: under DATA_DIR, or (as root, see docs/operations.md) under the cluster it links to. */
function serverProcesses(dataDir: string) {
  const byPid = new Map([...processesUnder(dataDir), ...processesUnder(clusterDirOf(dataDir))].map((p) => [p.pid, p]));
  return [...byPid.values()];
}
let current: ApiProcess | undefined;
let cleanupEntry = () => {};

/** "postgres 1.2 s, meili 0.4 s, ..." from the times the api printed its log lines. */
function phases(api: ApiProcess, t0: number, healthyAt: number): string {
  const marks: [string, RegExp][] = [
    ['postgres', /starting embedded PostgreSQL/],
    ['meilisearch (+ migrate, app build on a 2nd start)', /starting embedded Meilisearch/],
    ['seed', /first start: loading/],
    ['ready', /ready at/],
  ];
  const found = marks
    .map(([name, re]) => ({ name, t: api.lines.find((l) => re.test(l.text))?.t }))
    .filter((m): m is { name: string; t: number } => m.t !== undefined);
  const parts: string[] = [];
  let prev = { name: 'node+bundle load', t: t0 };
  for (const m of found) {
    parts.push(`${prev.name} ${fmt((m.t - prev.t) / 1000, 2)}`);
    prev = m;
  }
  parts.push(`ready→health ${fmt((healthyAt - prev.t) / 1000, 2)}`);
  return `phases between the api's log lines: ${parts.join(', ')}`;
}

async function measure(entry: string, dataDir: string, kind: Sample['kind']): Promise<Sample> {
  const port = await findFreePort();
  const t0 = performance.now();
  current = spawnApi(entry, { dataDir, port });
  const ms = await waitForHealth(current, t0);
  const healthyAt = t0 + ms;
  const procs = serverProcesses(dataDir);
  const stopMs = await current.stop();
  const left = await waitGone(procs.map((p) => p.pid));
  if (left.length > 0) {
    console.log(`  !! still running 15 s after SIGTERM: ${left.join(', ')} — killing`);
    for (const dir of [dataDir, clusterDirOf(dataDir)]) killLeftovers(dir);
  }
  const sample = { kind, ms, stopMs, children: procs.length, leftovers: left.length, phases: phases(current, t0, healthyAt) };
  current = undefined;
  console.log(
    `  ${kind.padEnd(6)} start: ${fmt(ms / 1000, 2).padStart(6)} s  (${sample.phases})\n` +
      `         stop (SIGTERM→exit): ${fmt(stopMs / 1000, 2)} s; ${procs.length} processes under DATA_DIR before, ${left.length} left after`,
  );
  return sample;
}

await withCleanup(
  async () => {
    const built = await apiEntry();
    cleanupEntry = built.cleanup;
    console.log(`start-time: ${REPEATS}× (first start in an empty DATA_DIR, then second start in the same one)\n`);
    const samples: Sample[] = [];
    for (let i = 1; i <= REPEATS; i += 1) {
      const dataDir = tempDir('start');
      dirs.push(dataDir);
      console.log(`run ${i}: DATA_DIR=${dataDir}`);
      samples.push(await measure(built.entry, dataDir, 'first'));
      samples.push(await measure(built.entry, dataDir, 'second'));
    }
    const of = (kind: Sample['kind']) => samples.filter((s) => s.kind === kind).map((s) => s.ms / 1000);
    const first = of('first');
    const second = of('second');
    const worstSecond = Math.max(...second);
    const leftovers = samples.reduce((a, s) => a + s.leftovers, 0);
    console.log('');
    console.log(`first start  (empty DATA_DIR, initdb + seed): ${first.map((s) => `${fmt(s, 2)} s`).join(', ')}`);
    console.log(`second start (same DATA_DIR):                ${second.map((s) => `${fmt(s, 2)} s`).join(', ')}`);
    console.log(`ratio second / first (mean): ${fmt(second.reduce((a, b) => a + b, 0) / first.reduce((a, b) => a + b, 0), 3)}`);
    console.log(`goal second start < ${GOAL_SECOND_MS / 1000} s: ${worstSecond * 1000 < GOAL_SECOND_MS ? 'MET' : 'MISSED'} (worst ${fmt(worstSecond, 2)} s)`);
    console.log(`child processes left after SIGTERM: ${leftovers === 0 ? 'none (OK)' : leftovers}`);
    if (leftovers > 0) process.exitCode = 1;
  },
  async () => {
    if (current) await current.stop(10_000);
    for (const dir of dirs) {
      const pids = serverProcesses(dir).map((p) => p.pid);
      if ((await waitGone(pids, 10_000)).length > 0) for (const under of [dir, clusterDirOf(dir)]) killLeftovers(under);
      removeDir(dir);
    }
    cleanupEntry();
  },
);

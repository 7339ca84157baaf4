// throughput:diagnose — where does the time of GET /api/v1/farmers go? Runs autocannon
// (10 connections, BENCH_DURATION s, default 5) against a ladder of endpoints that add
// one cost at a time, ending with the floor (lib/floor-server.mjs) on the same statement,
// and records the CPU each process used meanwhile (api or floor node process vs
// PostgreSQL backends vs Meilisearch) — CPU per request is steadier than req/s on a
// shared box. Then EXPLAIN ANALYZEs the page's own statement, custom and generic plan.
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { farmersPageStatement, startFloor, stopChild } from './lib/floor.ts';
import { findFreePort as freePort } from '@fieldschool/db';
import { apiEntry, fmt, killLeftovers, login, waitForOutbox, processesUnder, readRuntime, removeDir, sleep, startApi, tempDir, waitForCountyYear, waitGone, withCleanup, type ApiProcess } from './lib/server.ts';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const TICK = 100; // USER_HZ
const PROFILE = process.env.BENCH_CPU_PROF === '1';
const PAGE_SIZE = 50;

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }

/** Top self-time functions (and by package/file) of a V8 CPU profile (the api's or the floor's). */
function summariseProfile(which: string, dir: string): void {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    console.log('(no CPU profile written)');
    return;
  }
  for (const file of files) {
    const prof = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    // esbuild marks where each bundled module starts ("// ../../node_modules/.pnpm/x@1/node_modules/x/file.js"):
    // map a line of dist/server.js back to its package.
    const bundleUrl = prof.nodes.map((n) => n.callFrame.url).find((u) => u.endsWith('/dist/server.js'));
    const starts: { line: number; pkg: string }[] = [];
    if (bundleUrl) {
      readFileSync(new URL(bundleUrl), 'utf8').split('\n').forEach((text, line) => {
        const m = /^\/\/ (\S+\.(?:js|mjs|cjs|ts|json))$/.exec(text);
        if (!m) return;
        const file = m[1]!;
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(file)?.[1] ?? file.replace(/^(\.\.\/)+/, '').split('/').slice(0, 3).join('/');
        starts.push({ line, pkg });
      });
    }
    const moduleOf = (line: number) => {
      let lo = 0;
      let hi = starts.length - 1;
      let found = 'dist/server.js';
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]!.line <= line) {
          found = starts[mid]!.pkg;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found;
    };
    const self = new Map<number, number>();
    prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    const byFn = new Map<string, number>();
    const byArea = new Map<string, number>();
    for (const [id, us] of self) {
      const n = byId.get(id)!;
      const { functionName, url, lineNumber } = n.callFrame;
      const where = url.replace(/^.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
      const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
      byFn.set(key, (byFn.get(key) ?? 0) + us);
      const area = functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)'
        ? functionName
        : where.startsWith('dist/server.js') ? moduleOf(lineNumber) : where.startsWith('node:') ? where : where.split('/').slice(0, 2).join('/') || `(native) ${functionName}`;
      byArea.set(area, (byArea.get(area) ?? 0) + us);
    }
    // Native self time (writev, ...) charged to the JS caller chain that made the call.
    const parent = new Map<number, number>();
    for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const nativeBy = new Map<string, number>();
    for (const [id, us] of self) {
      const n = byId.get(id)!;
      if (n.callFrame.url || n.callFrame.functionName.startsWith('(')) continue;
      const chain: string[] = [];
      let p = parent.get(id);
      while (p !== undefined && chain.length < 12) {
        const f = byId.get(p)!.callFrame;
        if (f.url) {
          const w = f.url.endsWith('/dist/server.js') ? moduleOf(f.lineNumber) : f.url.replace(/^.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '');
          if (!w.startsWith('node:') && chain.at(-1) !== w) chain.push(w);
          if (chain.length >= 2) break;
        }
        p = parent.get(p);
      }
      const key = `${n.callFrame.functionName} ← ${chain.join(' ← ') || '?'}`;
      nativeBy.set(key, (nativeBy.get(key) ?? 0) + us);
    }
    const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `  ${fmt((us / total) * 100, 1).padStart(5)}%  ${k}`).join('\n');
    console.log(`\nCPU profile of the ${which} (${file}, ${fmt(total / 1e6, 1)} s sampled): top self time by function\n${top(byFn, 30)}`);
    console.log(`\nnative self time by calling package:\n${top(nativeBy, 8)}`);
    console.log(`\nby package (bundled modules mapped back through esbuild's module comments):\n${top(byArea, 25)}`);
  }
}

function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

function groups(dataDir: string, serverPid: number) {
  const all = processesUnder(dataDir);
  return {
    server: [serverPid],
    postgres: all.filter((p) => p.cmd.startsWith('postgres') || /\/postgres /.test(p.cmd)).map((p) => p.pid),
    meilisearch: all.filter((p) => /meilisearch/.test(p.cmd)).map((p) => p.pid),
  };
}

let api: (ApiProcess & { startMs: number }) | undefined;
let floor: ChildProcess | undefined;
let cleanupEntry = () => {};
const dataDir = tempDir('diag');

await withCleanup(
  async () => {
    const built = await apiEntry();
    cleanupEntry = built.cleanup;
    const profDir = path.join(dataDir, 'cpu-prof');
    if (PROFILE) {
      // Seed first, so the profile covers a plain start and the load, not the seeding.
      const seeding = await startApi(built.entry, dataDir);
      await waitForOutbox(seeding.url);
      await waitForCountyYear(dataDir);
      await seeding.stop();
      await waitGone(processesUnder(dataDir).map((p) => p.pid));
    }
    api = await startApi(built.entry, dataDir, PROFILE ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}/api`] } : {});
    await waitForOutbox(api.url);
    await waitForCountyYear(dataDir);
    const cookie = await login(api.url);
    const { databaseUrl } = readRuntime(dataDir);
    const statement = await farmersPageStatement(databaseUrl, 'admin', PAGE_SIZE);
    const floorPort = await freePort();
    floor = await startFloor(floorPort, databaseUrl, statement, PAGE_SIZE, PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profDir}/floor`] : []);
    const base = api.url;
    const ladder: [string, string, Record<string, string>, ChildProcess][] = [
      ['GET /api/v1/farmers, no cookie (401: fastify + hooks, no DB)', `${base}/api/v1/farmers?limit=50`, {}, api.child],
      ['GET /api/v1/no-such-route, no cookie (404: fastify only)', `${base}/api/v1/no-such-route`, {}, api.child],
      ['GET /api/v1/no-such-route with cookie (404 + session lookup)', `${base}/api/v1/no-such-route`, { cookie }, api.child],
      ['GET /api/v1/farmers?limit=1 (+ roster statement, 1 row)', `${base}/api/v1/farmers?limit=1`, { cookie }, api.child],
      ['GET /api/v1/farmers?limit=50 (the benchmark)', `${base}/api/v1/farmers?limit=50`, { cookie }, api.child],
      ['floor: bare Fastify + pg, the same statement and body', `http://127.0.0.1:${floorPort}/farmers`, {}, floor],
    ];
    console.log(`diagnose: 10 connections × ${DURATION_S} s per endpoint; CPU = share of one core used during the run\n`);
    // Profiles of the farmers page and the floor alone: the cheap steps would fill them with 401s and 404s.
    const steps = PROFILE ? ladder.filter(([name]) => name.includes('(the benchmark)') || name.startsWith('floor')) : ladder;
    for (const [name, url, headers, server] of steps) {
      const probe = await fetch(url, { headers });
      const size = (await probe.arrayBuffer()).byteLength;
      await autocannon({ url, connections: 10, duration: 1, headers });
      const g = groups(dataDir, server.pid!);
      const before = new Map(Object.values(g).flat().map((pid) => [pid, cpuTicks(pid)]));
      const t0 = performance.now();
      const r = await autocannon({ url, connections: 10, duration: DURATION_S, headers });
      const seconds = (performance.now() - t0) / 1000;
      const g2 = groups(dataDir, server.pid!); // new postgres backends may have appeared
      // Per process: a pool connection that closed meanwhile drops out (its last ticks are lost).
      const cpu = Object.fromEntries(
        Object.entries(g2).map(([k, pids]) => [k, pids.reduce((a, p) => a + Math.max(0, cpuTicks(p) - (before.get(p) ?? 0)), 0) / TICK / seconds]),
      );
      const perReqMs = (k: string) => ((cpu[k] ?? 0) * 1000) / r.requests.average;
      console.log(
        `${name}\n   ${probe.status} ${size} B  ${fmt(r.requests.average, 0)} req/s  p50 ${r.latency.p50} ms  ` +
          `CPU: server ${fmt(cpu.server! * 100, 0)}% (${fmt(perReqMs('server'), 2)} ms/req), postgres ${fmt(cpu.postgres! * 100, 0)}% (${fmt(perReqMs('postgres'), 2)} ms/req), meili ${fmt(cpu.meilisearch! * 100, 0)}%`,
      );
      await sleep(300);
    }

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const counts = await client.query(`SELECT (SELECT count(*) FROM farmers) AS farmers, (SELECT count(*) FROM org_units) AS units, (SELECT count(*) FROM auth_sessions) AS sessions`);
      console.log(`\ndata: ${JSON.stringify(counts.rows[0])}`);
      await client.query(`PREPARE page AS ${statement.text}`);
      // EXECUTE takes no bound parameters: the values go in as literals.
      const execute = `EXECUTE page(${statement.values.map((v) => (typeof v === 'number' ? String(v) : client.escapeLiteral(String(v)))).join(', ')})`;
      for (let i = 0; i < 3; i += 1) await client.query(execute);
      for (const mode of ['force_custom_plan', 'force_generic_plan']) {
        await client.query(`SET plan_cache_mode = ${mode}`);
        const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${execute}`);
        console.log(`\nEXPLAIN ANALYZE of the page's statement ${statement.name}, ${mode}:`);
        for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
      }
      const session = await client.query(`EXPLAIN ANALYZE SELECT * FROM auth_sessions s JOIN users u ON u.id = s.user_id JOIN org_units o ON o.id = u.org_unit_id
        WHERE s.token_hash = 'x' AND s.expires_at > now() AND u.active`);
      console.log('\nEXPLAIN ANALYZE session lookup (a cache miss):');
      for (const row of session.rows) console.log(`  ${row['QUERY PLAN']}`);
    } finally {
      await client.end();
    }
  },
  async () => {
    await stopChild(floor);
    if (api) await api.stop();
    try {
      if (PROFILE && api) for (const which of ['api', 'floor']) summariseProfile(which, path.join(dataDir, 'cpu-prof', which));
    } catch (error) {
      console.error('could not read the CPU profile:', error);
    }
    const pids = processesUnder(dataDir).map((p) => p.pid);
    if ((await waitGone(pids)).length > 0) killLeftovers(dataDir);
    removeDir(dataDir);
    cleanupEntry();
  },
);

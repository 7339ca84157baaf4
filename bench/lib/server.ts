// Shared helpers for the benchmarks: start/stop the built api (or any child), wait for
// health, sign in, find child processes, read peak memory, summarise timings.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort, removeClusterOutside } from '@fieldschool/db';
import { API_NODE_FLAGS } from '../../apps/api/node-flags.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const API_DIR = path.join(ROOT, 'apps/api');
export const API_DIST = path.join(API_DIR, 'dist');

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A temp directory of our own under /tmp (never ./data). */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `fs-bench-${prefix}-`));
}

export function removeDir(dir: string): void {
  if (!dir.startsWith(os.tmpdir() + path.sep) || !dir.includes('fs-bench-')) return;
  try {
    removeClusterOutside(dir);
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (error) {
    console.error(`could not remove ${dir}: ${(error as Error).message}`);
  }
}

/**
 * The api entry point to run. The lead may rebuild apps/api/dist (build.mjs deletes it
 * first) while a benchmark runs, so by default we copy the built bundle to a temp dir
 * once (a `node_modules` symlink beside it resolves the external packages exactly as
 * from apps/api). Waits up to 3 minutes for a build to be there. BENCH_NO_SNAPSHOT=1
 * runs apps/api/dist/server.js in place.
 */
export async function apiEntry(): Promise<{ entry: string; cleanup: () => void }> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const ready = ['server.js', 'migrations', 'seed-library'].every((f) => existsSync(path.join(API_DIST, f)));
    if (ready) {
      if (process.env.BENCH_NO_SNAPSHOT === '1') return { entry: path.join(API_DIST, 'server.js'), cleanup: () => {} };
      try {
        const snap = tempDir('api');
        cpSync(API_DIST, path.join(snap, 'dist'), { recursive: true });
        symlinkSync(path.join(API_DIR, 'node_modules'), path.join(snap, 'node_modules'), 'dir');
        if (existsSync(path.join(snap, 'dist', 'server.js'))) return { entry: path.join(snap, 'dist', 'server.js'), cleanup: () => removeDir(snap) };
        removeDir(snap);
      } catch {
        // the build was replaced mid-copy; try again
      }
    }
    if (Date.now() > deadline) throw new Error(`no built api at ${API_DIST} (run: cd apps/api && node build.mjs)`);
    console.log('  (apps/api/dist is not there or incomplete — a rebuild in progress? waiting 10 s)');
    await sleep(10_000);
  }
}

export interface ApiProcess {
  child: ChildProcess;
  port: number;
  dataDir: string;
  url: string;
  /** Output tail, for errors. */
  output(): string;
  /** Every stdout line with the time it arrived (performance.now()), for phase timings. */
  lines: { t: number; text: string }[];
  /** SIGTERM, wait for exit (SIGKILL after timeoutMs). Resolves with the exit time in ms. */
  stop(timeoutMs?: number): Promise<number>;
}

export function spawnApi(entry: string, opts: { dataDir: string; port: number; env?: Record<string, string>; nodeArgs?: string[] }): ApiProcess {
  const child = spawn(process.execPath, [...API_NODE_FLAGS, ...(opts.nodeArgs ?? []), entry], {
    cwd: opts.dataDir,
    env: { ...process.env, DATA_DIR: opts.dataDir, PORT: String(opts.port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-6000);
  };
  const lines: { t: number; text: string }[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const t = performance.now();
    keep(chunk);
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts) lines.push({ t, text });
  });
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    port: opts.port,
    dataDir: opts.dataDir,
    url: `http://127.0.0.1:${opts.port}`,
    output: () => tail,
    lines,
    stop: async (timeoutMs = 30_000) => {
      const t0 = performance.now();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        await exited;
        clearTimeout(timer);
      }
      return performance.now() - t0;
    },
  };
}

/** Polls GET /api/health until 200. Returns ms since `since` (performance.now()). */
export async function waitForHealth(api: ApiProcess, since: number, timeoutMs = 240_000): Promise<number> {
  const deadline = since + timeoutMs;
  while (performance.now() < deadline) {
    if (api.child.exitCode !== null || api.child.signalCode !== null) {
      throw new Error(`api exited during start (code ${api.child.exitCode ?? api.child.signalCode}):\n${api.output()}`);
    }
    try {
      const res = await fetch(`${api.url}/api/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`api not healthy within ${timeoutMs / 1000} s:\n${api.output()}`);
}

/** Starts the built api on a free port in `dataDir` and waits for health. */
export async function startApi(
  entry: string,
  dataDir: string,
  extra: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<ApiProcess & { startMs: number }> {
  const port = await findFreePort();
  const t0 = performance.now();
  const api = spawnApi(entry, { dataDir, port, ...extra });
  try {
    const startMs = await waitForHealth(api, t0);
    return Object.assign(api, { startMs });
  } catch (error) {
    await api.stop(5000);
    throw error;
  }
}

/**
 * Waits until the search outbox is drained (health says pending 0), so a benchmark does
 * not measure while the freshly seeded library is still being indexed in the background.
 */
export async function waitForOutbox(baseUrl: string, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const health = (await (await fetch(`${baseUrl}/api/health`)).json()) as { outbox?: { pending?: number } };
    if ((health.outbox?.pending ?? 0) === 0) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`search outbox still has ${health.outbox?.pending} pending after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/**
 * Waits until the demo's county year is in: the api's first start fills it in the background
 * (its marker file in DATA_DIR goes when it is done), adding farmers and attendances meanwhile,
 * so a benchmark that does not wait measures against that work and against rows that change.
 */
export async function waitForCountyYear(dataDir: string, timeoutMs = 20 * 60_000): Promise<number> {
  const marker = path.join(dataDir, 'demo-county-year.pending');
  const t0 = performance.now();
  while (existsSync(marker)) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`the county year was not in after ${timeoutMs / 60_000} minutes`);
    await sleep(1000);
  }
  return performance.now() - t0;
}

/** Signs in; returns the `fs_session=...` cookie pair. */
export async function login(baseUrl: string, username = 'admin', password = 'fieldschool-admin'): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`login ${username} failed: ${res.status} ${body}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('fs_session='));
  if (!cookie) throw new Error('login set no fs_session cookie');
  return cookie.split(';')[0]!;
}

export interface RuntimeInfo {
  databaseUrl: string;
  meiliUrl: string;
  meiliKey: string | null;
}

export function readRuntime(dataDir: string): RuntimeInfo {
  return JSON.parse(readFileSync(path.join(dataDir, 'runtime.json'), 'utf8')) as RuntimeInfo;
}

/** Pids whose command line contains `needle` (e.g. a data dir), excluding ourselves. */
export function pidsWithCmdline(needle: string): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (cmd.includes(needle)) found.push({ pid, cmd });
    } catch {
      // gone
    }
  }
  return found;
}

/** Pids whose cwd, or command line, is inside `dir` (postgres runs with -D <dir>/pg). */
export function processesUnder(dir: string): { pid: number; cmd: string }[] {
  const found = new Map<number, string>();
  for (const p of pidsWithCmdline(dir)) found.set(p.pid, p.cmd);
  // As root, the database may live outside the data dir with pg/ a link to it (README, "Where data lives").
  const roots = [dir];
  try {
    const database = realpathSync(path.join(dir, 'pg'));
    if (!database.startsWith(dir + path.sep)) roots.push(database);
  } catch {
    // no database yet
  }
  const under = (cwd: string) => roots.some((root) => cwd === root || cwd.startsWith(root + path.sep));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd && under(cwd)) {
        found.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim());
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return [...found].map(([pid, cmd]) => ({ pid, cmd }));
}

/** `VmHWM` / `VmRSS` (and its anonymous / file-backed parts) of a process in MiB, or null when it is gone. */
export function memoryOf(pid: number): { hwmMiB: number; rssMiB: number; anonMiB: number; fileMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { hwmMiB: kb('VmHWM') / 1024, rssMiB: kb('VmRSS') / 1024, anonMiB: kb('RssAnon') / 1024, fileMiB: kb('RssFile') / 1024 };
  } catch {
    return null;
  }
}

/** Waits until none of `pids` exists (zombies count as gone). */
export async function waitGone(pids: number[], timeoutMs = 15_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  const alive = () =>
    pids.filter((pid) => {
      try {
        const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        return state !== 'Z' && state !== 'X';
      } catch {
        return false;
      }
    });
  let left = alive();
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(100);
    left = alive();
  }
  return left;
}

/** Kills (SIGKILL) any process left under `dir`: a last resort so nothing we started outlives us. */
export function killLeftovers(dir: string): number[] {
  const left = processesUnder(dir);
  for (const { pid } of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return left.map((p) => p.pid);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarise(values: number[]): { n: number; p50: number; p95: number; p99: number; mean: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1),
    max: sorted.at(-1) ?? NaN,
  };
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

/** Runs `fn`, then `cleanup` also on Ctrl-C / SIGTERM, so no child outlives the benchmark. */
export async function withCleanup(fn: () => Promise<void>, cleanup: () => Promise<void>): Promise<void> {
  let cleaning: Promise<void> | undefined;
  const once = () => (cleaning ??= cleanup().catch((error) => console.error('cleanup failed:', error)));
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: cleaning up`);
    void once().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await fn();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await once();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

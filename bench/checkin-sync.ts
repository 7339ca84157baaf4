// checkin-sync: (a) the county year's 45,000 check-ins sent to the built api over HTTP in
// batches of 500, as phones send them, vs the same number of rows inserted straight into
// PostgreSQL with multi-row INSERT … ON CONFLICT in batches of 500, in the same run;
// (b) one check-in per request under 50 connections (autocannon) vs a bare Fastify + pg
// route doing the same INSERT … ON CONFLICT (lib/checkin-floor-server.mjs).
// Goals: (a) under 3 s, direct / api >= 0.5; (b) api / floor >= 0.7, p99 under 20 ms.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import { findFreePort } from '@fieldschool/db';
import { startFloorScript, stopChild } from './lib/floor.ts';
import { apiEntry, fmt, killLeftovers, readRuntime, removeDir, startApi, tempDir, withCleanup, type ApiProcess } from './lib/server.ts';

const TOTAL = Number(process.env.BENCH_CHECKINS ?? 45_000);
const BATCH = 500;
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const PHONES = Number(process.env.BENCH_SYNC_PHONES ?? 2);

type BenchSession = { id: string; startsAt: string };

interface Setup {
  trainerId: string;
  farmers: string[];
  /** Sessions for the api's and the direct insert's rows, one phone and several at once, and one each for (b). */
  alone: { api: BenchSession[]; direct: BenchSession[] };
  together: { api: BenchSession[]; direct: BenchSession[] };
  single: { api: BenchSession; floor: BenchSession };
}

const FARMERS = 20_000;
const VILLAGES = 160;

/**
 * The bench's own county in an empty database (no demo seed: its first start is minutes on a
 * shared box): 160 villages, 20,000 farmers, a trainer signed in by a session row written here,
 * and sessions run by that trainer, held in one village and inviting every village, so any
 * farmer may be checked in.
 */
async function prepare(client: pg.Client, sessions: number): Promise<Setup & { cookie: string; csrf: string }> {
  const county = randomUUID();
  await client.query(`INSERT INTO org_units (id, level, name, code, path) VALUES ($1, 'county', '白玉县', 'baiyu', $2)`, [county, `/${county}/`]);
  await client.query(
    `INSERT INTO org_units (id, parent_id, level, name, code, path) SELECT id, $1, 'village', '村' || n, 'v' || n, $2 || id || '/' FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, ${VILLAGES}) n) v`,
    [county, `/${county}/`],
  );
  const { rows: [trainer] } = await client.query<{ id: string }>(`INSERT INTO users (username, display_name, password_hash, role, org_unit_id) VALUES ('trainer', '培训师', 'x', 'trainer', $1) RETURNING id`, [county]);
  const token = randomBytes(24).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await client.query(`INSERT INTO auth_sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`, [createHash('sha256').update(token).digest('hex'), trainer!.id, csrf]);
  await client.query(
    `INSERT INTO farmers (village_id, name, card_token) SELECT (SELECT id FROM org_units WHERE code = 'v' || (1 + n % ${VILLAGES})), '农户' || n, md5(random()::text) || n FROM generate_series(1, ${FARMERS}) n`,
  );
  const { rows: farmers } = await client.query<{ id: string }>(`SELECT id FROM farmers ORDER BY id`);
  const { rows: [course] } = await client.query<{ id: string }>(`INSERT INTO courses (title, topic, org_unit_id) VALUES ('马铃薯规模化种植', 'agri_tech', $1) RETURNING id`, [county]);
  const { rows: [village] } = await client.query<{ id: string }>(`SELECT id FROM org_units WHERE code = 'v1'`);
  const make = async (n: number) => {
    const made: BenchSession[] = [];
    for (let i = 0; i < n; i += 1) {
      const startsAt = new Date(Date.UTC(2030, 0, 1 + i, 1));
      const { rows: [s] } = await client.query<{ id: string }>(
        `INSERT INTO training_sessions (course_id, village_id, venue, starts_at, ends_at, capacity, checkin_secret) VALUES ($1, $2, 'bench', $3, $4, 1000, 'bench') RETURNING id`,
        [course!.id, village!.id, startsAt, new Date(startsAt.getTime() + 2 * 3600_000)],
      );
      await client.query('INSERT INTO session_trainers (session_id, trainer_id) VALUES ($1, $2)', [s!.id, trainer!.id]);
      await client.query(`INSERT INTO session_target_villages (session_id, village_id) SELECT $1, id FROM org_units WHERE level = 'village' AND id <> $2`, [s!.id, village!.id]);
      made.push({ id: s!.id, startsAt: startsAt.toISOString() });
    }
    return made;
  };
  const alone = { api: await make(sessions), direct: await make(sessions) };
  const together = { api: await make(sessions), direct: await make(sessions) };
  const [a, f] = await make(2);
  return { trainerId: trainer!.id, farmers: farmers.map((r) => r.id), alone, together, single: { api: a!, floor: f! }, cookie: `fs_session=${token}`, csrf };
}

/** TOTAL check-ins over `sessions`, 500 per session (each a batch of its own, as a phone per session sends). */
function checkins(setup: Setup, sessions: BenchSession[]) {
  return sessions.map((s, i) =>
    Array.from({ length: Math.min(BATCH, TOTAL - i * BATCH) }, (_, k) => ({
      id: randomUUID(),
      sessionId: s.id,
      farmerId: setup.farmers[(i * 977 + k) % setup.farmers.length]!,
      status: 'present',
      method: 'roster',
      checkedInAt: s.startsAt,
    })),
  );
}

type Batch = ReturnType<typeof checkins>[number];

/** Sends the batches `phones` at a time, each phone taking the next one when its last was answered; the time it took in ms. */
async function inTurns(batches: Batch[], phones: number, send: (items: Batch) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: phones }, async () => {
    while (next < batches.length) await send(batches[next++]!);
  }));
  return performance.now() - t0;
}

async function startFloor(databaseUrl: string, userId: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await findFreePort();
  const child = await startFloorScript('checkin-floor-server.mjs', { PORT: String(port), DATABASE_URL: databaseUrl, FLOOR_USER_ID: userId });
  return { child, url: `http://127.0.0.1:${port}` };
}

/** One check-in per request, each with a new id and the next farmer. */
async function cannon(url: string, headers: Record<string, string>, session: BenchSession, farmers: string[]) {
  let n = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => ({
          ...request,
          body: JSON.stringify({ deviceId: 'bench', items: [{ id: randomUUID(), sessionId: session.id, farmerId: farmers[n++ % farmers.length], status: 'present', method: 'roster', checkedInAt: session.startsAt }] }),
        }),
      },
    ],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

let api: (ApiProcess & { startMs: number }) | undefined;
let floor: ChildProcess | undefined;
let cleanupEntry = () => {};
const dataDir = tempDir('checkin-sync');

await withCleanup(
  async () => {
    console.log(`checkin-sync: ${TOTAL} check-ins in batches of ${BATCH}; then ${CONNECTIONS} connections × ${DURATION_S} s of single check-ins\n`);
    const built = await apiEntry();
    cleanupEntry = built.cleanup;
    api = await startApi(built.entry, dataDir, { env: { SEED_DEMO: 'false' } });
    console.log(`api healthy after ${fmt(api.startMs / 1000)} s (no demo seed)`);
    const { databaseUrl } = readRuntime(dataDir);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const setup = await prepare(client, Math.ceil(TOTAL / BATCH));
    const headers = { cookie: setup.cookie, 'x-csrf-token': setup.csrf, 'content-type': 'application/json' };
    console.log(`load average before: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);

    // (a) over HTTP, batch after batch as phones send them, against the same rows inserted
    // straight into PostgreSQL (multi-row INSERT … ON CONFLICT, 500 a statement), with as many
    // connections as phones.
    const pool = new pg.Pool({ connectionString: databaseUrl, max: PHONES });
    let created = 0;
    const viaApi = async (items: Batch) => {
      const res = await fetch(`${api!.url}/api/v1/checkins/sync`, { method: 'POST', headers, body: JSON.stringify({ deviceId: 'bench-phone', items }) });
      if (res.status !== 200) throw new Error(`sync answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      // Read first, then add: `created += await …` would add to the value read before the wait.
      const answered = ((await res.json()) as { results: { result: string }[] }).results.filter((r) => r.result === 'created').length;
      created += answered;
    };
    const direct = async (items: Batch) => {
      const values: unknown[] = [];
      const tuples = items.map((item, i) => {
        values.push(item.id, item.sessionId, item.farmerId, item.checkedInAt);
        const p = i * 4;
        return `($${p + 1}, $${p + 2}, $${p + 3}, 'present', 'roster', 'bench-direct', '${setup.trainerId}', $${p + 4})`;
      });
      await pool.query(`INSERT INTO attendances (id, session_id, farmer_id, status, method, device_id, recorded_by, checked_in_at) VALUES ${tuples.join(', ')} ON CONFLICT (session_id, farmer_id) DO NOTHING`, values);
    };
    const runA = async (sessions: { api: BenchSession[]; direct: BenchSession[] }, phones: number) => {
      created = 0;
      const apiMs = await inTurns(checkins(setup, sessions.api), phones, viaApi);
      const directMs = await inTurns(checkins(setup, sessions.direct), phones, direct);
      const label = phones === 1 ? 'one phone' : `${phones} phones at once`;
      console.log(`(a) ${label}: sync over HTTP ${fmt(apiMs / 1000, 2)} s  ${fmt((TOTAL / apiMs) * 1000, 0)} check-ins/s  (${created} created)`);
      console.log(`    direct INSERT         ${fmt(directMs / 1000, 2)} s  ${fmt((TOTAL / directMs) * 1000, 0)} rows/s`);
      console.log(`    ratio direct/api      ${fmt(directMs / apiMs, 2)}  (goal >= 0.5; goal under 3 s: ${apiMs < 3000 ? 'met' : 'missed'})`);
    };
    await runA(setup.alone, 1);
    if (PHONES > 1) await runA(setup.together, PHONES);
    await pool.end();

    // (b) single check-ins under 50 connections, the api and then the floor.
    const f = await startFloor(databaseUrl, setup.trainerId);
    floor = f.child;
    const apiRun = await cannon(`${api.url}/api/v1/checkins/sync`, headers, setup.single.api, setup.farmers);
    const floorRun = await cannon(`${f.url}/sync`, { 'content-type': 'application/json' }, setup.single.floor, setup.farmers);
    const show = (name: string, r: typeof apiRun) => console.log(`    ${name.padEnd(22)}${fmt(r.rps, 0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (${r.total} requests${r.non2xx ? `, ${r.non2xx} non-2xx` : ''}${r.errors ? `, ${r.errors} errors` : ''})`);
    console.log('(b) one check-in per request');
    show('api /checkins/sync', apiRun);
    show('floor Fastify + pg', floorRun);
    console.log(`    ratio api/floor       ${fmt(apiRun.rps / floorRun.rps, 2)}  (goal >= 0.7; p99 goal under 20 ms: ${apiRun.p99 < 20 ? 'met' : 'missed'})`);
    console.log(`load average after: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    await client.end();
  },
  async () => {
    await stopChild(floor);
    await api?.stop(10_000);
    cleanupEntry();
    killLeftovers(dataDir);
    removeDir(dataDir);
  },
);

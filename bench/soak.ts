// soak: issue 12's "soak with faults". A mixed workload of SOAK_CLIENTS (50) clients for
// SOAK_MINUTES (30) on the demo's county year, on loopback: library searches, calendar
// months, check-in syncs from phones, report dashboards, .xlsx exports. During it,
// Meilisearch is killed and restarted (at 20 % of the time), PostgreSQL restarted (45 %),
// the api killed with SIGKILL and restarted (70 %). Then the report (lib/soak-report.ts),
// also written as JSON to the temp dir. Not for CI: it is long (bench/README.md).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findFreePort, removeClusterOutside } from '@fieldschool/db';
import { apiDrill, meilisearchDrill, postgresDrill, type Upload } from './lib/faults.ts';
import { calendarReader, dashboard, exporter, rng, searcher, type Workload } from './lib/soak-clients.ts';
import { send, signIn, type Account, type HttpContext } from './lib/soak-http.ts';
import { Ledger, Phone, type SoakSession } from './lib/soak-phone.ts';
import { Recorder } from './lib/soak-recorder.ts';
import { report, type FinalCounts } from './lib/soak-report.ts';
import { Api, startMeilisearch, startPostgres, type Meilisearch, type Postgres } from './lib/soak-servers.ts';
import { apiEntry, fmt, killLeftovers, removeDir, sleep, tempDir, waitForCountyYear, waitForOutbox, withCleanup } from './lib/server.ts';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 50);
const THINK_MS = Number(process.env.SOAK_THINK_MS ?? 1000);
const TIMEOUT_MS = 30_000;
const DURATION_MS = MINUTES * 60_000;
/** When each fault starts, as a share of the duration, so a short run has them all too. */
const FAULT_AT = { meilisearch: 0.2, postgres: 0.45, api: 0.7 };
const MEILI_DOWN_MS = 20_000;
const PG_DOWN_MS = 10_000;
const UPLOADS_DURING_OUTAGE = 3;
/** Phones come in pairs that walk the same sessions, so some farmers are checked in twice (merged). */
const PHONES = Math.min(20, 2 * Math.max(1, Math.round((CLIENTS * 0.2) / 2)));
const EXPORTERS = Math.max(1, Math.round(CLIENTS * 0.06));
const DASHBOARDS = Math.round(CLIENTS * 0.2);
const CALENDARS = Math.round(CLIENTS * 0.2);
const SEARCHERS = Math.max(1, CLIENTS - PHONES - EXPORTERS - DASHBOARDS - CALENDARS);
const SESSIONS_PER_PAIR = 4;
const DRAIN_MS = 120_000;

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const day = (d: Date) => d.toISOString().slice(0, 10);

const dataDir = tempDir('soak');
const pgDir = path.join(dataDir, 'postgres');
const meiliDir = path.join(dataDir, 'meilisearch');
const apiDir = path.join(dataDir, 'api');
let postgres: Postgres | undefined;
let meili: Meilisearch | undefined;
let api: Api | undefined;
let cleanupEntry = () => {};
let running = false;

/**
 * The soak's own sessions, written straight into the database: many at once, all in progress
 * for the whole soak with the demo trainer, each inviting every village (the scheduling
 * service would refuse a trainer in several places at once, which the soak does not care about).
 */
async function makeSessions(db: pg.Client, count: number): Promise<string[]> {
  const startsAt = new Date(Date.now() - 30 * 60_000);
  const endsAt = new Date(Date.now() + DURATION_MS + 3 * 3600_000);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO training_sessions (course_id, village_id, venue, starts_at, ends_at, capacity, status, checkin_secret)
     SELECT (SELECT id FROM courses ORDER BY title LIMIT 1), v.id, '浸泡测试', $1, $2, 30000, 'in_progress', md5(random()::text)
     FROM (SELECT id FROM org_units WHERE level = 'village' ORDER BY code LIMIT $3) v RETURNING id`,
    [startsAt, endsAt, count],
  );
  const ids = rows.map((r) => r.id);
  await db.query(`INSERT INTO session_trainers (session_id, trainer_id) SELECT s, (SELECT id FROM users WHERE username = 'trainer') FROM unnest($1::uuid[]) s`, [ids]);
  await db.query(
    `INSERT INTO session_target_villages (session_id, village_id)
     SELECT s.id, v.id FROM training_sessions s JOIN org_units v ON v.level = 'village' AND v.id <> s.village_id WHERE s.id = ANY($1::uuid[])`,
    [ids],
  );
  return ids;
}

/** The calendar's six-week grids of the year's months and the next two. */
function calendarRanges(): { from: string; to: string }[] {
  const now = new Date();
  return Array.from({ length: 14 }, (_, i) => {
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11 + i, 1));
    const from = new Date(first.getTime() - ((first.getUTCDay() + 6) % 7) * 86_400_000);
    return { from: from.toISOString(), to: new Date(from.getTime() + 42 * 86_400_000).toISOString() };
  });
}

async function searchable(http: HttpContext, admin: Account, upload: Upload): Promise<boolean> {
  if (!upload.documentId) return false;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const answer = await send({ ...http, rec: new Recorder() }, 'check', `/api/v1/search?q=${upload.marker}`, { account: admin, read: 'json' });
    const hits = (answer.json as { hits?: { documentId: string }[] } | undefined)?.hits ?? [];
    if (hits.some((h) => h.documentId === upload.documentId)) return true;
    await sleep(1000);
  }
  return false;
}

async function finalCounts(db: pg.Client, ledger: Ledger, phones: Phone[], sessionIds: string[]): Promise<FinalCounts> {
  const told = ledger.toldAttendances();
  const accepted = ledger.acceptedItems();
  const { rows: [figures] } = await db.query<{ n: number; pairs: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT (session_id, farmer_id))::int AS pairs FROM attendances WHERE session_id = ANY($1::uuid[])`,
    [sessionIds],
  );
  const { rows: inDb } = await db.query<{ id: string }>(`SELECT id FROM attendances WHERE session_id = ANY($1::uuid[])`, [sessionIds]);
  const dbIds = new Set(inDb.map((r) => r.id));
  const { rows: [receipts] } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sync_receipts WHERE item_id = ANY($1::uuid[])`, [accepted]);
  return {
    made: ledger.made,
    answers: ledger.counts(),
    pending: phones.reduce((n, p) => n + p.pending(), 0),
    toldAttendances: told.size,
    acceptedItems: accepted.length,
    db: {
      attendances: figures!.n,
      pairs: figures!.pairs,
      receipts: receipts!.n,
      toldMissing: [...told].filter((id) => !dbIds.has(id)).length,
      untold: [...dbIds].filter((id) => !told.has(id)).length,
    },
  };
}

async function soak(): Promise<void> {
  console.log(`soak: ${CLIENTS} clients (${SEARCHERS} searching, ${CALENDARS} calendar, ${PHONES} phones, ${DASHBOARDS} dashboards, ${EXPORTERS} exporting) for ${MINUTES} min, think ~${THINK_MS} ms, timeout ${TIMEOUT_MS / 1000} s`);
  console.log(`faults: Meilisearch SIGKILL at ${FAULT_AT.meilisearch * 100} % (${MEILI_DOWN_MS / 1000} s down), PostgreSQL restart at ${FAULT_AT.postgres * 100} % (${PG_DOWN_MS / 1000} s down), api SIGKILL at ${FAULT_AT.api * 100} %`);
  postgres = await startPostgres(pgDir, await findFreePort());
  const adminDb = new pg.Client({ connectionString: postgres.urlFor('postgres') });
  await adminDb.connect();
  await adminDb.query('CREATE DATABASE fieldschool');
  await adminDb.end();
  meili = await startMeilisearch(meiliDir, await findFreePort());
  const built = await apiEntry();
  cleanupEntry = built.cleanup;
  mkdirSync(apiDir);
  const port = await findFreePort();
  const env = {
    DATABASE_URL: postgres.urlFor('fieldschool'),
    MEILI_URL: meili.url,
    MEILI_MASTER_KEY: meili.masterKey,
    ID_NUMBER_KEY: randomBytes(32).toString('hex'),
    SEED_DEMO: 'true',
    DEMO_COUNTY_YEAR: 'true',
  };
  const rec = new Recorder();
  api = new Api(built.entry, { dataDir: apiDir, port, env }, (message) => rec.note(`!! ${message}`));
  const t0 = performance.now();
  await api.healthy(300_000);
  console.log(`api healthy after ${fmt((performance.now() - t0) / 1000)} s (demo seeded into its own PostgreSQL and Meilisearch)`);
  console.log(`county year in after ${fmt((await waitForCountyYear(apiDir)) / 1000)} s more`);
  await waitForOutbox(api.url, 300_000);

  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const { rows: [year] } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM attendances`);
  const villages = (await db.query<{ id: string }>(`SELECT id FROM org_units WHERE level = 'village' ORDER BY code`)).rows.map((r) => r.id);
  const townships = (await db.query<{ id: string }>(`SELECT id FROM org_units WHERE level = 'township' ORDER BY code`)).rows.map((r) => r.id);
  const sessionIds = await makeSessions(db, (PHONES / 2) * SESSIONS_PER_PAIR);
  await db.end();
  console.log(`county year: ${year!.n} attendances, ${villages.length} villages; ${sessionIds.length} soak sessions for the phones`);

  const base = api.url;
  const http: HttpContext = { base, rec, timeoutMs: TIMEOUT_MS };
  // A sign-in per kind of browser client and one per phone: the api allows 30 sign-ins a minute per address.
  const [searchAccount, dashAccount, exportAccount, calendarAccount] = [
    await signIn(base, 'admin', 'fieldschool-admin'),
    await signIn(base, 'admin', 'fieldschool-admin'),
    await signIn(base, 'admin', 'fieldschool-admin'),
    await signIn(base, 'trainer', 'fieldschool-trainer'),
  ];
  const phoneAccounts = [];
  for (let i = 0; i < PHONES; i++) phoneAccounts.push(await signIn(base, 'trainer', 'fieldschool-trainer'));
  // Each session's offline package, as a phone downloads it before leaving.
  const sessions: SoakSession[] = [];
  for (const id of sessionIds) {
    const res = await fetch(`${base}/api/v1/sessions/${id}/offline`, { headers: { cookie: phoneAccounts[0]!.cookie } });
    if (!res.ok) throw new Error(`offline session ${id}: ${res.status} ${await res.text()}`);
    sessions.push({ id, roster: ((await res.json()) as { roster: { id: string }[] }).roster.map((f) => f.id) });
  }
  const perSession = Math.floor(sessions[0]!.roster.length * 0.4);
  console.log(`offline rosters: ${sessions[0]!.roster.length} farmers each; a phone checks in ${perSession} per session before the next`);

  const now = new Date();
  const w: Workload = {
    http,
    running: () => running,
    thinkMs: THINK_MS,
    year: { from: day(new Date(now.getTime() - 365 * 86_400_000)), to: day(now) },
    calendarRanges: calendarRanges(),
    villages,
    townships,
  };
  const ledger = new Ledger();
  const phones = phoneAccounts.map((account, i) => {
    const pair = Math.floor(i / 2);
    return new Phone(w, `soak-phone-${i}`, account, sessions.slice(pair * SESSIONS_PER_PAIR, (pair + 1) * SESSIONS_PER_PAIR), perSession, ledger, rng(1000 + i));
  });
  const load = { before: loadavg(), after: '' };
  console.log(`load average before: ${load.before}\n`);

  rec.start();
  running = true;
  const loops = [
    ...Array.from({ length: SEARCHERS }, (_, i) => searcher(w, searchAccount, rng(i))),
    ...Array.from({ length: CALENDARS }, (_, i) => calendarReader(w, calendarAccount, rng(100 + i))),
    ...Array.from({ length: DASHBOARDS }, (_, i) => dashboard(w, dashAccount, rng(200 + i))),
    ...Array.from({ length: EXPORTERS }, (_, i) => exporter(w, exportAccount, rng(300 + i))),
    ...phones.map((p) => p.run()),
  ];
  const sampler = setInterval(() => {
    const rssMiB = api!.rssMiB();
    if (rssMiB !== undefined) rec.memory.push({ t: rec.now(), pid: api!.pid, rssMiB });
  }, 10_000).unref(); // a soak that fails midway must still exit after its cleanup
  const drill = { http, api, admin: searchAccount };
  const at = async (share: number) => sleep(Math.max(0, share * DURATION_MS - rec.now()));
  await at(FAULT_AT.meilisearch);
  const meiliResult = await meilisearchDrill(drill, meili, MEILI_DOWN_MS, UPLOADS_DURING_OUTAGE);
  await at(FAULT_AT.postgres);
  const pgResult = await postgresDrill(drill, postgres, PG_DOWN_MS);
  await at(FAULT_AT.api);
  const apiResult = await apiDrill(drill);
  await at(1);
  running = false;
  await Promise.all(loops);
  rec.note(`clients stopped; draining the phones' queues (${phones.reduce((n, p) => n + p.pending(), 0)} items)`);
  await Promise.all(phones.map((p) => p.drain(Date.now() + DRAIN_MS)));
  clearInterval(sampler);
  load.after = loadavg();

  await waitForOutbox(api.url, 120_000);
  const uploads = [];
  for (const upload of meiliResult.uploads) uploads.push({ ...upload, searchable: await searchable(http, searchAccount, upload) });
  const check = new pg.Client({ connectionString: env.DATABASE_URL });
  await check.connect();
  const counts = await finalCounts(check, ledger, phones, sessionIds);
  await check.end();

  const config = { minutes: MINUTES, clients: CLIENTS, searchers: SEARCHERS, calendars: CALENDARS, phones: PHONES, dashboards: DASHBOARDS, exporters: EXPORTERS, thinkMs: THINK_MS, timeoutS: TIMEOUT_MS / 1000, countyYearAttendances: year!.n };
  const out = report({ config, rec, drills: { meilisearch: meiliResult.figures, postgres: pgResult, api: apiResult }, uploads, counts, apiCrashes: api.crashes, load });
  console.log(`\n${out.lines.join('\n')}`);
  console.log(`\nload average before ${load.before}, after ${load.after}`);
  const file = path.join(os.tmpdir(), `fieldschool-soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(out.json, null, 2));
  console.log(`report: ${file}`);
  if (!out.allMet) process.exitCode = 1;
}

await withCleanup(soak, async () => {
  running = false;
  await api?.stop();
  await meili?.stop();
  await postgres?.stop();
  cleanupEntry();
  const left = [...killLeftovers(dataDir), ...killLeftovers(pgDir)];
  if (left.length) console.error(`killed leftover processes: ${left.join(', ')}`);
  removeClusterOutside(pgDir);
  removeDir(dataDir);
});

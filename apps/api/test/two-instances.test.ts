import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import pg from 'pg';
import { connectDatabase, findFreePort, schema, type DatabaseConnection } from '@fieldschool/db';
import { withDatabase } from '@fieldschool/db/testing';
import { startEmbeddedMeilisearch, type EmbeddedMeilisearchHandle } from '@fieldschool/search';
import { PASSWORD, seedFixtures, type Fixtures } from './fixtures.ts';
import { seedCheckin } from './checkin-fixtures.ts';
import { sessionBody } from './scheduling-fixtures.ts';
import { startServer, type RunningServer } from './running-server.ts';
import { multipart } from './upload.ts';

// Two api processes on one PostgreSQL and one Meilisearch, started as docs/operations.md
// ("Several machines") says: DATABASE_URL, MEILI_URL, MEILI_MASTER_KEY, one ID_NUMBER_KEY and
// one shared FILES_DIR, each with a DATA_DIR of its own.
const adminUrl = inject('postgresAdminUrl');
const database = `fieldschool_two_${randomBytes(4).toString('hex')}`;
/** How long a sign-out or a disabled account may take to reach the other instance (docs/architecture.md). */
const SESSION_CACHE_MS = 5_000;
/** What the polling requests themselves may add on a busy test machine. */
const REQUEST_SLACK_MS = 1_000;
let dir: string;
let meili: EmbeddedMeilisearchHandle;
let a: RunningServer;
let b: RunningServer;
let connection: DatabaseConnection;
let fixtures: Fixtures;
let seeded: Awaited<ReturnType<typeof seedCheckin>>;

async function onAdminDatabase(statement: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fieldschool-two-'));
  meili = await startEmbeddedMeilisearch({ dataDir: path.join(dir, 'meili'), port: await findFreePort(), maxIndexingMemory: '256 MiB' });
  // An empty database: both instances migrate it and install the job queue at the same moment.
  await onAdminDatabase(`CREATE DATABASE ${database}`);
  const databaseUrl = withDatabase(adminUrl, database);
  const env = {
    DATABASE_URL: databaseUrl,
    MEILI_URL: meili.url,
    MEILI_MASTER_KEY: meili.masterKey,
    ID_NUMBER_KEY: randomBytes(32).toString('hex'),
    FILES_DIR: path.join(dir, 'shared-files'),
  };
  [a, b] = await Promise.all([startServer({ dataDir: path.join(dir, 'a'), env }), startServer({ dataDir: path.join(dir, 'b'), env })]);
  await Promise.all([a.healthy(), b.healthy()]);
  connection = connectDatabase(databaseUrl, { max: 3 });
  fixtures = await seedFixtures(connection.db);
  seeded = await seedCheckin(connection.db, fixtures, 40);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await connection?.close();
  await meili?.stop();
  await onAdminDatabase(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await rm(dir, { recursive: true, force: true });
});

type Headers = Record<string, string>;

async function signIn(server: RunningServer, username: string): Promise<Headers> {
  const response = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in as ${username} on ${server.url}: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('fs_session='))!.split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

const call = (server: RunningServer, headers: Headers, method: string, url: string, body?: unknown) =>
  body === undefined
    ? fetch(`${server.url}/api/v1${url}`, { method, headers: withoutContentType(headers) })
    : fetch(`${server.url}/api/v1${url}`, { method, headers, body: JSON.stringify(body) });

/** A request without a body must not say it is JSON (Fastify refuses an empty JSON body). */
const withoutContentType = ({ 'content-type': _json, ...rest }: Headers) => rest;

/** Schedules one session through `server` and gives its id. */
async function schedule(server: RunningServer, headers: Headers, startsAt: Date, hours = 2, extra: Record<string, unknown> = {}): Promise<string> {
  const body = sessionBody(seeded.scheduling, fixtures, {
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + hours * 3600_000).toISOString(),
    targetVillageIds: [fixtures.mamen.id],
    capacity: 200,
    ...extra,
  });
  const response = await call(server, headers, 'POST', '/sessions', body);
  if (response.status !== 201) throw new Error(`scheduling failed: ${await response.text()}`);
  return ((await response.json()) as { sessions: { id: string }[] }).sessions[0]!.id;
}

/** Milliseconds until `server` refuses `headers` (polled), after `since`. */
async function refusedAfter(server: RunningServer, headers: Headers, since: number): Promise<number> {
  for (;;) {
    const status = (await call(server, headers, 'GET', '/auth/session')).status;
    if (status === 401) return Date.now() - since;
    expect(status).toBe(200);
    if (Date.now() - since > 3 * SESSION_CACHE_MS) throw new Error('the other instance still accepts the session');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('two api instances on one PostgreSQL and one Meilisearch', () => {
  it('both start on an empty database at the same moment', () => {
    // beforeAll started them together; each migrated (or found migrated) and is serving.
    expect(a.output()).not.toMatch(/could not start/);
    expect(b.output()).not.toMatch(/could not start/);
  });

  it('check-ins synced to both at once land exactly once', async () => {
    const admin = await signIn(a, 'admin');
    const trainerOnA = await signIn(a, 'trainer');
    const trainerOnB = await signIn(b, 'trainer');
    const sessionId = await schedule(a, admin, new Date(Date.now() - 15 * 60_000));
    const farmers = [...seeded.farmers.genga, ...seeded.farmers.mamen];
    const checkedInAt = new Date().toISOString();
    const batch = (order: string[]) => order.map((farmerId) => ({ id: randomUUID(), sessionId, farmerId, status: 'present', method: 'roster', checkedInAt }));
    // Phone 1 re-sends its batch to the other instance while the first send is still in
    // flight (a proxy retrying); phone 2 checks the same farmers in, in reverse order.
    const phone1 = batch(farmers);
    const phone2 = batch([...farmers].reverse());
    const sync = (server: RunningServer, headers: Headers, deviceId: string, items: unknown[]) =>
      call(server, headers, 'POST', '/checkins/sync', { deviceId, items }).then(async (r) => {
        expect(r.status).toBe(200);
        return ((await r.json()) as { results: { id: string; result: string; attendanceId: string }[] }).results;
      });
    const answers = await Promise.all([
      sync(a, trainerOnA, 'phone-1', phone1),
      sync(b, trainerOnB, 'phone-1', phone1),
      sync(b, trainerOnB, 'phone-2', phone2),
      sync(a, trainerOnA, 'phone-2', phone2),
    ]);
    const all = answers.flat();
    // Each item was counted once (created or merged) and its other send answered `duplicate`.
    for (const item of [...phone1, ...phone2]) {
      const results = all.filter((r) => r.id === item.id).map((r) => r.result);
      expect(results).toHaveLength(2);
      expect(results.filter((result) => result === 'duplicate')).toHaveLength(1);
      expect(['created', 'merged']).toContain(results.find((result) => result !== 'duplicate'));
    }
    expect(all.filter((r) => r.result === 'created')).toHaveLength(farmers.length);
    // Every answer about a farmer names the same attendance.
    const attendanceOf = new Map<string, Set<string>>();
    for (const item of [...phone1, ...phone2]) {
      const ids = attendanceOf.get(item.farmerId) ?? new Set<string>();
      for (const r of all.filter((x) => x.id === item.id)) ids.add(r.attendanceId);
      attendanceOf.set(item.farmerId, ids);
    }
    expect([...attendanceOf.values()].every((ids) => ids.size === 1)).toBe(true);
    const rows = await connection.db.select().from(schema.attendances).where(inArray(schema.attendances.sessionId, [sessionId]));
    expect(rows).toHaveLength(farmers.length);
    const receipts = await connection.db.select().from(schema.syncReceipts).where(inArray(schema.syncReceipts.itemId, [...phone1, ...phone2].map((i) => i.id)));
    expect(receipts).toHaveLength(phone1.length + phone2.length);
  }, 60_000);

  it('both run the job queue, and no reminder is sent twice', async () => {
    const admin = await signIn(b, 'admin');
    // Sessions starting within the hour, whatever the time of day: each one's reminder is due at
    // once (one starting after midnight while it is still afternoon in Baiyu would wait for 18:00),
    // and both workers poll for them. Their overlap with each other is accepted, as a trainer may.
    const soon = Date.now() + 20 * 60_000;
    const override = { override: { reason: '两个实例的提醒测试' } };
    const sessionIds: string[] = [];
    for (let i = 0; i < 8; i += 1) sessionIds.push(await schedule(i % 2 ? a : b, admin, new Date(soon + i * 60_000), 0.5, override));
    const sent = () => connection.db.select().from(schema.sentReminders).where(inArray(schema.sentReminders.sessionId, sessionIds));
    // Each session reminds its trainer and 根呷村's secretary.
    await expect.poll(async () => (await sent()).length, { timeout: 30_000, interval: 250 }).toBe(sessionIds.length * 2);
    const lines = [a.output(), b.output()]
      .join('\n')
      .split('\n')
      .filter((line) => sessionIds.some((id) => line.includes(`session ${id}`)) && line.includes('reminder to'));
    expect(lines).toHaveLength(sessionIds.length * 2);
    expect(new Set(lines).size).toBe(lines.length);
  }, 60_000);

  it('a document uploaded through one is found and downloaded through the other', async () => {
    const onA = await signIn(a, 'admin');
    const onB = await signIn(b, 'admin');
    const text = '白玉县牦牛冬季补饲要点\n\n冬春季节每头牦牛每天补饲青干草两公斤，两个实例共用一个文件夹。';
    const body = multipart({ name: '牦牛补饲.txt', bytes: text }, { topics: ['agri_tech'] });
    const uploaded = await fetch(`${a.url}/api/v1/documents`, { method: 'POST', headers: { ...withoutContentType(onA), ...body.headers }, body: body.payload });
    expect(uploaded.status).toBe(201);
    const doc = (await uploaded.json()) as { id: string; versions: { id: string }[] };
    const download = await call(b, onB, 'GET', `/documents/${doc.id}/versions/${doc.versions[0]!.id}/file`);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(text);
    // Either instance's outbox worker may index it; the search through B finds it.
    await expect
      .poll(async () => ((await (await call(b, onB, 'GET', `/search?q=${encodeURIComponent('补饲青干草')}`)).json()) as { hits: { documentId: string }[] }).hits.map((h) => h.documentId), {
        timeout: 20_000,
        interval: 250,
      })
      .toContain(doc.id);
  }, 40_000);

  it('a sign-out on one instance reaches the other within 5 s', async () => {
    const onA = await signIn(a, 'trainer');
    // The same session cookie used on B, which now has it cached.
    expect((await call(b, onA, 'GET', '/auth/session')).status).toBe(200);
    const since = Date.now();
    expect((await call(a, onA, 'POST', '/auth/logout')).status).toBeLessThan(300);
    expect((await call(a, onA, 'GET', '/auth/session')).status).toBe(401);
    expect(await refusedAfter(b, onA, since)).toBeLessThanOrEqual(SESSION_CACHE_MS + REQUEST_SLACK_MS);
  }, 30_000);

  it('an account disabled on one instance is refused by the other within 5 s', async () => {
    const admin = await signIn(a, 'admin');
    const secretaryOnB = await signIn(b, 'secretary');
    expect((await call(b, secretaryOnB, 'GET', '/auth/session')).status).toBe(200);
    const [secretary] = await connection.db.select({ id: schema.users.id }).from(schema.users).where(inArray(schema.users.username, ['secretary']));
    const since = Date.now();
    const disabled = await call(a, admin, 'PATCH', `/users/${secretary!.id}`, { active: false });
    expect(disabled.status).toBe(200);
    expect(await refusedAfter(b, secretaryOnB, since)).toBeLessThanOrEqual(SESSION_CACHE_MS + REQUEST_SLACK_MS);
  }, 30_000);
});

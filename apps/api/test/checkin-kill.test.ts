import { describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { hashPassword } from '../src/services/passwords.ts';
import { withDataDir, type RunningServer } from './running-server.ts';

const PASSWORD = 'correct horse battery';
const FARMERS = 900;

/** A connection to the database of the api running on `dataDir`. */
async function connect(dataDir: string): Promise<pg.Client> {
  const { databaseUrl } = JSON.parse(await readFile(path.join(dataDir, 'runtime.json'), 'utf8')) as { databaseUrl: string };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // The api dies under this connection on purpose; its error is expected.
  client.on('error', () => undefined);
  return client;
}

/** A county, a village, a trainer, a course, a session today and its farmers, written straight into the database. */
async function seed(client: pg.Client) {
  const county = randomUUID();
  const village = randomUUID();
  await client.query(
    `INSERT INTO org_units (id, parent_id, level, name, code, path) VALUES ($1, NULL, 'county', '白玉县', 'baiyu', $3), ($2, $1, 'village', '根呷村', 'genga', $4)`,
    [county, village, `/${county}/`, `/${county}/${village}/`],
  );
  const { rows: [trainer] } = await client.query<{ id: string }>(
    `INSERT INTO users (username, display_name, password_hash, role, org_unit_id) VALUES ('trainer', '培训员', $1, 'trainer', $2) RETURNING id`,
    [await hashPassword(PASSWORD), county],
  );
  const { rows: [course] } = await client.query<{ id: string }>(`INSERT INTO courses (title, topic, org_unit_id) VALUES ('牦牛养殖', 'agri_tech', $1) RETURNING id`, [county]);
  const startsAt = new Date(Date.now() - 30 * 60_000);
  const { rows: [session] } = await client.query<{ id: string }>(
    `INSERT INTO training_sessions (course_id, village_id, starts_at, ends_at, capacity, checkin_secret) VALUES ($1, $2, $3, $4, 1000, 'x') RETURNING id`,
    [course!.id, village, startsAt, new Date(startsAt.getTime() + 3 * 3600_000)],
  );
  await client.query('INSERT INTO session_trainers (session_id, trainer_id) VALUES ($1, $2)', [session!.id, trainer!.id]);
  const { rows: farmers } = await client.query<{ id: string }>(
    `INSERT INTO farmers (village_id, name, card_token) SELECT $1, '农户' || n, $2 || n FROM generate_series(1, ${FARMERS}) AS n RETURNING id`,
    [village, randomBytes(8).toString('hex')],
  );
  return { sessionId: session!.id, farmerIds: farmers.map((f) => f.id), checkedInAt: new Date(startsAt.getTime() + 5 * 60_000).toISOString() };
}

async function signIn(server: RunningServer) {
  const response = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'trainer', password: PASSWORD }) });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('fs_session='))!.split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

type Result = { id: string; result: string; attendanceId?: string };
const sync = (server: RunningServer, headers: Record<string, string>, items: unknown[]) =>
  fetch(`${server.url}/api/v1/checkins/sync`, { method: 'POST', headers, body: JSON.stringify({ deviceId: 'phone-1', items }) });

describe('the api killed with SIGKILL in the middle of a sync', () => {
  it('loses nothing and doubles nothing when the phone retries after the restart', () =>
    withDataDir(tmpdir(), async (dataDir, start) => {
      const first = await start();
      await first.healthy();
      const db = await connect(dataDir);
      const { sessionId, farmerIds, checkedInAt } = await seed(db);
      const batches = [0, 1, 2].map((b) =>
        farmerIds.slice(b * 300, (b + 1) * 300).map((farmerId) => ({ id: randomUUID(), sessionId, farmerId, status: 'present', method: 'roster', checkedInAt })),
      );
      const headers = await signIn(first);
      // Batch 0 goes through and is acknowledged.
      expect((await sync(first, headers, batches[0]!)).status).toBe(200);
      // Batch 1 is held inside its transaction: its receipts wait behind a lock taken here,
      // and the api is killed while it waits.
      await db.query('BEGIN');
      await db.query('LOCK TABLE sync_receipts IN SHARE MODE');
      const inFlight = sync(first, headers, batches[1]!).then((r) => r.status, () => 'no answer');
      // A lock not granted on sync_receipts (pg_stat_activity's query text is cut at 1 kB, so the lock table tells).
      const waiting = async () =>
        (await db.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE NOT l.granted AND c.relname = 'sync_receipts'`)).rows[0].n as number;
      let held = 0;
      // Up to 30 s: on a busy CI box the batch takes seconds to reach its receipts.
      for (let i = 0; i < 600 && held === 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        held = await waiting();
      }
      // Killed whatever happened: a graceful stop would wait for the held request forever.
      first.child.kill('SIGKILL');
      expect(held, 'batches waiting on the receipts lock').toBe(1);
      expect(await inFlight).toBe('no answer');
      await first.ended;
      await db.end().catch(() => undefined);

      const second = await start();
      await second.healthy();
      const again = await signIn(second);
      // The phone still holds batches 1 and 2, and re-sends batch 0 too (its ack never reached the queue, say).
      const answers: Result[] = [];
      for (const batch of [batches[1]!, batches[0]!, batches[2]!]) {
        const response = await sync(second, again, batch);
        expect(response.status).toBe(200);
        answers.push(...((await response.json()) as { results: Result[] }).results);
      }
      const resultOf = (batch: number) => answers.filter((a) => batches[batch]!.some((i) => i.id === a.id)).map((a) => a.result);
      expect(new Set(resultOf(1))).toEqual(new Set(['created']));
      expect(new Set(resultOf(0))).toEqual(new Set(['duplicate']));
      expect(new Set(resultOf(2))).toEqual(new Set(['created']));
      const check = await connect(dataDir);
      const { rows: [counts] } = await check.query(
        `SELECT count(*)::int AS attendances, count(DISTINCT farmer_id)::int AS farmers, (SELECT count(*)::int FROM sync_receipts) AS receipts FROM attendances WHERE session_id = $1`,
        [sessionId],
      );
      await check.end();
      expect(counts).toEqual({ attendances: FARMERS, farmers: FARMERS, receipts: FARMERS });
      expect(await second.stop()).toBe(0);
    }), 180_000);
});

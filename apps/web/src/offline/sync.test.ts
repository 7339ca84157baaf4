import 'fake-indexeddb/auto';
import type { OfflineSession } from '@fieldschool/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OFFLINE_DB_NAME, deviceFacts, enqueue, forgetOfflineDbConnection, offlineDb, queuedFor, sessionsFor, storeSession, wipeOnSignOut,
  type QueuedCheckin, type QueuedWorkDay,
} from './db.ts';
import { syncQueue, type SendBatch, type SyncBody } from './sync.ts';

const SESSION = '11111111-1111-4111-8111-111111111111';

function entry(n: number, userId = 'u1'): QueuedCheckin {
  const id = crypto.randomUUID();
  const farmerId = `22222222-2222-4222-8222-${String(n).padStart(12, '0')}`;
  return {
    id,
    userId,
    sessionId: SESSION,
    farmerName: `农户${n}`,
    queuedAt: new Date(Date.UTC(2026, 11, 1, 2, 0, 0, n)).toISOString(),
    state: 'pending',
    item: { id, sessionId: SESSION, farmerId, status: 'present', method: 'roster', checkedInAt: '2026-12-01T02:00:00.000Z' },
  };
}

function offlineSession(expiresAt: string): OfflineSession {
  return {
    session: {
      id: SESSION, courseId: SESSION, courseTitle: '马铃薯种植', topic: 'agri_tech', villageId: SESSION, villageName: '根呷村', venue: '村委会',
      startsAt: '2026-12-01T02:00:00.000Z', endsAt: '2026-12-01T04:00:00.000Z', status: 'scheduled', capacity: 300, lateAfterMinutes: 15,
    },
    villages: [], roster: [], materials: [], checkinSecret: 'c2VjcmV0', checkedIn: [],
    generatedAt: '2026-12-01T00:00:00.000Z', expiresAt,
  };
}

/** A server that answers like the real one: created once per item id, then duplicate. */
function fakeServer() {
  const seen = new Set<string>();
  const bodies: SyncBody[] = [];
  const send: SendBatch = async (body) => {
    bodies.push(body);
    return { results: body.items.map((item) => ({ id: item.id, result: seen.has(item.id) ? 'duplicate' : (seen.add(item.id), 'created') })) };
  };
  return { send, bodies, seen };
}

beforeEach(() => {
  forgetOfflineDbConnection();
});
afterEach(async () => {
  (await offlineDb()).close();
  forgetOfflineDbConnection();
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(OFFLINE_DB_NAME);
    request.onsuccess = () => resolve();
  });
});

describe('syncQueue', () => {
  it('sends a secretary\'s work day in the same queue, and ticks only check-ins in their session', async () => {
    const db = await offlineDb();
    await storeSession(db, { sessionId: SESSION, userId: 'u1', data: offlineSession('2099-01-01T00:00:00.000Z'), downloadedAt: '', bytes: 0, durationMs: 0 });
    const id = crypto.randomUUID();
    const workDay: QueuedWorkDay = {
      id, userId: 'u1', queuedAt: '2026-12-01T01:00:00.000Z', state: 'pending',
      item: { kind: 'work_day', id, villageId: SESSION, workDate: '2026-12-01', activities: ['meeting'], note: '村民大会', householdNos: [], sessionId: SESSION },
    };
    const checkin = entry(1);
    await enqueue(db, [workDay, checkin]);
    const server = fakeServer();
    expect(await syncQueue(db, 'u1', server.send)).toEqual({ kind: 'done', sent: 2 });
    expect(server.bodies[0]!.items.map((item) => item.id)).toEqual([id, checkin.id]);
    expect(await queuedFor(db, 'u1')).toEqual([]);
    const [stored] = await sessionsFor(db, 'u1');
    expect(stored!.data.checkedIn.map((row) => row.farmerId)).toEqual([checkin.item.farmerId]);
  });

  it('sends 1,201 check-ins in batches of at most 500 and empties the queue only as they are answered', async () => {
    const db = await offlineDb();
    await enqueue(db, Array.from({ length: 1201 }, (_, i) => entry(i)));
    const server = fakeServer();
    const outcome = await syncQueue(db, 'u1', server.send);
    expect(outcome).toEqual({ kind: 'done', sent: 1201 });
    expect(server.bodies.map((b) => b.items.length)).toEqual([500, 500, 201]);
    expect(new Set(server.bodies.map((b) => b.deviceId)).size).toBe(1);
    expect(server.bodies[0]!.deviceId).toBe((await deviceFacts(db)).deviceId);
    expect(await queuedFor(db, 'u1')).toEqual([]);
    expect((await deviceFacts(db)).lastSyncAt?.u1).toBeDefined();
  });

  it('keeps everything when the network fails or the cookie expired, and sends it later', async () => {
    const db = await offlineDb();
    await enqueue(db, [entry(1), entry(2)]);
    expect(await syncQueue(db, 'u1', () => Promise.reject({ status: 0 }))).toEqual({ kind: 'offline', sent: 0 });
    expect(await syncQueue(db, 'u1', () => Promise.reject({ status: 401 }))).toEqual({ kind: 'unauthenticated', sent: 0 });
    expect(await syncQueue(db, 'u1', () => Promise.reject({ status: 503 }))).toEqual({ kind: 'failed', sent: 0, status: 503 });
    expect(await queuedFor(db, 'u1')).toHaveLength(2);
    const server = fakeServer();
    expect(await syncQueue(db, 'u1', server.send)).toEqual({ kind: 'done', sent: 2 });
    expect(await queuedFor(db, 'u1')).toEqual([]);
  });

  it('keeps rejected items with their reason and items the reply left out', async () => {
    const db = await offlineDb();
    const [a, b, c] = [entry(1), entry(2), entry(3)];
    await enqueue(db, [a!, b!, c!]);
    let calls = 0;
    const outcome = await syncQueue(db, 'u1', async (body) => {
      calls++;
      // The first reply answers two of three; the second answers the last.
      if (calls === 1) return { results: [{ id: a!.id, result: 'rejected', reason: 'session_cancelled' }, { id: b!.id, result: 'merged' }] };
      return { results: body.items.map((item) => ({ id: item.id, result: 'created' as const })) };
    });
    expect(outcome).toEqual({ kind: 'done', sent: 3 });
    const left = await queuedFor(db, 'u1');
    expect(left).toEqual([{ ...a, state: 'rejected', reason: 'session_cancelled' }]);
  });

  it("sends only the signed-in trainer's items", async () => {
    const db = await offlineDb();
    await enqueue(db, [entry(1, 'u1'), entry(2, 'u2')]);
    const server = fakeServer();
    await syncQueue(db, 'u1', server.send);
    expect(server.bodies.flatMap((b) => b.items)).toHaveLength(1);
    expect(await queuedFor(db, 'u2')).toHaveLength(1);
  });

  it('ticks acknowledged farmers in the downloaded session', async () => {
    const db = await offlineDb();
    await storeSession(db, { sessionId: SESSION, userId: 'u1', data: offlineSession('2999-01-01T00:00:00.000Z'), downloadedAt: '', bytes: 1, durationMs: 1 });
    const one = entry(7);
    await enqueue(db, [one]);
    await syncQueue(db, 'u1', fakeServer().send);
    const [stored] = await sessionsFor(db, 'u1');
    expect(stored!.data.checkedIn).toEqual([{ farmerId: one.item.farmerId, status: 'present', checkedInAt: one.item.checkedInAt }]);
  });
});

describe('the offline store', () => {
  it('makes the device id once', async () => {
    const db = await offlineDb();
    const first = await deviceFacts(db);
    expect(first.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await deviceFacts(db)).deviceId).toBe(first.deviceId);
  });

  it('drops expired sessions and, on sign-out, everything but the unsynced check-ins', async () => {
    const db = await offlineDb();
    await storeSession(db, { sessionId: SESSION, userId: 'u1', data: offlineSession('2000-01-01T00:00:00.000Z'), downloadedAt: '', bytes: 1, durationMs: 1 });
    await storeSession(db, { sessionId: 'other', userId: 'u1', data: offlineSession('2999-01-01T00:00:00.000Z'), downloadedAt: '', bytes: 1, durationMs: 1 });
    expect((await sessionsFor(db, 'u1')).map((s) => s.sessionId)).toEqual(['other']);
    const waiting = entry(1);
    await enqueue(db, [waiting, { ...entry(2), state: 'rejected', reason: 'session_cancelled' }]);
    await wipeOnSignOut(db);
    expect(await sessionsFor(db, 'u1')).toEqual([]);
    expect(await queuedFor(db, 'u1')).toEqual([waiting]);
  });
});

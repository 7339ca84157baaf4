// Sends the queue to POST /api/v1/checkins/sync, batch after batch, and applies the answers.
// The page and the service worker both run it (they bring their own way to send); a Web Lock
// keeps the two from sending the same batch at once (a repeat would be harmless anyway: the
// server answers `duplicate` for an id it has seen).
import type { SyncItemResult } from '@fieldschool/contracts';
import { deviceFacts, isQueuedCheckin, queuedFor, updateDeviceFacts, type OfflineDb, type QueuedCheckin, type QueuedEntry } from './db.ts';
import { nextBatch, settle } from './queue.ts';

export interface SyncBody {
  deviceId: string;
  items: QueuedEntry['item'][];
}

/** Sends one batch; throws something with a `status` (0 for no network) when it fails. */
export type SendBatch = (body: SyncBody) => Promise<{ results: SyncItemResult[] }>;

export type SyncOutcome =
  | { kind: 'done'; sent: number }
  | { kind: 'offline'; sent: number }
  | { kind: 'unauthenticated'; sent: number }
  | { kind: 'failed'; sent: number; status: number };

export const SYNC_LOCK = 'fieldschool-checkin-sync';

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : 0;
}

/** Runs `work` holding the sync lock where the browser has Web Locks (page and worker alike). */
export function withSyncLock<T>(work: () => Promise<T>): Promise<T> {
  // The same Web Locks in a page and in the worker; a test environment may have none.
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  return locks ? (locks.request(SYNC_LOCK, work) as Promise<T>) : work();
}

/** Applies one batch's answers in one transaction, and ticks the acknowledged farmers in their session. */
async function applyAnswers(db: OfflineDb, userId: string, batch: readonly QueuedEntry[], results: SyncItemResult[]): Promise<number> {
  const { acknowledged, rejected } = settle(batch, results);
  const tx = db.transaction(['queue', 'sessions', 'device'], 'readwrite');
  const queue = tx.objectStore('queue');
  const sessions = tx.objectStore('sessions');
  for (const entry of acknowledged) await queue.delete(entry.id);
  for (const entry of rejected) await queue.put(entry);
  const bySession = new Map<string, QueuedCheckin[]>();
  for (const entry of acknowledged.filter(isQueuedCheckin)) bySession.set(entry.sessionId, [...(bySession.get(entry.sessionId) ?? []), entry]);
  for (const [sessionId, entries] of bySession) {
    const stored = await sessions.get(sessionId);
    if (!stored) continue;
    const known = new Set(stored.data.checkedIn.map((row) => row.farmerId));
    for (const { item } of entries) {
      const farmerId = item.farmerId ?? item.provisionalFarmer?.id;
      if (farmerId && !known.has(farmerId)) {
        known.add(farmerId);
        stored.data.checkedIn.push({ farmerId, status: item.status, checkedInAt: item.checkedInAt });
      }
    }
    await sessions.put(stored);
  }
  const device = tx.objectStore('device');
  const facts = (await device.get('device'))!;
  await device.put({ ...facts, lastSyncAt: { ...facts.lastSyncAt, [userId]: new Date().toISOString() } }, 'device');
  await tx.done;
  return acknowledged.length + rejected.length;
}

/** Sends every pending item of this user, at most 500 a request, until none wait or the network fails. */
export async function syncQueue(db: OfflineDb, userId: string, send: SendBatch): Promise<SyncOutcome> {
  return withSyncLock(async () => {
    const { deviceId } = await deviceFacts(db);
    let sent = 0;
    for (;;) {
      const batch = nextBatch(await queuedFor(db, userId));
      if (batch.length === 0) {
        if (sent === 0) await updateDeviceFacts(db, (facts) => ({ ...facts, lastSyncAt: { ...facts.lastSyncAt, [userId]: new Date().toISOString() } }));
        return { kind: 'done', sent };
      }
      let results: SyncItemResult[];
      try {
        ({ results } = await send({ deviceId, items: batch.map((entry) => entry.item) }));
      } catch (error) {
        const status = statusOf(error);
        if (status === 0) return { kind: 'offline', sent };
        if (status === 401) return { kind: 'unauthenticated', sent };
        return { kind: 'failed', sent, status };
      }
      const answered = await applyAnswers(db, userId, batch, results);
      sent += answered;
      // A reply that answered nothing would loop for ever: try again later instead.
      if (answered === 0) return { kind: 'failed', sent, status: 200 };
    }
  });
}

// The phone's own store for work done with no network (IndexedDB through idb 8, 1.4 kB):
// sessions taken offline, the queue of items (check-ins, secretaries' work days) not yet
// acknowledged by the server, and a few facts about the device. Used by the page and by the service worker (Background Sync), so nothing here
// may touch the DOM.
import type { CheckinItem, OfflineSession, WorkDaySyncItem } from '@fieldschool/contracts';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** A session downloaded with "Take offline", and what the download cost. */
export interface StoredSession {
  sessionId: string;
  /** Who downloaded it: a roster is shown only to the trainer who took it. */
  userId: string;
  data: OfflineSession;
  downloadedAt: string;
  bytes: number;
  durationMs: number;
}

/** What every queued item has: it leaves the store only once the server answered it. */
interface QueuedBase {
  id: string;
  /** Who recorded it: sent only under their session cookie. */
  userId: string;
  queuedAt: string;
  /** `rejected` items stay, with the server's reason, until the person who recorded them dismisses them. */
  state: 'pending' | 'rejected';
  reason?: string;
}

/** One check-in on its way to the server. */
export interface QueuedCheckin extends QueuedBase {
  sessionId: string;
  item: CheckinItem;
  /** For the page's lists; the server is sent ids only (or the walk-in's own fields). */
  farmerName: string;
}

/** A secretary's work day on its way to the server (it names no session of the store). */
export interface QueuedWorkDay extends QueuedBase {
  item: WorkDaySyncItem;
}

export type QueuedEntry = QueuedCheckin | QueuedWorkDay;

export function isQueuedCheckin(entry: QueuedEntry): entry is QueuedCheckin {
  return entry.item.kind !== 'work_day';
}

export interface DeviceFacts {
  deviceId: string;
  /** The last trainer signed in on this phone: an offline reload opens their check-in pages. */
  lastUser?: { id: string; displayName: string };
  /** When each user's queue last reached the server (ISO), by user id. */
  lastSyncAt?: Record<string, string>;
}

interface OfflineSchema extends DBSchema {
  sessions: { key: string; value: StoredSession };
  queue: { key: string; value: QueuedEntry; indexes: { byUser: string; bySession: string } };
  device: { key: 'device'; value: DeviceFacts };
}

export type OfflineDb = IDBPDatabase<OfflineSchema>;

export const OFFLINE_DB_NAME = 'fieldschool-offline';

let opened: Promise<OfflineDb> | null = null;

/** One connection per page or worker; a newer version in another tab closes this one. */
export function offlineDb(): Promise<OfflineDb> {
  opened ??= openDB<OfflineSchema>(OFFLINE_DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('sessions', { keyPath: 'sessionId' });
      const queue = db.createObjectStore('queue', { keyPath: 'id' });
      queue.createIndex('byUser', 'userId');
      queue.createIndex('bySession', 'sessionId');
      db.createObjectStore('device');
    },
    blocking() {
      void opened?.then((db) => db.close());
      opened = null;
    },
  });
  return opened;
}

/** Tests start each case from an empty store. */
export function forgetOfflineDbConnection(): void {
  opened = null;
}

/** The phone's id, made once and kept: the audit log names it beside the trainer. */
export async function deviceFacts(db: OfflineDb): Promise<DeviceFacts> {
  const tx = db.transaction('device', 'readwrite');
  let facts = await tx.store.get('device');
  if (!facts) {
    facts = { deviceId: crypto.randomUUID() };
    await tx.store.put(facts, 'device');
  }
  await tx.done;
  return facts;
}

export async function updateDeviceFacts(db: OfflineDb, change: (facts: DeviceFacts) => DeviceFacts): Promise<DeviceFacts> {
  const tx = db.transaction('device', 'readwrite');
  const current = (await tx.store.get('device')) ?? { deviceId: crypto.randomUUID() };
  const next = change(current);
  await tx.store.put(next, 'device');
  await tx.done;
  return next;
}

/** Written in one transaction: an item the screen confirmed is on disk. */
export async function enqueue(db: OfflineDb, entries: QueuedEntry[]): Promise<void> {
  const tx = db.transaction('queue', 'readwrite');
  await Promise.all([...entries.map((entry) => tx.store.put(entry)), tx.done]);
}

export function queuedFor(db: OfflineDb, userId: string): Promise<QueuedEntry[]> {
  return db.getAllFromIndex('queue', 'byUser', userId);
}

export async function storeSession(db: OfflineDb, session: StoredSession): Promise<void> {
  await db.put('sessions', session);
}

/**
 * Sessions past their expiry are dropped when read; their check-ins stay in the queue.
 * Returns the ones still valid for this user.
 */
export async function sessionsFor(db: OfflineDb, userId: string, now = new Date()): Promise<StoredSession[]> {
  const tx = db.transaction('sessions', 'readwrite');
  const kept: StoredSession[] = [];
  for (const stored of await tx.store.getAll()) {
    if (Date.parse(stored.data.expiresAt) <= now.getTime()) await tx.store.delete(stored.sessionId);
    else if (stored.userId === userId) kept.push(stored);
  }
  await tx.done;
  return kept;
}

/**
 * Sign-out: the rosters and answered (rejected) items go; check-ins the server has not yet
 * acknowledged stay, to be sent when their trainer signs in again.
 */
export async function wipeOnSignOut(db: OfflineDb): Promise<void> {
  const tx = db.transaction(['sessions', 'queue'], 'readwrite');
  await tx.objectStore('sessions').clear();
  const queue = tx.objectStore('queue');
  for (const entry of await queue.getAll()) if (entry.state !== 'pending') await queue.delete(entry.id);
  await tx.done;
}

import type { AttendanceStatus, CheckInMethod, CheckinItem, OfflineRosterEntry, ProvisionalFarmer } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import * as checkinsApi from '@/api/checkins.ts';
import { CHECKIN_SYNCED_MESSAGE, requestBackgroundSync } from '@/offline/background-sync.ts';
import {
  deviceFacts, enqueue, isQueuedCheckin, offlineDb, queuedFor, sessionsFor, storeSession, updateDeviceFacts,
  type QueuedCheckin, type StoredSession,
} from '@/offline/db.ts';
import { queueSummary, retryDelayMs } from '@/offline/queue.ts';
import { syncQueue, type SyncOutcome } from '@/offline/sync.ts';
import { useSessionStore } from './session.ts';

/** Ticks close together go in one request: wait this long after the last one. */
const SEND_AFTER_MS = 1500;

/**
 * The check-in page's state over the offline store (src/offline/db.ts): the sessions taken
 * offline, the queue, and when it last reached the server. IndexedDB is the truth; this store
 * mirrors it for the screen and starts syncs (online events, retries with backoff, Background
 * Sync where there is one).
 */
export const useCheckinStore = defineStore('checkin', () => {
  const account = useSessionStore();
  const sessions = shallowRef<StoredSession[]>([]);
  const queue = shallowRef<QueuedCheckin[]>([]);
  const lastSyncAt = ref<string | null>(null);
  const deviceId = ref<string | null>(null);
  /** The trainer the queue belongs to: the signed-in one, or offline the last one on this phone. */
  const userId = ref<string | null>(null);
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
  const syncing = ref(false);
  /** The cookie expired while offline: the queue waits for the trainer to sign in again. */
  const needsSignIn = ref(false);
  const lastOutcome = ref<SyncOutcome | null>(null);

  const summary = computed(() => queueSummary(queue.value));

  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let sendTimer: ReturnType<typeof setTimeout> | undefined;
  let listening = false;

  async function refresh(): Promise<void> {
    if (!userId.value) return;
    const db = await offlineDb();
    const [stored, waiting, facts] = await Promise.all([sessionsFor(db, userId.value), queuedFor(db, userId.value), deviceFacts(db)]);
    sessions.value = stored;
    queue.value = waiting.filter(isQueuedCheckin);
    deviceId.value = facts.deviceId;
    lastSyncAt.value = facts.lastSyncAt?.[userId.value] ?? null;
  }

  /** Who the page works for; remembered, so an offline reload opens the same trainer's pages. */
  async function identify(): Promise<void> {
    const db = await offlineDb();
    if (account.user) {
      const { id, displayName } = account.user;
      userId.value = id;
      await updateDeviceFacts(db, (facts) => ({ ...facts, lastUser: { id, displayName } }));
    } else {
      userId.value = (await deviceFacts(db)).lastUser?.id ?? null;
    }
    await refresh();
  }

  function sessionOf(sessionId: string): StoredSession | undefined {
    return sessions.value.find((stored) => stored.sessionId === sessionId);
  }

  /** "Take offline": downloads the session and its roster, and says how large and how long. */
  async function takeOffline(sessionId: string): Promise<StoredSession> {
    if (!account.user) throw new Error('take offline needs a signed-in trainer');
    const started = performance.now();
    const data = await checkinsApi.getOfflineSession(sessionId);
    const stored: StoredSession = {
      sessionId,
      userId: account.user.id,
      data,
      downloadedAt: new Date().toISOString(),
      bytes: new TextEncoder().encode(JSON.stringify(data)).length,
      durationMs: Math.round(performance.now() - started),
    };
    await storeSession(await offlineDb(), stored);
    await refresh();
    return stored;
  }

  function newItem(sessionId: string, status: AttendanceStatus, method: CheckInMethod, farmer: { farmerId?: string; provisionalFarmer?: ProvisionalFarmer }): CheckinItem {
    return { kind: 'checkin', id: crypto.randomUUID(), sessionId, status, method, checkedInAt: new Date().toISOString(), ...farmer };
  }

  /** On disk first, then on screen; the network comes later. */
  async function record(sessionId: string, farmerName: string, item: CheckinItem): Promise<QueuedCheckin> {
    if (!userId.value) throw new Error('check-in needs a known trainer');
    const entry: QueuedCheckin = { id: item.id, userId: userId.value, sessionId, item, farmerName, queuedAt: new Date().toISOString(), state: 'pending' };
    await enqueue(await offlineDb(), [entry]);
    queue.value = [...queue.value, entry];
    scheduleSend(SEND_AFTER_MS);
    void requestBackgroundSync();
    return entry;
  }

  function checkIn(sessionId: string, farmer: Pick<OfflineRosterEntry, 'id' | 'name'>, status: AttendanceStatus, method: CheckInMethod): Promise<QueuedCheckin> {
    return record(sessionId, farmer.name, newItem(sessionId, status, method, { farmerId: farmer.id }));
  }

  /** A walk-in: a provisional farmer with an id made here, registered with their check-in. */
  function checkInWalkIn(sessionId: string, farmer: Omit<ProvisionalFarmer, 'id'>, status: AttendanceStatus): Promise<QueuedCheckin> {
    const provisionalFarmer: ProvisionalFarmer = { id: crypto.randomUUID(), ...farmer };
    return record(sessionId, farmer.name, newItem(sessionId, status, 'walk_in', { provisionalFarmer }));
  }

  /** The trainer read a rejected check-in's reason and lets it go. */
  async function dismiss(id: string): Promise<void> {
    const db = await offlineDb();
    const entry = await db.get('queue', id);
    if (entry?.state === 'rejected') await db.delete('queue', id);
    queue.value = queue.value.filter((item) => item.id !== id);
  }

  function scheduleSend(delayMs: number): void {
    clearTimeout(sendTimer);
    sendTimer = setTimeout(() => void syncNow(), delayMs);
  }

  async function syncNow(): Promise<SyncOutcome | null> {
    clearTimeout(retryTimer);
    clearTimeout(sendTimer);
    // Offline the queue waits for the online event; trying would only fail.
    if (syncing.value || !navigator.onLine) return null;
    if (!account.user) {
      // Opened offline: ask again who is signed in before sending under their cookie.
      await account.restoreAgain().catch(() => undefined);
      if (!account.user) {
        needsSignIn.value = account.reachable && summary.value.waiting > 0;
        if (!account.reachable) retryLater();
        return null;
      }
      await identify();
    }
    if (summary.value.waiting === 0) return null;
    syncing.value = true;
    try {
      const outcome = await syncQueue(await offlineDb(), account.user.id, checkinsApi.syncCheckins);
      lastOutcome.value = outcome;
      needsSignIn.value = outcome.kind === 'unauthenticated';
      if (outcome.kind === 'offline' || outcome.kind === 'failed') retryLater();
      else failures = 0;
      return outcome;
    } finally {
      syncing.value = false;
      await refresh();
      // Ticked while the last batch was on its way.
      if (lastOutcome.value?.kind === 'done' && summary.value.waiting > 0) scheduleSend(SEND_AFTER_MS);
    }
  }

  function retryLater(): void {
    failures++;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void syncNow(), retryDelayMs(failures, Math.random()));
  }

  function onOnline(): void {
    online.value = true;
    failures = 0;
    void syncNow();
  }
  function onOffline(): void {
    online.value = false;
  }
  function onWorkerMessage(event: MessageEvent): void {
    if ((event.data as { type?: string } | null)?.type === CHECKIN_SYNCED_MESSAGE) void refresh();
  }

  /** The page listens while it is open; the service worker's Background Sync covers the rest. */
  function listen(): void {
    if (listening) return;
    listening = true;
    online.value = navigator.onLine;
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    navigator.serviceWorker?.addEventListener('message', onWorkerMessage);
  }

  function stopListening(): void {
    listening = false;
    clearTimeout(retryTimer);
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    navigator.serviceWorker?.removeEventListener('message', onWorkerMessage);
  }

  /** Forgets the screen's copy only: what IndexedDB holds is the phone's, not this page's. */
  function $reset(): void {
    stopListening();
    clearTimeout(sendTimer);
    sessions.value = [];
    queue.value = [];
    lastSyncAt.value = null;
    userId.value = null;
    needsSignIn.value = false;
    lastOutcome.value = null;
    failures = 0;
  }

  return {
    sessions,
    queue,
    lastSyncAt,
    deviceId,
    userId,
    online,
    syncing,
    needsSignIn,
    lastOutcome,
    summary,
    identify,
    refresh,
    sessionOf,
    takeOffline,
    checkIn,
    checkInWalkIn,
    dismiss,
    syncNow,
    listen,
    stopListening,
    $reset,
  };
});

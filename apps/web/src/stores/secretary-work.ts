import type { CreateWorkDay, WorkDayMonth } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import * as checkinsApi from '@/api/checkins.ts';
import * as secretariesApi from '@/api/secretaries.ts';
import { CHECKIN_SYNCED_MESSAGE, requestBackgroundSync } from '@/offline/background-sync.ts';
import { enqueue, offlineDb, queuedFor, type QueuedEntry, type QueuedWorkDay } from '@/offline/db.ts';
import { retryDelayMs } from '@/offline/queue.ts';
import { syncQueue, type SyncOutcome } from '@/offline/sync.ts';
import { useSessionStore } from './session.ts';

const isWorkDay = (entry: QueuedEntry): entry is QueuedWorkDay => entry.item.kind === 'work_day';

/**
 * A secretary's month of work days: the log shown on "my work", and the entries added to it.
 * A new entry goes through the phone's offline queue as check-ins do (src/offline): it is on
 * the phone once saved, with an id made here, and leaves the queue only when the server
 * answered it; with no network it waits for the next online event, a retry, or Background Sync.
 */
export const useSecretaryWorkStore = defineStore('secretary-work', () => {
  const account = useSessionStore();
  const month = ref<WorkDayMonth | null>(null);
  /** Entries on this phone the server has not taken yet: waiting, or answered rejected (with the reason). */
  const queued = shallowRef<QueuedWorkDay[]>([]);
  let monthKey: string | null = null;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  async function load(key: string, signal?: AbortSignal): Promise<WorkDayMonth> {
    monthKey = key;
    month.value = await secretariesApi.listWorkDays({ month: key }, signal);
    await refreshQueued();
    return month.value;
  }

  async function refreshQueued(): Promise<void> {
    const userId = account.user?.id;
    queued.value = userId ? (await queuedFor(await offlineDb(), userId)).filter(isWorkDay) : [];
  }

  /** Saves the entry on the phone, then sends the queue; answers whether it reached the server. */
  async function record(entry: CreateWorkDay): Promise<'sent' | 'queued'> {
    const userId = account.user!.id;
    // As JSON, the form it is sent in: IndexedDB cannot clone the form's reactive arrays.
    const item = { kind: 'work_day' as const, ...(JSON.parse(JSON.stringify(entry)) as CreateWorkDay) };
    await enqueue(await offlineDb(), [{ id: entry.id, userId, item, queuedAt: new Date().toISOString(), state: 'pending' }]);
    await refreshQueued();
    void requestBackgroundSync();
    const outcome = await send();
    return outcome?.kind === 'done' && !queued.value.some((q) => q.id === entry.id && q.state === 'pending') ? 'sent' : 'queued';
  }

  async function send(): Promise<SyncOutcome | null> {
    clearTimeout(retryTimer);
    const userId = account.user?.id;
    if (!userId || !navigator.onLine) return null;
    const outcome = await syncQueue(await offlineDb(), userId, checkinsApi.syncCheckins);
    await refreshQueued();
    if (outcome.kind === 'offline' || outcome.kind === 'failed') {
      failures += 1;
      retryTimer = setTimeout(() => void send(), retryDelayMs(failures, Math.random()));
    } else failures = 0;
    if (outcome.sent > 0 && monthKey) month.value = await secretariesApi.listWorkDays({ month: monthKey });
    return outcome;
  }

  /** The secretary read a rejected entry's reason and lets it go. */
  async function dismiss(id: string): Promise<void> {
    const db = await offlineDb();
    const entry = await db.get('queue', id);
    if (entry?.state === 'rejected') await db.delete('queue', id);
    await refreshQueued();
  }

  const onOnline = () => {
    failures = 0;
    void send();
  };
  const onWorkerMessage = (event: MessageEvent) => {
    if ((event.data as { type?: string } | null)?.type === CHECKIN_SYNCED_MESSAGE) void refreshQueued();
  };

  /** While the page is open: send when the network returns (the service worker covers the rest). */
  function listen(): void {
    window.addEventListener('online', onOnline);
    navigator.serviceWorker?.addEventListener('message', onWorkerMessage);
  }

  function stopListening(): void {
    clearTimeout(retryTimer);
    window.removeEventListener('online', onOnline);
    navigator.serviceWorker?.removeEventListener('message', onWorkerMessage);
  }

  function $reset(): void {
    stopListening();
    month.value = null;
    queued.value = [];
    monthKey = null;
  }

  return { month, queued, load, record, send, dismiss, listen, stopListening, $reset };
});

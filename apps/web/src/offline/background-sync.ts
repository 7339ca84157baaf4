// Background Sync, where the browser has it (Chromium on Android): the service worker is
// woken to send the queue when the network returns, even with the page closed. Elsewhere
// the page's own online events and retries do the same while it is open.

export const CHECKIN_SYNC_TAG = 'checkin-sync';
/** What the worker tells open pages after it sent the queue, so they re-read their counts. */
export const CHECKIN_SYNCED_MESSAGE = 'checkin-synced';

interface SyncManager {
  register(tag: string): Promise<void>;
}

/** Asks for a background sync; quietly nothing where the browser lacks it or no worker runs. */
export async function requestBackgroundSync(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  try {
    const registration = (await Promise.race([
      navigator.serviceWorker.ready,
      new Promise<undefined>((resolve) => setTimeout(resolve, 1000, undefined)),
    ])) as (ServiceWorkerRegistration & { sync?: SyncManager }) | undefined;
    await registration?.sync?.register(CHECKIN_SYNC_TAG);
  } catch {
    // no permission or no support: the page's retries carry on
  }
}

// The service worker (vite-plugin-pwa's injectManifest, Workbox 7): the built app is
// precached, so the shell and the check-in page open with no network after one visit, and
// every navigation outside /api gets the cached index.html. Nothing under /api is ever
// cached here: the only personal data kept on the phone is what the check-in store keeps in
// IndexedDB. Background Sync wakes it to send the check-in queue when the network is back.
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CHECKIN_SYNC_TAG, CHECKIN_SYNCED_MESSAGE } from '../offline/background-sync.ts';
import { offlineDb } from '../offline/db.ts';
import { syncQueue, type SendBatch } from '../offline/sync.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

// A new build takes over at once: its files are precached before it activates, and the
// hashed files of the old one stay valid for pages already open.
self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

/** The worker has no page state: it asks the api who is signed in (the cookie) and for the CSRF token. */
async function syncFromWorker(): Promise<void> {
  const who = await fetch('/api/v1/auth/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!who.ok) return; // signed out or offline: the page sends the queue after the next sign-in
  const { user, csrfToken } = (await who.json()) as { user: { id: string }; csrfToken: string };
  const send: SendBatch = async (body) => {
    const response = await fetch('/api/v1/checkins/sync', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw { status: response.status };
    return response.json();
  };
  const outcome = await syncQueue(await offlineDb(), user.id, send);
  for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage({ type: CHECKIN_SYNCED_MESSAGE, outcome });
  // Still offline: failing the event asks the browser to try again later.
  if (outcome.kind === 'offline' || outcome.kind === 'failed') throw new Error(`check-in sync: ${outcome.kind}`);
}

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag === CHECKIN_SYNC_TAG) sync.waitUntil(syncFromWorker());
});

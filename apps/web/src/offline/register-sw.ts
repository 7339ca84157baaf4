// Registers the service worker (dist/sw.js) in a production build. Pages call it late, after
// the first page has loaded and settled, so the precache download never competes with it over
// a weak link; the check-in page calls it at once, since it must work offline next time.

let registering: Promise<ServiceWorkerRegistration | null> | null = null;

export function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return Promise.resolve(null);
  registering ??= navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => null);
  return registering;
}

/** After the page's load event and a quiet moment: the app shell is cached for next time. */
export function registerServiceWorkerWhenIdle(delayMs = 3000): void {
  const later = () => setTimeout(() => void registerServiceWorker(), delayMs);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}

/** True once a worker controls this page, i.e. the next load works with no network. */
export async function offlineReady(timeoutMs = 30_000): Promise<boolean> {
  if ((await registerServiceWorker()) === null) return false;
  const ready = navigator.serviceWorker.ready.then(() => true);
  const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, timeoutMs, false));
  return Promise.race([ready, timeout]);
}

/// <reference lib="dom" />
// checkin-phone: the trainer's phone at a session (issue 8), in headless Chromium at 360 px.
//  1. the JavaScript the check-in page loads, gzipped, from Vite's manifest (goal < 250 kB; the
//     QR decoder is counted apart: it loads when the camera opens), beside the policy search
//     page's, the first page most people open;
//  2. first load of the check-in page, cold cache, with the network throttled through the
//     DevTools protocol to 1.6 Mbit/s and 150 ms latency (goal < 5 s), beside the dashboard's
//     first load over the same link;
//  3. a reload with no network at all, from the service worker (goal < 1 s), beside a reload
//     with the network (throttled, HTTP cache warm);
//  4. 1,000 check-ins queued in IndexedDB one transaction each, as the page writes each tick
//     (goal < 1 s), beside the same 1,000 in one transaction;
//  5. (no goal) a tap on the roster until the row shows the farmer checked in, offline, 50 times:
//     the whole path of a tick (IndexedDB write, store, render), without Playwright's clicks.
// The machine is shared and noisy: read the ratios, and run it twice.
import { cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  ROOT, apiEntry, fmt, killLeftovers, processesUnder, removeDir, startApi, tempDir, waitGone, withCleanup, type ApiProcess,
} from './lib/server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_DIST = path.join(ROOT, 'apps/web/dist');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const QUEUED = 1000;
const GOALS = { jsBytes: 250_000, firstLoadMs: 5000, offlineReloadMs: 1000, queueMs: 1000 };
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const kB = (bytes: number) => `${fmt(bytes / 1000)} kB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}

/** The files a page loads before it shows: the entry's static imports and the route's, transitively. */
function staticClosure(manifest: Record<string, ManifestChunk>, keys: string[]): Set<string> {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const next of chunk.imports ?? []) visit(next);
  };
  keys.forEach(visit);
  return files;
}

function gzipped(files: Iterable<string>): number {
  let total = 0;
  for (const file of files) {
    const gz = path.join(WEB_DIST, `${file}.gz`);
    total += existsSync(gz) ? statSync(gz).size : gzipSync(readFileSync(path.join(WEB_DIST, file)), { level: 9 }).length;
  }
  return total;
}

function javascriptSizes(): { checkin: number; search: number; decoder: number } {
  const manifest = JSON.parse(readFileSync(path.join(WEB_DIST, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry)!;
  const shell = 'src/components/app/AppShell.vue';
  const js = (keys: string[]) => gzipped([...staticClosure(manifest, keys)].filter((file) => file.endsWith('.js')));
  const decoderKey = Object.keys(manifest).find((key) => key.includes('qr-scanner/qr-scanner.min.js'));
  const workerFile = [...Object.values(manifest)].map((c) => c.file).find((file) => file.includes('qr-scanner-worker'));
  const decoderFiles = [decoderKey ? manifest[decoderKey]!.file : null, workerFile ?? null].filter((f): f is string => f !== null);
  // The router loads a page's message areas (meta.messages in src/router/index.ts) before it shows, in zh-CN, the default.
  const messages = (...areas: string[]) => areas.map((area) => `src/locales/zh-CN/${area}.ts`).filter((key) => key in manifest);
  return {
    checkin: js([entry, shell, 'src/views/CheckinView.vue', ...messages('checkin', 'farmers')]),
    search: js([entry, shell, 'src/views/LibrarySearchView.vue', ...messages('library')]),
    decoder: gzipped(decoderFiles),
  };
}

async function signIn(baseUrl: string, username: string, password: string): Promise<{ cookie: string; csrf: string; userId: string }> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status}`);
  const body = (await response.json()) as { csrfToken: string; user: { id: string } };
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('fs_session='))!.split(';')[0]!;
  return { cookie, csrf: body.csrfToken, userId: body.user.id };
}

/** A session under way now, taught by the trainer, inviting 20 villages (a few hundred farmers). */
async function sessionNow(baseUrl: string, admin: { cookie: string; csrf: string }, trainerId: string): Promise<string> {
  const get = async <T>(url: string) => (await (await fetch(`${baseUrl}${url}`, { headers: { cookie: admin.cookie } })).json()) as T;
  const course = (await get<{ items: Array<{ id: string }> }>('/api/v1/courses?limit=1')).items[0]!;
  const villages = (await get<{ items: Array<{ id: string }> }>('/api/v1/org-units?level=village')).items.slice(0, 20).map((v) => v.id);
  const response = await fetch(`${baseUrl}/api/v1/sessions`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({
      courseId: course.id, villageId: villages[0], venue: '村委会', trainerIds: [trainerId], capacity: 2000, targetVillageIds: villages,
      startsAt: new Date(Date.now() - 30 * 60_000).toISOString(), endsAt: new Date(Date.now() + 90 * 60_000).toISOString(),
      override: { reason: 'bench: a session under way now' },
    }),
  });
  if (response.status !== 201) throw new Error(`create session: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { sessions: Array<{ id: string }> }).sessions[0]!.id;
}

async function phoneContext(browser: Browser, baseUrl: string, cookie: string): Promise<BrowserContext> {
  const context = await browser.newContext(PHONE);
  const eq = cookie.indexOf('=');
  await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: baseUrl }]);
  // tsx (esbuild, keepNames) wraps the named functions inside page.evaluate callbacks in __name(): give the page one.
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  return context;
}

async function throttle(page: Page, offline = false): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { ...NETWORK, offline });
}

/** Milliseconds from the start of the navigation until `selector` is on screen. */
async function timeTo(page: Page, url: string | null, selector: string): Promise<number> {
  const t0 = Date.now();
  if (url) await page.goto(url, { waitUntil: 'commit' });
  else await page.reload({ waitUntil: 'commit' });
  await page.waitForSelector(selector, { timeout: 60_000 });
  return Date.now() - t0;
}

/** 1,000 entries shaped as the page queues them (src/offline/db.ts), one transaction each, then all in one. */
async function queueTimes(page: Page, sessionId: string, userId: string): Promise<{ each: number; one: number }> {
  return page.evaluate(
    async ({ count, sessionId, userId }) => {
      const open = () =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('fieldschool-offline');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const db = await open();
      const entry = () => {
        const id = crypto.randomUUID();
        const checkedInAt = new Date().toISOString();
        return {
          id, userId, sessionId, farmerName: '泽仁拉姆', queuedAt: checkedInAt, state: 'pending',
          item: { kind: 'checkin', id, sessionId, farmerId: crypto.randomUUID(), status: 'present', method: 'roster', checkedInAt },
        };
      };
      const done = (tx: IDBTransaction) => new Promise<void>((resolve, reject) => ((tx.oncomplete = () => resolve()), (tx.onerror = () => reject(tx.error))));
      const t0 = performance.now();
      for (let i = 0; i < count; i++) {
        const tx = db.transaction('queue', 'readwrite');
        tx.objectStore('queue').put(entry());
        await done(tx);
      }
      const each = performance.now() - t0;
      const t1 = performance.now();
      const tx = db.transaction('queue', 'readwrite');
      for (let i = 0; i < count; i++) tx.objectStore('queue').put(entry());
      await done(tx);
      const one = performance.now() - t1;
      // Leave the phone's queue as it was.
      const clear = db.transaction('queue', 'readwrite');
      clear.objectStore('queue').clear();
      await done(clear);
      db.close();
      return { each, one };
    },
    { count: QUEUED, sessionId, userId },
  );
}

/** Taps the first unticked row 50 times inside the page and times each until its row shows the tick. */
async function tickTimes(page: Page): Promise<number[]> {
  return page.evaluate(async (count) => {
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const button = document.querySelector<HTMLButtonElement>('[data-testid="checkin-tick"]');
      if (!button) break;
      const row = button.closest('[data-testid="checkin-row"]')!;
      const t0 = performance.now();
      button.click();
      while (!row.querySelector('[data-testid="checkin-done"]')) await frame();
      times.push(performance.now() - t0);
    }
    return times;
  }, 50);
}

let api: (ApiProcess & { startMs: number }) | undefined;
let browser: Browser | undefined;
let cleanupEntry = () => {};
const dataDir = tempDir('checkin-phone');
const distCopy = tempDir('checkin-phone-web');

await withCleanup(
  async () => {
    if (!existsSync(path.join(WEB_DIST, '.vite/manifest.json'))) {
      throw new Error(`no built web app with a manifest at ${WEB_DIST} (run: pnpm exec turbo run build --filter=@fieldschool/api --filter=@fieldschool/web)`);
    }
    const sizes = javascriptSizes();
    console.log('checkin-phone: JavaScript before the page shows, gzipped, from .vite/manifest.json');
    console.log(`  check-in page   ${kB(sizes.checkin)}  (QR decoder apart, when the camera opens: ${kB(sizes.decoder)})`);
    console.log(`  search page     ${kB(sizes.search)}`);
    console.log(`  ratio check-in / search: ${fmt(sizes.checkin / sizes.search, 2)}`);
    console.log(`goal JS: < ${kB(GOALS.jsBytes)} → ${sizes.checkin < GOALS.jsBytes ? 'MET' : 'MISSED'}`);

    cpSync(WEB_DIST, distCopy, { recursive: true });
    const built = await apiEntry();
    cleanupEntry = built.cleanup;
    api = await startApi(built.entry, dataDir, { env: { WEB_DIST: distCopy } });
    const admin = await signIn(api.url, 'admin', 'fieldschool-admin');
    const trainer = await signIn(api.url, 'trainer', 'fieldschool-trainer');
    const sessionId = await sessionNow(api.url, admin, trainer.userId);
    const checkinUrl = `${api.url}/schedule/sessions/${sessionId}/checkin`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    console.log(`\nChromium ${browser.version()} at 360 px; ${NETWORK.downloadThroughput * 8 / 1e6} Mbit/s down, ${NETWORK.latency} ms latency; ${ROUNDS} rounds`);

    const first: number[] = [];
    const dashboard: number[] = [];
    const offlineReload: number[] = [];
    const onlineReload: number[] = [];
    const queueEach: number[] = [];
    const queueOne: number[] = [];
    const tick: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Reference: the dashboard, cold, over the same link.
      const reference = await phoneContext(browser, api.url, trainer.cookie);
      const refPage = await reference.newPage();
      await throttle(refPage);
      dashboard.push(await timeTo(refPage, `${api.url}/`, 'h1'));
      await reference.close();

      const context = await phoneContext(browser, api.url, trainer.cookie);
      const page = await context.newPage();
      await throttle(page);
      first.push(await timeTo(page, checkinUrl, '[data-testid="checkin-take-offline"]'));
      await page.click('[data-testid="checkin-take-offline"]');
      await page.waitForSelector('[data-testid="checkin-offline-ready"]', { timeout: 60_000 });
      await page.waitForSelector('[data-testid="checkin-shell"][data-ready="true"]', { timeout: 120_000 });
      const download = (await page.textContent('[data-testid="checkin-offline-ready"]'))?.trim();

      onlineReload.push(await timeTo(page, null, '[data-testid="checkin-roster-count"]'));
      await throttle(page, true);
      await context.setOffline(true);
      offlineReload.push(await timeTo(page, null, '[data-testid="checkin-roster-count"]'));
      const ticks = await tickTimes(page);
      // No figure when the page offers no row to tap (it is not a goal): the median of nothing is not 0.
      if (ticks.length) tick.push(median(ticks));
      await context.setOffline(false);

      const times = await queueTimes(page, sessionId, trainer.userId);
      queueEach.push(times.each);
      queueOne.push(times.one);
      console.log(
        `round ${round}: first load ${fmt(first.at(-1)!, 0)} ms (dashboard ${fmt(dashboard.at(-1)!, 0)} ms); reload offline ${fmt(offlineReload.at(-1)!, 0)} ms ` +
          `(online ${fmt(onlineReload.at(-1)!, 0)} ms); a tap ${ticks.length ? `${fmt(median(ticks), 0)} ms (median of ${ticks.length})` : 'not measured (no row to tap)'}; ${QUEUED} queued ${fmt(times.each, 0)} ms (one transaction ${fmt(times.one, 0)} ms); ${download}`,
      );
      await context.close();
    }

    const m = { first: median(first), dashboard: median(dashboard), offline: median(offlineReload), online: median(onlineReload), each: median(queueEach), one: median(queueOne) };
    console.log(`\nmedians of ${ROUNDS}:`);
    console.log(`  first load of the check-in page  ${fmt(m.first, 0)} ms; dashboard ${fmt(m.dashboard, 0)} ms; ratio ${fmt(m.first / m.dashboard, 2)}`);
    console.log(`  reload offline                   ${fmt(m.offline, 0)} ms; online reload ${fmt(m.online, 0)} ms; ratio ${fmt(m.offline / m.online, 2)}`);
    console.log(`  ${QUEUED} check-ins queued          ${fmt(m.each, 0)} ms; in one transaction ${fmt(m.one, 0)} ms; ratio ${fmt(m.each / m.one, 2)}`);
    console.log(`  a tap on the roster until its row shows the tick: ${fmt(median(tick), 0)} ms (no goal)`);
    console.log(`goal first load: < ${GOALS.firstLoadMs} ms → ${m.first < GOALS.firstLoadMs ? 'MET' : 'MISSED'}`);
    console.log(`goal offline reload: < ${GOALS.offlineReloadMs} ms → ${m.offline < GOALS.offlineReloadMs ? 'MET' : 'MISSED'}`);
    console.log(`goal queue: < ${GOALS.queueMs} ms → ${m.each < GOALS.queueMs ? 'MET' : 'MISSED'}`);
  },
  async () => {
    await browser?.close().catch(() => undefined);
    if (api) {
      const pids = processesUnder(dataDir).map((p) => p.pid);
      await api.stop();
      const left = await waitGone(pids);
      if (left.length > 0) console.error(`killed leftovers: ${killLeftovers(dataDir).join(', ')}`);
    }
    cleanupEntry();
    removeDir(dataDir);
    removeDir(distCopy);
  },
);

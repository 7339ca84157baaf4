/// <reference lib="dom" />
// first-load: a signed-in first secretary opens the policy search page with a query on a
// weak mobile link — Chromium at 360 px, network throttled through the DevTools protocol
// (Network.emulateNetworkConditions: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency), cold
// cache — and we time how long until the first results show and count the bytes moved.
// Measured side by side, alternating, against the same built web app served the old way
// (uncompressed @fastify/static, lib/uncompressed-web-server.ts) with /api forwarded to the
// same api. Goal: under 2.5 s and under 200 kB transferred.
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startUncompressedWebServer, type WebServer } from './lib/uncompressed-web-server.ts';
import {
  ROOT, apiEntry, fmt, killLeftovers, login, processesUnder, removeDir, startApi, tempDir, waitForOutbox, waitGone, withCleanup,
  type ApiProcess,
} from './lib/server.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const QUERY = process.env.BENCH_QUERY ?? '医保';
/** BENCH_LIST=1 prints every response of each load with its size: where the bytes go. */
const LIST = process.env.BENCH_LIST === '1';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_DIST = path.join(ROOT, 'apps/web/dist');
const GOAL_MS = 2500;
const GOAL_BYTES = 200_000;

/** DevTools' "Fast 3G" figures without its correction factors: a village phone on a fair day. */
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const FIRST_HIT = '[data-testid="library-hit"]';

type Kind = 'script' | 'api' | 'document' | 'style' | 'other';
interface Load {
  firstResultsMs: number;
  bytes: Record<Kind, number>;
  requests: number;
}

declare global {
  interface Window {
    __firstResultsAt?: number;
  }
}

function kindOf(type: string | undefined): Kind {
  if (type === 'Script') return 'script';
  if (type === 'XHR' || type === 'Fetch') return 'api';
  if (type === 'Document') return 'document';
  if (type === 'Stylesheet') return 'style';
  return 'other';
}

const total = (bytes: Record<Kind, number>) => Object.values(bytes).reduce((a, b) => a + b, 0);
const kB = (bytes: number) => `${fmt(bytes / 1000)} kB`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** One cold load of the search page in a fresh browser context (empty cache, the session cookie only). */
async function loadSearchPage(browser: Browser, baseUrl: string, cookie: string): Promise<Load> {
  const context = await browser.newContext(PHONE);
  try {
    const eq = cookie.indexOf('=');
    await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: baseUrl }]);
    // "Shown" = the frame after the first hit enters the DOM, timed from the start of the navigation.
    await context.addInitScript((selector) => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector(selector)) return;
        observer.disconnect();
        requestAnimationFrame(() => (window.__firstResultsAt = performance.now()));
      });
      observer.observe(document, { childList: true, subtree: true });
    }, FIRST_HIT);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    const responses = new Map<string, { type: string; url: string }>();
    const bytes: Record<Kind, number> = { script: 0, api: 0, document: 0, style: 0, other: 0 };
    let requests = 0;
    cdp.on('Network.responseReceived', (event) => responses.set(event.requestId, { type: event.type, url: event.response.url }));
    cdp.on('Network.loadingFinished', (event) => {
      requests++;
      const response = responses.get(event.requestId);
      bytes[kindOf(response?.type)] += event.encodedDataLength;
      if (LIST) console.log(`    ${kB(event.encodedDataLength).padStart(9)}  ${response?.url.replace(baseUrl, '')}`);
    });

    await page.goto(`${baseUrl}/library?q=${encodeURIComponent(QUERY)}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__firstResultsAt !== undefined, null, { timeout: 60_000, polling: 100 });
    const firstResultsMs = await page.evaluate(() => window.__firstResultsAt!);
    // Whatever the page still fetches after the results counts too: it is the same first visit.
    await page.waitForLoadState('networkidle');
    return { firstResultsMs, bytes, requests };
  } finally {
    await context.close();
  }
}

function describeLoad(label: string, load: Load): string {
  const { bytes } = load;
  return (
    `  ${label.padEnd(14)} ${fmt(load.firstResultsMs, 0).padStart(5)} ms  ${kB(total(bytes)).padStart(9)}` +
    `  (JS ${kB(bytes.script)}, API ${kB(bytes.api)}, page ${kB(bytes.document)}, CSS ${kB(bytes.style)}, other ${kB(bytes.other)}; ${load.requests} requests)`
  );
}

let api: (ApiProcess & { startMs: number }) | undefined;
let reference: WebServer | undefined;
let browser: Browser | undefined;
let cleanupEntry = () => {};
const dataDir = tempDir('first-load');
const distCopy = tempDir('first-load-web');

await withCleanup(
  async () => {
    if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
      throw new Error(`no built web app at ${WEB_DIST} (run: pnpm exec turbo run build --filter=@fieldschool/api --filter=@fieldschool/web)`);
    }
    // A copy, so a rebuild during the run (vite empties dist first) cannot break it.
    cpSync(WEB_DIST, distCopy, { recursive: true });
    const built = await apiEntry();
    cleanupEntry = built.cleanup;
    api = await startApi(built.entry, dataDir, { env: { WEB_DIST: distCopy } });
    await waitForOutbox(api.url);
    reference = await startUncompressedWebServer(distCopy, api.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    // Cookies belong to the host, not the port: one session serves both servers.
    const cookie = await login(api.url, 'secretary', 'fieldschool-secretary');
    const targets = { precompressed: api.url, uncompressed: reference.url };

    console.log(
      `first-load: /library?q=${QUERY} as secretary; Chromium ${browser.version()} at 360 px, ` +
        `${NETWORK.downloadThroughput * 8 / 1e6} Mbit/s down, ${NETWORK.uploadThroughput * 8 / 1e3} kbit/s up, ${NETWORK.latency} ms latency, cold cache`,
    );
    // One unmeasured load each first: JIT, Meilisearch and the page cache warm, as on a server that has been up a while.
    for (const url of Object.values(targets)) await loadSearchPage(browser, url, cookie);

    const loads: Record<keyof typeof targets, Load[]> = { precompressed: [], uncompressed: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round}/${ROUNDS}`);
      const order = round % 2 ? (['precompressed', 'uncompressed'] as const) : (['uncompressed', 'precompressed'] as const);
      for (const name of order) {
        const load = await loadSearchPage(browser, targets[name], cookie);
        loads[name].push(load);
        console.log(describeLoad(name, load));
      }
    }

    const summary = (name: keyof typeof targets) => ({
      ms: median(loads[name].map((l) => l.firstResultsMs)),
      bytes: median(loads[name].map((l) => total(l.bytes))),
      script: median(loads[name].map((l) => l.bytes.script)),
    });
    const ours = summary('precompressed');
    const old = summary('uncompressed');
    console.log(`\nmedians of ${ROUNDS}:`);
    console.log(`  precompressed  ${fmt(ours.ms, 0)} ms to first results, ${kB(ours.bytes)} transferred (JS ${kB(ours.script)})`);
    console.log(`  uncompressed   ${fmt(old.ms, 0)} ms to first results, ${kB(old.bytes)} transferred (JS ${kB(old.script)})`);
    console.log(`  ratio precompressed / uncompressed: time ${fmt(ours.ms / old.ms, 2)}, bytes ${fmt(ours.bytes / old.bytes, 2)}`);
    const met = ours.ms < GOAL_MS && ours.bytes < GOAL_BYTES;
    console.log(`goal: < ${GOAL_MS} ms and < ${kB(GOAL_BYTES)} → ${met ? 'MET' : 'MISSED'}`);
  },
  async () => {
    await browser?.close().catch(() => undefined);
    await reference?.close().catch(() => undefined);
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

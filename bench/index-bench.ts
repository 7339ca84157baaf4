// index: 100,000 generated policy passages (~5,000 documents × 20) into a fresh embedded
// Meilisearch (own temp dir, --max-indexing-memory 1 GiB as DESIGN §7 says), with the
// passages index settings applied first; documents added in batches, then every task
// awaited. Prints wall time, passages/s and Meilisearch's peak memory (VmHWM).
import { statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  applyIndexSettings, buildPassageDocuments, createSearchClient, DEFAULT_SYNONYM_GROUPS, searchPassages, startEmbeddedMeilisearch,
  toMeiliSynonyms, type EmbeddedMeilisearchHandle, type PassageDocument,
} from '@fieldschool/search';
import { findFreePort } from '@fieldschool/db';
import { generateDocument } from './lib/corpus.ts';
import { fmt, killLeftovers, memoryOf, pidsWithCmdline, processesUnder, removeDir, tempDir, waitGone, withCleanup } from './lib/server.ts';

const PASSAGES = Number(process.env.BENCH_PASSAGES ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 5_000);
const SEED = Number(process.env.BENCH_SEED ?? 42);
const MAX_INDEXING_MEMORY = process.env.BENCH_MAX_INDEXING_MEMORY ?? '1 GiB';
const INDEX = 'passages';

function dirSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += dirSize(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

let meili: EmbeddedMeilisearchHandle | undefined;
const dataDir = tempDir('index');

await withCleanup(
  async () => {
    console.log(`index: ${PASSAGES.toLocaleString('en')} passages, batches of ${BATCH}, --max-indexing-memory ${MAX_INDEXING_MEMORY}\n`);

    // 1. The corpus, built exactly as the api builds passages (normalised text, pinyin titles).
    const tPrep = performance.now();
    const passages: PassageDocument[] = [];
    let documents = 0;
    let chars = 0;
    while (passages.length < PASSAGES) {
      const built = buildPassageDocuments(generateDocument(SEED, documents));
      documents += 1;
      for (const p of built) {
        if (passages.length >= PASSAGES) break;
        passages.push(p);
        chars += p.text.length;
      }
    }
    const prepMs = performance.now() - tPrep;
    const payloadMiB = Buffer.byteLength(JSON.stringify(passages.slice(0, 1000))) * (passages.length / 1000) / 2 ** 20;
    console.log(
      `corpus: ${documents} documents → ${passages.length} passages, mean ${fmt(chars / passages.length, 0)} chars, ` +
        `~${fmt(payloadMiB, 0)} MiB JSON; built in ${fmt(prepMs / 1000, 1)} s (generate + buildPassageDocuments, not counted below)`,
    );

    // 2. A fresh Meilisearch.
    const port = await findFreePort();
    const tStart = performance.now();
    meili = await startEmbeddedMeilisearch({ dataDir, port, maxIndexingMemory: MAX_INDEXING_MEMORY });
    // The server itself, not its watchdog (whose command line names the binary too).
    const pid = pidsWithCmdline(path.join(dataDir, 'meili')).find((p) => /meilisearch$/.test(p.cmd.split(' ')[0]!))?.pid;
    if (!pid) throw new Error('could not find the Meilisearch process');
    console.log(`meilisearch pid ${pid} on ${meili.url}, healthy in ${fmt((performance.now() - tStart) / 1000, 2)} s, RSS ${fmt(memoryOf(pid)!.rssMiB, 0)} MiB`);
    const client = createSearchClient({ host: meili.url, apiKey: meili.masterKey, timeoutMs: 120_000 });

    const tSettings = performance.now();
    await applyIndexSettings(client, INDEX, toMeiliSynonyms(DEFAULT_SYNONYM_GROUPS));
    console.log(`settings applied in ${fmt((performance.now() - tSettings) / 1000, 2)} s`);

    // 3. Add in batches (enqueue all), then wait for every task. RSS is sampled meanwhile.
    let peakSampled = 0;
    let peakAnon = 0;
    let fileAtPeak = 0;
    const sampler = setInterval(() => {
      const m = memoryOf(pid);
      if (!m) return;
      if (m.rssMiB > peakSampled) {
        peakSampled = m.rssMiB;
        fileAtPeak = m.fileMiB;
      }
      peakAnon = Math.max(peakAnon, m.anonMiB);
    }, 200);
    const index = client.index<PassageDocument>(INDEX);
    const t0 = performance.now();
    const uids: number[] = [];
    for (let i = 0; i < passages.length; i += BATCH) {
      const task = await index.addDocuments(passages.slice(i, i + BATCH));
      uids.push(task.taskUid);
    }
    const enqueuedMs = performance.now() - t0;
    // Our own poll: the client's waitForTasks leaks an abort listener per poll on long waits.
    const deadline = Date.now() + 280_000;
    while ((await client.tasks.getTasks({ uids, statuses: ['enqueued', 'processing'], limit: uids.length })).results.length > 0) {
      if (Date.now() > deadline) throw new Error('indexing did not finish within 280 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const tasks = (await client.tasks.getTasks({ uids, limit: uids.length })).results;
    const wallMs = performance.now() - t0;
    clearInterval(sampler);
    const failed = tasks.filter((t) => t.status !== 'succeeded');
    if (failed.length > 0) throw new Error(`${failed.length} tasks failed: ${failed[0]!.error?.message}`);
    const engineBatches = new Set(tasks.map((t) => t.batchUid)).size;
    const longestTaskMs = Math.max(...tasks.map((t) => parseDuration(t.duration)));
    const stats = await index.getStats();
    const mem = memoryOf(pid)!;
    const probe = await searchPassages(client, INDEX, { q: '医疗保险 报销', hitsPerPage: 10 });

    console.log('');
    console.log(`documents in index:   ${stats.numberOfDocuments.toLocaleString('en')} (expected ${passages.length.toLocaleString('en')})`);
    console.log(`enqueue (HTTP upload): ${fmt(enqueuedMs / 1000, 2)} s for ${uids.length} batches`);
    console.log(`wall time:            ${fmt(wallMs / 1000, 2)} s  (first add → last task succeeded; Meilisearch ran them in ${engineBatches} batch(es), longest task ${fmt(longestTaskMs / 1000, 1)} s)`);
    console.log(`throughput:           ${fmt(passages.length / (wallMs / 1000), 0)} passages/s (${fmt(chars / (wallMs / 1000) / 1000, 0)} k chars/s)`);
    console.log(`meilisearch peak mem: VmHWM ${fmt(mem.hwmMiB, 0)} MiB (sampled every 200 ms: RSS peak ${fmt(peakSampled, 0)} MiB of which ${fmt(fileAtPeak, 0)} MiB file-backed (mmapped LMDB); anonymous peak ${fmt(peakAnon, 0)} MiB; now ${fmt(mem.rssMiB, 0)} MiB)`);
    const limitMiB = parseMemory(MAX_INDEXING_MEMORY);
    console.log(`ratio VmHWM / --max-indexing-memory: ${fmt(mem.hwmMiB / limitMiB, 2)}; anonymous peak / limit: ${fmt(peakAnon / limitMiB, 2)}`);
    console.log(`index on disk:        ${fmt(dirSize(path.join(dataDir, 'meili')) / 2 ** 20, 0)} MiB`);
    console.log(`check search '医疗保险 报销': ${probe.total} documents, ${probe.processingTimeMs} ms`);
    if (stats.numberOfDocuments !== passages.length) process.exitCode = 1;
  },
  async () => {
    await meili?.stop();
    const pids = processesUnder(dataDir).map((p) => p.pid);
    if ((await waitGone(pids)).length > 0) killLeftovers(dataDir);
    removeDir(dataDir);
  },
);

/** ISO 8601 durations as Meilisearch writes them ("PT12.345S", "PT1M2.5S"). */
function parseDuration(d: string | null | undefined): number {
  const m = d ? /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(d) : null;
  if (!m) return 0;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

function parseMemory(s: string): number {
  const m = /^([\d.]+)\s*(KiB|MiB|GiB|KB|MB|GB|B)?$/i.exec(s.trim());
  if (!m) return NaN;
  const unit = (m[2] ?? 'B').toLowerCase();
  const factor: Record<string, number> = { b: 1 / 2 ** 20, kib: 1 / 1024, kb: 1000 / 2 ** 20, mib: 1, mb: 1e6 / 2 ** 20, gib: 1024, gb: 1e9 / 2 ** 20 };
  return Number(m[1]) * (factor[unit] ?? NaN);
}

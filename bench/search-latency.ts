// search-latency: the same ~30 queries (plain Chinese, traditional script, pinyin, and
// text + filters; facets and highlights always on) sent (a) through the built api over
// HTTP keep-alive, signed in as admin, and (b) in this process straight to the api's
// Meilisearch through `searchLibrary`, the service the api's route calls (filters,
// `searchPassages`, snippets, mapping to the contract) with the same client settings,
// interleaved, one request at a time. So (a) − (b) is what HTTP, the session and the
// reply's serialisation add. Prints p50/p95 per path for plain and for filtered queries
// and the ratio api p95 / Meilisearch p95.
// Goals: api p95 within 1.5× of Meilisearch's; plain queries p50 under 15 ms.
import { buildPassageDocuments, createSearchClient, type PassageDocument } from '@fieldschool/search';
import { searchLibrary } from '../apps/api/src/services/search.ts';
import { generateDocument } from './lib/corpus.ts';
import {
  apiEntry, fmt, killLeftovers, login, processesUnder, readRuntime, removeDir, startApi, summarise, tempDir, waitForOutbox, waitGone,
  withCleanup, type ApiProcess,
} from './lib/server.ts';

const EXTRA_PASSAGES = Number(process.env.BENCH_EXTRA_PASSAGES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const SEED = Number(process.env.BENCH_SEED ?? 7);
const INDEX = 'passages';
const GOAL_RATIO = 1.5;
const GOAL_PLAIN_P50_MS = 15;

/** A query of GET /api/v1/search, with a label for the report. */
type Query = Parameters<typeof searchLibrary>[2] & { label: string };

const PLAIN: Query[] = [
  ...['医疗保险', '医保 报销', '低保', '最低生活保障', '牦牛', '虫草采集', '人民调解', '危房改造', '马铃薯晚疫病', '法律援助', '家庭医生签约', '党员发展', '森林草原防火', '临时救助 申请条件'].map(
    (q) => ({ label: 'chinese', q }),
  ),
  ...['醫療保險', '鄉鎮衛生院', '貧困', '養老保險', '農村危房改造'].map((q) => ({ label: 'traditional', q })),
  ...['yibao', 'ylbx', 'dibao', 'maoniu', 'chongcao', 'falvyuanzhu'].map((q) => ({ label: 'pinyin', q })),
];

const FILTERED: Query[] = [
  { label: 'filtered', q: '医保', topic: ['healthcare'], validity: ['valid'], sort: 'newest' },
  { label: 'filtered', q: '报销比例', topic: ['healthcare'] },
  { label: 'filtered', q: '低保 审核', topic: ['poverty_relief'], validity: ['valid'], page: 2 },
  { label: 'filtered', q: '牦牛', topic: ['agri_tech'], yearFrom: 2015, yearTo: 2024 },
  { label: 'filtered', q: '调解', topic: ['law'], validity: ['valid', 'revised'], sort: 'newest' },
  { label: 'filtered', q: '补贴标准', region: ['白玉县'], sort: 'newest', pageSize: 20 },
  { label: 'filtered', q: 'yibao', topic: ['healthcare'], validity: ['valid'] },
  { label: 'filtered', q: '醫療救助', topic: ['healthcare', 'poverty_relief'], yearFrom: 2018 },
  { label: 'filtered', q: '', topic: ['party_building'], sort: 'newest' },
];

const QUERIES = [...PLAIN, ...FILTERED];

function apiUrl(base: string, query: Query): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const t of query.topic ?? []) params.append('topic', t);
  for (const v of query.validity ?? []) params.append('validity', v);
  for (const r of query.region ?? []) params.append('region', r);
  if (query.yearFrom) params.set('yearFrom', String(query.yearFrom));
  if (query.yearTo) params.set('yearTo', String(query.yearTo));
  if (query.sort) params.set('sort', query.sort);
  if (query.page) params.set('page', String(query.page));
  if (query.pageSize) params.set('pageSize', String(query.pageSize));
  return `${base}/api/v1/search?${params}`;
}

let api: (ApiProcess & { startMs: number }) | undefined;
let cleanupEntry = () => {};
const dataDir = tempDir('search');

await withCleanup(
  async () => {
    const built = await apiEntry();
    cleanupEntry = built.cleanup;
    console.log(`search-latency: ${QUERIES.length} queries (${PLAIN.length} plain, ${FILTERED.length} filtered) × ${ROUNDS} rounds per path, sequential\n`);
    console.log(`starting the built api (DATA_DIR=${dataDir}) ...`);
    api = await startApi(built.entry, dataDir);
    await waitForOutbox(api.url);
    const runtime = readRuntime(dataDir);
    const client = createSearchClient({ host: runtime.meiliUrl, ...(runtime.meiliKey ? { apiKey: runtime.meiliKey } : {}), timeoutMs: 120_000 });
    const index = client.index<PassageDocument>(INDEX);
    const seeded = (await index.getStats()).numberOfDocuments;
    console.log(`  healthy after ${(api.startMs / 1000).toFixed(1)} s; the seeded library is ${seeded} passages`);

    if (EXTRA_PASSAGES > 0) {
      // Enlarge the api's own index with generated passages, straight into Meilisearch.
      const t0 = performance.now();
      const passages: PassageDocument[] = [];
      for (let i = 0; passages.length < EXTRA_PASSAGES; i += 1) passages.push(...buildPassageDocuments(generateDocument(SEED, i)));
      const uids: number[] = [];
      for (let i = 0; i < passages.length; i += 5000) uids.push((await index.addDocuments(passages.slice(i, i + 5000))).taskUid);
      while ((await client.tasks.getTasks({ uids, statuses: ['enqueued', 'processing'], limit: uids.length })).results.length > 0) {
        if (performance.now() - t0 > 240_000) throw new Error('enlarging the index took over 240 s');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const failed = (await client.tasks.getTasks({ uids, statuses: ['failed'], limit: uids.length })).results;
      if (failed.length > 0) throw new Error(`adding passages failed: ${failed[0]!.error?.message}`);
      console.log(`  added ${passages.length} generated passages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const total = (await index.getStats()).numberOfDocuments;
    console.log(`  index '${INDEX}' now holds ${total} passages\n`);

    const cookie = await login(api.url);
    const viaApi = async (query: Query) => {
      const t0 = performance.now();
      // Plain JSON, as the direct path gets from Meilisearch: the figure is our code's cost, not compression's.
      const res = await fetch(apiUrl(api!.url, query), { headers: { cookie, 'accept-encoding': 'identity' } });
      const body = (await res.json()) as { total: number; hits: unknown[] };
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`api search ${query.q} → ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      return { ms, total: body.total };
    };
    const searchEngine = { client, indexUid: INDEX };
    const admin = { role: 'admin' } as const;
    const direct = async ({ label: _label, ...query }: Query) => {
      const t0 = performance.now();
      const result = await searchLibrary(searchEngine, admin, query, console);
      return { ms: performance.now() - t0, total: result.total, engineMs: result.processingTimeMs };
    };

    // Warm-up, and check that both paths answer the same.
    const mismatches: string[] = [];
    for (const query of QUERIES) {
      const [a, d] = [await viaApi(query), await direct(query)];
      if (a.total !== d.total) mismatches.push(`${query.q || '(browse)'}: api ${a.total} vs direct ${d.total}`);
    }
    if (mismatches.length) console.log(`WARNING: totals differ (not the same search?):\n  ${mismatches.join('\n  ')}`);
    const zero = [];
    for (const query of QUERIES) if ((await direct(query)).total === 0) zero.push(query.q);
    if (zero.length) console.log(`note: no hits for ${zero.join(', ')}`);

    const times = { api: { plain: [] as number[], filtered: [] as number[] }, meili: { plain: [] as number[], filtered: [] as number[] } };
    const engine: number[] = [];
    const byQuery = new Map<string, { api: number[]; meili: number[] }>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const query of QUERIES) {
        const kind = query.label === 'filtered' ? 'filtered' : 'plain';
        // Alternate which path goes first.
        const order = (round + QUERIES.indexOf(query)) % 2 === 0 ? (['api', 'meili'] as const) : (['meili', 'api'] as const);
        for (const path of order) {
          const r = path === 'api' ? await viaApi(query) : await direct(query);
          times[path][kind].push(r.ms);
          if ('engineMs' in r && typeof r.engineMs === 'number') engine.push(r.engineMs);
          const key = `${query.label.padEnd(11)} ${query.q || '(browse)'}${kind === 'filtered' ? ' +filters' : ''}`;
          const entry = byQuery.get(key) ?? { api: [], meili: [] };
          entry[path].push(r.ms);
          byQuery.set(key, entry);
        }
      }
    }

    // Where the api's extra time goes: the same HTTP path without the search, sequentially.
    const seq = async (url: string, headers: Record<string, string>, n = 200) => {
      const xs: number[] = [];
      for (let i = 0; i < n; i += 1) {
        const t0 = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        xs.push(performance.now() - t0);
      }
      return xs;
    };
    // An unknown /api/v1 route still runs the auth hook (findSession) before answering 404.
    const overhead = {
      unauth: await seq(`${api.url}/api/v1/no-such-route`, {}),
      session: await seq(`${api.url}/api/v1/no-such-route`, { cookie }),
    };

    const row = (name: string, xs: number[]) => {
      const s = summarise(xs);
      return `  ${name.padEnd(30)} n=${String(s.n).padStart(4)}  p50 ${fmt(s.p50, 2).padStart(6)} ms  p95 ${fmt(s.p95, 2).padStart(6)} ms  p99 ${fmt(s.p99, 2).padStart(6)} ms  max ${fmt(s.max, 1).padStart(6)} ms`;
    };
    console.log('per query (p50 ms, api vs meilisearch-direct), slowest first:');
    const perQuery = [...byQuery].map(([k, v]) => ({ k, a: summarise(v.api).p50, m: summarise(v.meili).p50 })).sort((x, y) => y.a - x.a);
    for (const { k, a, m } of perQuery) console.log(`  ${k.padEnd(34)} api ${fmt(a, 1).padStart(6)}  meili ${fmt(m, 1).padStart(6)}  (+${fmt(a - m, 1)})`);
    console.log('');
    console.log(row('api          plain', times.api.plain));
    console.log(row('meili direct plain', times.meili.plain));
    console.log(row('api          filtered+sort', times.api.filtered));
    console.log(row('meili direct filtered+sort', times.meili.filtered));
    console.log(row('api          all', [...times.api.plain, ...times.api.filtered]));
    console.log(row('meili direct all', [...times.meili.plain, ...times.meili.filtered]));
    console.log(row('(meili processingTimeMs)', engine));
    console.log('\nbreakdown of the api overhead (sequential, same keep-alive client):');
    console.log(row('404 /api/v1/..., no cookie', overhead.unauth) + '   (HTTP + fastify, no DB, no search)');
    console.log(row('404 /api/v1/..., with cookie', overhead.session) + '   (+ the per-request session lookup in PostgreSQL)');
    const p95 = (xs: number[]) => summarise(xs).p95;
    const ratioAll = p95([...times.api.plain, ...times.api.filtered]) / p95([...times.meili.plain, ...times.meili.filtered]);
    const ratioPlain = p95(times.api.plain) / p95(times.meili.plain);
    const ratioFiltered = p95(times.api.filtered) / p95(times.meili.filtered);
    const plainP50 = summarise(times.api.plain).p50;
    console.log('');
    console.log(`ratio api p95 / meilisearch p95: all ${fmt(ratioAll, 2)}, plain ${fmt(ratioPlain, 2)}, filtered ${fmt(ratioFiltered, 2)}`);
    console.log(`goal api p95 <= ${GOAL_RATIO}× meilisearch p95: ${ratioAll <= GOAL_RATIO ? 'MET' : 'MISSED'}`);
    console.log(`goal plain queries p50 (through the api) < ${GOAL_PLAIN_P50_MS} ms: ${plainP50 < GOAL_PLAIN_P50_MS ? 'MET' : 'MISSED'} (${fmt(plainP50, 2)} ms)`);
  },
  async () => {
    if (api) await api.stop();
    const pids = processesUnder(dataDir).map((p) => p.pid);
    if ((await waitGone(pids)).length > 0) killLeftovers(dataDir);
    removeDir(dataDir);
    cleanupEntry();
  },
);

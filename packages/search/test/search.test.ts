import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findFreePort } from '@fieldschool/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  applyIndexSettings,
  createSearchClient,
  DEFAULT_SYNONYM_GROUPS,
  indexDocument,
  isEngineUnreachable,
  rebuildIndex,
  removeDocument,
  searchPassages,
  suggestTitles,
  toMeiliSynonyms,
  type PolicyDocumentInput,
} from '../src/index.ts';
import { deleteIndexesWithPrefix, uniqueIndexPrefix } from '../src/testing.ts';

const meili = inject('meili');
const client = createSearchClient({ host: meili.url, apiKey: meili.apiKey });
const prefix = uniqueIndexPrefix('search');
const uid = `${prefix}_passages`;
const synonyms = toMeiliSynonyms(DEFAULT_SYNONYM_GROUPS);

function doc(overrides: Partial<PolicyDocumentInput> & Pick<PolicyDocumentInput, 'id' | 'title' | 'text'>): PolicyDocumentInput {
  return {
    docNumber: null,
    issuingBody: '白玉县医疗保障局',
    issuedOn: '2024-03-01',
    validity: 'valid',
    topics: ['healthcare'],
    region: '白玉县',
    tags: [],
    summary: null,
    published: true,
    ...overrides,
  };
}

const article = (n: string, body: string) => `第${n}条 ${body}${'参保群众可以到乡镇便民服务中心咨询具体办理流程和所需材料。'.repeat(2)}`;

const DOCS: PolicyDocumentInput[] = [
  doc({ id: 'd1', title: '醫療保險報銷辦法', issuedOn: '2022-05-01', text: '第一條 鄉鎮衛生院住院費用按照規定比例報銷。\n第二條 參保人員<script>在縣外就醫</script>需要備案。' }),
  doc({
    id: 'd2',
    title: '低保对象认定办法',
    topics: ['poverty_relief'],
    issuingBody: '白玉县民政局',
    issuedOn: '2024-01-10',
    text: [article('一', '最低生活保障对象应当符合家庭收入标准。'), article('二', '认定结果在村务公开栏公示。'), article('三', '保障金按月发放。')].join('\n'),
  }),
  doc({ id: 'd3', title: '牦牛疫苗接种指南', topics: ['agri_tech'], issuingBody: 'A "quoted" \\ body OR x', issuedOn: '2023-07-01', text: '一、口蹄疫疫苗每年春秋两季各接种一次。' }),
  doc({ id: 'd4', title: '内部草稿', published: false, issuedOn: null, text: '尚未发布的医疗保险文件。' }),
];

beforeAll(async () => {
  await applyIndexSettings(client, uid, synonyms);
  for (const d of DOCS) await indexDocument(client, uid, d);
});
afterAll(() => deleteIndexesWithPrefix(client, prefix));

describe('createSearchClient', () => {
  it('asks Meilisearch for uncompressed replies', async () => {
    let acceptEncoding: string | undefined;
    const server = createServer((req, res) => {
      acceptEncoding = req.headers['accept-encoding'];
      res.setHeader('content-type', 'application/json');
      res.end('{"status":"available"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await createSearchClient({ host: `http://127.0.0.1:${port}` }).health();
    server.close();
    expect(acceptEncoding).toBe('identity');
  });
});

describe('isEngineUnreachable', () => {
  /** What `work` threw (undefined if it did not). */
  const fails = (work: () => Promise<unknown>) => work().then(() => undefined, (error: unknown) => error);

  /** What the client throws searching a server that answers with `handler`. */
  async function errorFrom(handler: RequestListener, timeoutMs = 2000): Promise<unknown> {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      return await fails(() => createSearchClient({ host: `http://127.0.0.1:${port}`, timeoutMs }).index('passages').search('医保'));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }

  it('is true when the connection is refused, the request times out or Meilisearch answers 5xx', async () => {
    const refused = await fails(async () => createSearchClient({ host: `http://127.0.0.1:${await findFreePort()}` }).health());
    expect(isEngineUnreachable(refused)).toBe(true);
    expect(isEngineUnreachable(await errorFrom(() => {}, 200))).toBe(true);
    const overloaded = await errorFrom((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"overloaded","code":"internal","type":"internal"}');
    });
    expect(isEngineUnreachable(overloaded)).toBe(true);
  });

  it('is false for what Meilisearch refuses to do, and for errors that are not its own', async () => {
    const missingIndex = await fails(() => client.index(`${prefix}_missing`).search('医保'));
    expect(missingIndex).toBeDefined();
    expect(isEngineUnreachable(missingIndex)).toBe(false);
    expect(isEngineUnreachable(new TypeError('x is undefined'))).toBe(false);
  });
});

describe('applyIndexSettings', () => {
  it('is idempotent', async () => {
    await applyIndexSettings(client, uid, synonyms);
    const settings = await client.index(uid).getSettings();
    expect(settings.distinctAttribute).toBe('document_id');
    expect(settings.rankingRules?.slice(0, 2)).toEqual(['words', 'sort']);
    expect(settings.synonyms?.['低保']).toContain('最低生活保障');
  });
});

describe('searchPassages', () => {
  it('finds a traditional document with a simplified query and highlights the words', async () => {
    const result = await searchPassages(client, uid, { q: '医疗保险', filters: { published: true } });
    expect(result.hits.map((h) => h.documentId)).toEqual(['d1']);
    expect(result.hits[0]?.title).toBe('醫療保險報銷辦法');
    // The title keeps its own script; the marks move onto it.
    expect(result.hits[0]?.titleHighlighted).toBe('<mark>醫療</mark><mark>保險</mark>報銷辦法');
  });

  it('cuts the snippet from the text as written: traditional script, matches marked, line breaks kept', async () => {
    const [hit] = (await searchPassages(client, uid, { q: '卫生院住院' })).hits;
    expect(hit?.documentId).toBe('d1');
    expect(hit?.snippet).toBe('第一條 鄉鎮<mark>衛生</mark><mark>院</mark><mark>住院</mark>費用按照規定比例報銷。\n第二條 參保人員&lt;script&gt;在縣外就醫&lt;/script&gt;需要備案。');
  });

  it('ends the snippet of a long passage where Meilisearch cropped it', async () => {
    const [hit] = (await searchPassages(client, uid, { q: '公示' })).hits;
    expect(hit?.documentId).toBe('d2');
    // The space after 第二条 is the original's (the normalised text has none between Han characters).
    expect(hit?.snippet).toBe(
      '第二条 认定结果在村务公开栏<mark>公示</mark>。参保群众可以到乡镇便民服务中心咨询具体办理流程和所需材料。参保群众可以到乡镇便民服务中心咨询具体办理流程和所需…',
    );
  });

  it('escapes HTML from the document and keeps only our marks', async () => {
    const [hit] = (await searchPassages(client, uid, { q: '县外就医' })).hits;
    expect(hit?.snippet).toContain('&lt;script&gt;');
    expect(hit?.snippet).toContain('<mark>');
    expect(hit?.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('expands synonyms', async () => {
    expect((await searchPassages(client, uid, { q: '医保' })).hits.map((h) => h.documentId)).toContain('d1');
    expect((await searchPassages(client, uid, { q: '低保' })).hits.map((h) => h.documentId)).toEqual(['d2']);
  });

  it('shows one hit per document, pointing at the passage that matched', async () => {
    const result = await searchPassages(client, uid, { q: '保障金按月发放' });
    expect(result.hits).toHaveLength(1);
    expect(result.hits[0]?.passageIndex).toBe(2);
    expect(result.hits[0]?.heading).toBe('第三条');
  });

  it('filters on a hostile issuing body exactly', async () => {
    const result = await searchPassages(client, uid, { filters: { issuingBody: ['A "quoted" \\ body OR x'] } });
    expect(result.hits.map((h) => h.documentId)).toEqual(['d3']);
  });

  it('counts a filtered facet without its own filter, so other values can still be added', async () => {
    const result = await searchPassages(client, uid, { filters: { topics: ['agri_tech'], published: true } });
    expect(result.hits.map((h) => h.documentId)).toEqual(['d3']);
    expect(result.facets.topics).toEqual({ healthcare: 1, poverty_relief: 1, agri_tech: 1 });
    expect(result.facets.issuing_body).toEqual({ 'A "quoted" \\ body OR x': 1 });
  });

  it('filters out unpublished documents when asked', async () => {
    const all = await searchPassages(client, uid, { q: '医疗保险' });
    const published = await searchPassages(client, uid, { q: '医疗保险', filters: { published: true } });
    expect(all.hits.map((h) => h.documentId).sort()).toEqual(['d1', 'd4']);
    expect(published.hits.map((h) => h.documentId)).toEqual(['d1']);
  });
});

describe('suggestTitles', () => {
  it('suggests by characters, pinyin and initials', async () => {
    expect((await suggestTitles(client, uid, '牦牛')).map((s) => s.documentId)).toEqual(['d3']);
    expect((await suggestTitles(client, uid, 'maoniu')).map((s) => s.documentId)).toEqual(['d3']);
    expect((await suggestTitles(client, uid, 'ylbx')).map((s) => s.documentId)).toEqual(['d1']);
  });
});

describe('indexing', () => {
  it('re-indexes a shorter version and drops the passages it no longer has', async () => {
    await indexDocument(client, uid, { ...DOCS[1]!, text: '第一条 短。' });
    const { results } = await client.index(uid).getDocuments({ filter: 'document_id = "d2"' });
    expect(results.map((d) => d.id)).toEqual(['d2_0']);
  });

  it('removes a document', async () => {
    await removeDocument(client, uid, 'd2');
    expect((await searchPassages(client, uid, { q: '低保' })).hits).toEqual([]);
  });

  it('rejects ids that Meilisearch cannot hold', async () => {
    await expect(indexDocument(client, uid, { ...DOCS[0]!, id: 'a b' })).rejects.toThrow(/characters/);
  });

  it('rebuilds by swapping in a new index, also when there is no live one yet', async () => {
    const fresh = `${prefix}_fresh`;
    expect(await rebuildIndex(client, fresh, DOCS)).toEqual({ documents: 4, passages: 6 });
    expect((await searchPassages(client, fresh, {})).total).toBe(4);
    await rebuildIndex(client, fresh, DOCS.slice(0, 1));
    expect((await searchPassages(client, fresh, {})).total).toBe(1);
    const { results } = await client.getIndexes({ limit: 1000 });
    expect(results.filter((i) => i.uid.startsWith(fresh)).map((i) => i.uid)).toEqual([fresh]);
  });
});

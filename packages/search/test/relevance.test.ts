import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createSearchClient,
  DEFAULT_SYNONYM_GROUPS,
  extractDocument,
  FilterError,
  isValidDocNumber,
  rebuildIndex,
  searchPassages,
  suggestTitles,
  type ExtractedDocument,
  type PolicyDocumentInput,
  type SearchFilters,
} from '../src/index.ts';
import { deleteIndexesWithPrefix, uniqueIndexPrefix } from '../src/testing.ts';
import { readSampleLibrary, type SampleLibraryEntry } from '@fieldschool/db/sample-files';

const LIBRARY = fileURLToPath(new URL('../../db/seed-library/', import.meta.url));
const meili = inject('meili');
const client = createSearchClient({ host: meili.url, apiKey: meili.apiKey });
const prefix = uniqueIndexPrefix('relevance');
const uid = `${prefix}_passages`;

interface Loaded {
  entry: SampleLibraryEntry;
  fileName: string;
  extracted: ExtractedDocument;
}
const library: Loaded[] = [];
const idOf = (file: string) => file.replace(/\.[^.]+$/, '');

interface Case {
  q: string;
  /** Every one of these must be in the first five hits. */
  expected: string[];
  filters?: SearchFilters;
  why: string;
}

const CASES: Case[] = [
  // simplified ↔ traditional
  { q: '醫療保險', expected: ['h01-yibao-baoxiao-2024'], why: 'traditional query, simplified document' },
  { q: '医疗保险异地就医备案', expected: ['h06-yidi-jiuyi'], why: 'simplified query, traditional document' },
  { q: '乡镇卫生院巡诊', expected: ['h09-hepo-xunzhen'], why: '乡镇 → 鄉鎮' },
  { q: '乡镇人民调解委员会', expected: ['l04-xiangzhen-tiaojie-weiyuanhui'], why: '乡镇 → 鄉鎮' },
  { q: '人民調解工作規範', expected: ['l02-renmin-tiaojie'], why: 'traditional query, simplified document' },
  { q: '搬遷後續扶持', expected: ['p01-yidi-banqian-houxu'], why: '搬遷 → 搬迁' },
  { q: '搬迁安置点社区管理', expected: ['p02-anzhidian-shequ'], why: '搬迁 → 搬遷' },
  { q: '住院報銷比例', expected: ['h01-yibao-baoxiao-2024'], why: '報銷 → 报销' },
  { q: '报销异地就医', expected: ['h06-yidi-jiuyi'], why: '报销 → 報銷' },
  { q: '牦牛暖棚补饲', expected: ['a04-maoniu-dongchun-busi'], why: '牦牛 → 犛牛' },
  { q: '犛牛疫苗接种', expected: ['a03-maoniu-yibing-mianyi'], why: '犛牛 → 牦牛, in a PDF' },
  { q: '藏香猪养殖', expected: ['a10-zangxiangzhu-yangzhi'], why: 'traditional document' },
  // pinyin
  { q: 'yiliao baoxian', expected: ['h01-yibao-baoxiao-2024'], why: 'pinyin by word' },
  { q: 'yiliaobaoxian', expected: ['h01-yibao-baoxiao-2024'], why: 'pinyin joined' },
  { q: 'yi liao bao xian', expected: ['h01-yibao-baoxiao-2024'], why: 'pinyin by syllable' },
  { q: 'ylbx', expected: ['h01-yibao-baoxiao-2024'], why: 'pinyin initials' },
  { q: 'yibao', expected: ['h07-yibao-jiaofei-2025'], why: 'pinyin of 医保' },
  { q: 'malingshu', expected: ['a01-malingshu-guimo'], why: 'pinyin' },
  { q: 'maoniu yimiao', expected: ['a03-maoniu-yibing-mianyi'], why: 'pinyin, two words' },
  { q: 'chongcao', expected: ['a06-chongcao-caiji'], why: 'pinyin' },
  { q: 'rmtj', expected: ['l02-renmin-tiaojie'], why: 'initials of 人民调解' },
  { q: 'dibao', expected: ['p04-dibao-2018'], why: 'pinyin of 低保' },
  // synonyms (the expected document does not contain the query's term)
  { q: '医保报销', expected: ['h01-yibao-baoxiao-2024'], why: '医保 → 医疗保险' },
  { q: '新农合', expected: ['h04-xinnonghe-2012'], why: '新农合 → 新型农村合作医疗' },
  { q: '低保', expected: ['p03-zuidi-shenghuo-baozhang'], why: '低保 → 最低生活保障' },
  { q: '最低生活保障', expected: ['p04-dibao-2018'], why: '最低生活保障 → 低保' },
  { q: '五保户', expected: ['p05-wubao-gongyang'], why: '五保 group' },
  { q: '易地搬迁', expected: ['p01-yidi-banqian-houxu'], why: '易地搬迁 → 易地扶贫搬迁' },
  { q: '易地扶贫搬迁', expected: ['p13-banqian-jiuye'], why: '易地扶贫搬迁 → 易地搬迁' },
  { q: '大病医保', expected: ['h03-dabing-baoxian'], why: '大病医保 → 大病保险' },
  { q: '残补', expected: ['p09-canjiren-butie'], why: '残补 → 残疾人补贴' },
  { q: '养老金', expected: ['p10-yanglao-baoxian'], why: '养老金 → 养老保险' },
  { q: '危改', expected: ['p06-weifang-gaizao'], why: '危改 → 危房改造' },
  { q: '家医', expected: ['h05-jiating-yisheng'], why: '家医 → 家庭医生' },
  { q: '法援', expected: ['l03-falv-yuanzhu'], why: '法援 → 法律援助' },
  { q: '土豆种植', expected: ['a01-malingshu-guimo'], why: '土豆 → 马铃薯' },
  { q: '洋芋晚疫病', expected: ['a08-malingshu-wanyibing'], why: '洋芋 → 马铃薯, in a DOCX' },
  { q: '冬虫夏草', expected: ['a06-chongcao-caiji'], why: '冬虫夏草 → 虫草' },
  { q: '临救', expected: ['p11-linshi-jiuzhu'], why: '临救 → 临时救助, in a DOCX' },
  { q: '学生资助', expected: ['p08-jiaoyu-zizhu'], why: '学生资助 → 教育资助, in a PDF' },
  // noisy text
  { q: '危房(wēi fáng)改造,,入戶(hù)核查。。', expected: ['p12-marong-weifang'], why: 'inline pinyin and doubled punctuation in the query' },
  { q: '醫療保險。。報銷！！', expected: ['h01-yibao-baoxiao-2024'], why: 'doubled punctuation' },
  { q: '医\u200B疗保险报\u200D销', expected: ['h01-yibao-baoxiao-2024'], why: 'zero-width characters' },
  { q: '麻绒乡危房入户核查', expected: ['p12-marong-weifang'], why: 'document with inline pinyin in its text' },
  // 文号
  { q: '白府发〔2024〕7号', expected: ['h01-yibao-baoxiao-2024'], why: '文号' },
  { q: '川医保发〔2022〕21号', expected: ['h06-yidi-jiuyi'], why: 'simplified 文号 of a traditional document' },
  // filters with text
  { q: '报销', filters: { validity: ['repealed'] }, expected: ['h04-xinnonghe-2012'], why: 'repealed only' },
  { q: '牦牛', filters: { region: ['甘孜州'] }, expected: ['a03-maoniu-yibing-mianyi', 'a09-maoniu-hezuoshe'], why: 'region filter' },
  { q: '', filters: { topics: ['law'], yearFrom: 2024 }, expected: ['l03-falv-yuanzhu'], why: 'browse by topic and year' },
  { q: '虫草', filters: { validity: ['repealed'] }, expected: ['a07-chongcao-2016'], why: 'the replaced version' },
  { q: '参保缴费', filters: { issuingBody: ['白玉县医疗保障局'] }, expected: ['h07-yibao-jiaofei-2025'], why: 'issuing body filter' },
  { q: '调解', filters: { topics: ['law'], yearTo: 2023 }, expected: ['l02-renmin-tiaojie', 'l04-xiangzhen-tiaojie-weiyuanhui'], why: 'topic and year' },
];

beforeAll(async () => {
  for await (const file of readSampleLibrary(LIBRARY)) {
    library.push({ entry: file.entry, fileName: file.fileName, extracted: await extractDocument(file.bytes, file.fileName) });
  }
  const inputs: PolicyDocumentInput[] = library.map(({ entry, extracted }) => ({
    id: idOf(entry.file),
    title: entry.title,
    docNumber: entry.docNumber,
    issuingBody: entry.issuingBody,
    issuedOn: entry.issuedOn,
    validity: entry.validity,
    topics: entry.topics,
    region: entry.region,
    tags: entry.tags,
    summary: entry.summary,
    published: true,
    text: extracted.text,
  }));
  const started = performance.now();
  const { passages } = await rebuildIndex(client, uid, inputs, DEFAULT_SYNONYM_GROUPS);
  console.log(`indexed ${inputs.length} documents as ${passages} passages in ${Math.round(performance.now() - started)} ms`);
});

afterAll(() => deleteIndexesWithPrefix(client, prefix));

describe('sample library', () => {
  it('has at least 42 documents, some traditional, PDF, DOCX and HTML', () => {
    expect(library.length).toBeGreaterThanOrEqual(42);
    const count = (mediaType: string) => library.filter((d) => d.extracted.mediaType === mediaType).length;
    expect(count('application/pdf')).toBeGreaterThanOrEqual(3);
    expect(count('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBeGreaterThanOrEqual(3);
    expect(count('text/html')).toBeGreaterThanOrEqual(3);
    expect(library.filter((d) => /[醫鄉縣報遷]/.test(d.extracted.text)).length).toBeGreaterThanOrEqual(6);
  });

  it('extracts every document, with 400 to 3000 characters of text', () => {
    for (const { entry, extracted } of library) {
      expect(extracted.textStatus, entry.file).toBe('ok');
      expect(extracted.text.length, entry.file).toBeGreaterThanOrEqual(380);
      expect(extracted.text.length, entry.file).toBeLessThanOrEqual(3000);
    }
  });

  it('finds the 文号 the manifest gives', () => {
    for (const { entry, extracted } of library.filter((d) => d.entry.docNumber)) {
      expect(isValidDocNumber(entry.docNumber ?? ''), entry.file).toBe(true);
      expect(extracted.docNumber, entry.file).toBe(entry.docNumber);
    }
  });
});

describe('relevance', () => {
  it('finds every expected document in the first five hits', async () => {
    const misses: string[] = [];
    for (const c of CASES) {
      const result = await searchPassages(client, uid, { q: c.q, hitsPerPage: 5, ...(c.filters ? { filters: c.filters } : {}) });
      const top = result.hits.map((h) => h.documentId);
      const missing = c.expected.filter((id) => !top.includes(id));
      if (missing.length > 0) misses.push(`${c.q} (${c.why}): missing ${missing.join(', ')}; got ${top.join(', ')}`);
    }
    const found = CASES.length - misses.length;
    console.log(`relevance: recall@5 = ${((100 * found) / CASES.length).toFixed(1)}% (${found}/${CASES.length} queries)`);
    expect(misses).toEqual([]);
  });

  it('sorts newest first', async () => {
    const result = await searchPassages(client, uid, { q: '医疗保险', sort: 'newest', hitsPerPage: 20 });
    const dates = result.hits.map((h) => h.issuedOn ?? '');
    expect(dates.length).toBeGreaterThan(3);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('counts facets per document, not per passage', async () => {
    const result = await searchPassages(client, uid, {});
    expect(result.total).toBe(library.length);
    const healthcare = library.filter((d) => d.entry.topics.includes('healthcare')).length;
    expect(result.facets.topics?.healthcare).toBe(healthcare);
    expect(result.facets.validity?.repealed).toBe(2);
  });

  it('marks the matched words in the snippet', async () => {
    const [hit] = (await searchPassages(client, uid, { q: '牦牛疫苗' })).hits;
    expect(hit?.snippet).toMatch(/<mark>[^<]*<\/mark>/);
  });

  it('cuts every snippet and title from the words of the document itself', async () => {
    const unmarked = (html: string) => html.replace(/<\/?mark>/g, '').replace(/^…|…$/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    const squeezed = (s: string) => s.replace(/\s+/g, '');
    const byId = new Map(library.map((d) => [idOf(d.entry.file), d]));
    for (const c of CASES) {
      for (const hit of (await searchPassages(client, uid, { q: c.q, hitsPerPage: 5, ...(c.filters ? { filters: c.filters } : {}) })).hits) {
        const doc = byId.get(hit.documentId)!;
        // Passages drop the # of Markdown headings and join wrapped lines.
        const words = squeezed(doc.extracted.text.replace(/^#{1,6}\s+/gm, ''));
        expect(words, `${c.q}: ${hit.snippet}`).toContain(squeezed(unmarked(hit.snippet)));
        expect(unmarked(hit.titleHighlighted), c.q).toBe(doc.entry.title);
      }
    }
  });

  it('cuts a 2,000-character query and still answers', async () => {
    const result = await searchPassages(client, uid, { q: '医疗保险报销'.repeat(334) });
    expect(result.query.length).toBeLessThanOrEqual(200);
    expect(result.hits.length).toBeGreaterThan(0);
  });

  it('treats a query of only punctuation and emoji as a browse', async () => {
    const result = await searchPassages(client, uid, { q: '！！，。?? 🐮🙂' });
    expect(result.query).toBe('');
    expect(result.total).toBe(library.length);
  });

  it('matches hostile filter values literally and rejects unknown ones', async () => {
    for (const hostile of ['白玉县" OR region = "甘孜州', 'x\\" OR 1=1 OR "', ') OR (published = false', '\\']) {
      const result = await searchPassages(client, uid, { filters: { issuingBody: [hostile], region: [hostile] } });
      expect(result.total, hostile).toBe(0);
    }
    await expect(searchPassages(client, uid, { filters: { topics: ['law" OR topics = "healthcare'] } })).rejects.toBeInstanceOf(FilterError);
    await expect(searchPassages(client, uid, { filters: { yearFrom: 2024.5 } })).rejects.toBeInstanceOf(FilterError);
  });

  it('suggests titles as the user types', async () => {
    expect((await suggestTitles(client, uid, '马铃薯')).map((s) => s.documentId)).toContain('a01-malingshu-guimo');
    expect((await suggestTitles(client, uid, 'malingshu')).map((s) => s.documentId)).toContain('a01-malingshu-guimo');
    expect(await suggestTitles(client, uid, '。。')).toEqual([]);
  });
});

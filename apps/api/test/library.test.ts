import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { localFileStore } from '../src/services/file-store.ts';
import { prepareSearchSettings } from '../src/services/synonyms.ts';
import { seedPolicyLibrary } from '../src/seed.ts';
import { useTestApp } from './test-app.ts';
import { uploadRequest } from './upload.ts';

const ctx = useTestApp('library');

const search = async (headers: Record<string, string>, q: string, extra = '') =>
  (await ctx.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, headers })).json();

describe('sample library', () => {
  it('loads every sample document (text, HTML, PDF and DOCX) with its text, and makes them searchable', { timeout: 180_000 }, async () => {
    const loaded = await seedPolicyLibrary(ctx.db.db, localFileStore(ctx.filesDir), 'admin');
    expect(loaded).toBeGreaterThanOrEqual(40);
    const versions = await ctx.db.db.select().from(schema.documentVersions);
    expect(versions).toHaveLength(loaded);
    expect(versions.filter((v) => v.textStatus !== 'ok').map((v) => v.fileName)).toEqual([]);
    const kinds = new Set(versions.map((v) => v.mediaType));
    expect(kinds).toEqual(new Set(['text/markdown', 'text/plain', 'text/html', 'application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']));

    await ctx.drainOutbox();
    const secretary = await ctx.signIn('secretary');
    const all = await search(secretary.headers, '');
    expect(all.total).toBe(loaded);
    const newest = await search(secretary.headers, '', '&sort=newest&pageSize=50');
    const dates = newest.hits.map((h: { issuedOn: string }) => h.issuedOn);
    expect(dates).toEqual([...dates].sort().reverse());
    const replaced = await ctx.db.db.select().from(schema.documents).where(eq(schema.documents.title, '白玉县城乡居民基本医疗保险报销暂行办法'));
    const page = await ctx.app.inject({ method: 'GET', url: `/api/v1/documents/${replaced[0]!.id}`, headers: secretary.headers });
    expect(page.json().replacedBy.title).toBe('白玉县城乡居民基本医疗保险报销实施办法');
  });

  it('shows the snippet of a traditional document in its own script, matches marked, line breaks kept', async () => {
    const secretary = await ctx.signIn('secretary');
    const result = await search(secretary.headers, '适用人员 异地就医');
    const hit = result.hits.find((h: { title: string }) => h.title === '醫療保險異地就醫備案指引');
    const snippet = (hit.snippet as string).replace(/<\/mark><mark>/g, '');
    expect(snippet).toMatch(/^醫療保險<mark>異地就醫<\/mark>備案指引\n川醫保發〔2022〕21號\n一、<mark>適用人員<\/mark>\n參加我省城鄉居民/);
    expect(hit.titleHighlighted).toBe('醫療保險<mark>異地</mark><mark>就醫</mark>備案指引');
  });

  it('answers a filter the index cannot hold with 400 query_invalid', async () => {
    const secretary = await ctx.signIn('secretary');
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/search?yearFrom=2024&yearTo=2020', headers: secretary.headers });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'query_invalid', field: 'query' });
  });

  it('finds a document through a synonym group an admin adds', async () => {
    const admin = await ctx.signIn('admin');
    await ctx.app.inject(uploadRequest(admin, '/api/v1/documents', { name: 'caoyuan.txt', bytes: '关于发放草原生态保护补助奖励资金的通知\n各乡镇：今年的草原生态保护补助奖励资金已经下达，请按户核实后发放。' }));
    await ctx.drainOutbox();
    const title = '关于发放草原生态保护补助奖励资金的通知';
    const titles = (result: { hits: Array<{ title: string }> }) => result.hits.map((hit) => hit.title);
    expect(titles(await search(admin.headers, '禁牧补贴'))).not.toContain(title);
    const added = await ctx.app.inject({ method: 'POST', url: '/api/v1/synonyms', headers: admin.headers, payload: { terms: ['禁牧补贴', '草原生态保护补助奖励'] } });
    expect(added.statusCode).toBe(201);
    await ctx.drainOutbox();
    expect(titles(await search(admin.headers, '禁牧补贴'))[0]).toBe(title);
    const trainer = await ctx.signIn('trainer');
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/synonyms', headers: trainer.headers, payload: { terms: ['a', 'b'] } })).statusCode).toBe(403);
  });

  it('rebuilds a lost index from PostgreSQL: losing Meilisearch loses no data', async () => {
    const admin = await ctx.signIn('admin');
    const before = (await search(admin.headers, '')).total;
    expect(before).toBeGreaterThan(0);
    await ctx.app.searchEngine.client.deleteIndex(ctx.indexUid).waitTask();
    await prepareSearchSettings(ctx.db.db);
    await ctx.drainOutbox();
    expect((await search(admin.headers, '')).total).toBe(before);
  });
});

import { describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { renderSampleFile } from '@fieldschool/db/sample-files';
import { makeZip } from '@fieldschool/search/testing';
import { useTestApp } from './test-app.ts';
import { uploadRequest } from './upload.ts';

const ctx = useTestApp('documents');

const policyText = `白玉县城乡居民医疗保险住院报销办法
白府办发〔2024〕8号
第一条 参加城乡居民医疗保险的农牧民在县内定点医院住院，起付线以上部分按百分之八十五报销。
第二条 在州外住院的，应当先办理转诊备案，未备案的报销比例降低十个百分点。
第三条 住院费用由医疗机构直接结算，群众只需支付个人自付部分。`;

async function documentCount() {
  const [row] = await ctx.db.db.select({ n: count() }).from(schema.documents);
  return row!.n;
}

describe('documents', () => {
  it('uploads a text document, finds its 文号, stores the original and makes it searchable', async () => {
    const admin = await ctx.signIn('admin');
    const response = await ctx.app.inject(
      uploadRequest(admin, '/api/v1/documents', { name: '住院报销办法.txt', bytes: policyText }, { topics: ['healthcare'], issuingBody: '白玉县人民政府办公室', issuedOn: '2024-03-01', region: '白玉县', tags: ['报销'] }),
    );
    expect(response.statusCode).toBe(201);
    const doc = response.json();
    expect(doc).toMatchObject({ title: '白玉县城乡居民医疗保险住院报销办法', docNumber: '白府办发〔2024〕8号', textStatus: 'ok', validity: 'valid' });
    expect(doc.versions).toHaveLength(1);
    expect(doc.text).toContain('起付线以上部分');

    const download = await ctx.app.inject({ method: 'GET', url: `/api/v1/documents/${doc.id}/versions/${doc.versions[0].id}/file`, headers: admin.headers });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe(policyText);
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''");

    await ctx.drainOutbox();
    const search = await ctx.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('醫療保險 報銷')}`, headers: admin.headers });
    expect(search.statusCode).toBe(200);
    const hit = search.json().hits[0];
    expect(hit.documentId).toBe(doc.id);
    expect(hit.snippet).toContain('<mark>');
    expect(search.json().facets.topic).toMatchObject({ healthcare: 1 });
    const suggest = await ctx.app.inject({ method: 'GET', url: `/api/v1/search/suggest?q=${encodeURIComponent('ylbx')}`, headers: admin.headers });
    expect(suggest.json().items[0].documentId).toBe(doc.id);
  });

  it('answers file_missing, not a broken download, when the stored bytes are gone from the file store', async () => {
    const admin = await ctx.signIn('admin');
    const doc = (await ctx.app.inject(uploadRequest(admin, '/api/v1/documents', { name: '丢失.txt', bytes: '这份文件的原件会从文件夹里消失。' }))).json();
    const { sha256 } = (await ctx.db.db.select({ sha256: schema.documentVersions.sha256 }).from(schema.documentVersions).where(eq(schema.documentVersions.id, doc.versions[0].id)))[0]!;
    await rm(path.join(ctx.filesDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256));
    const download = await ctx.app.inject({ method: 'GET', url: `/api/v1/documents/${doc.id}/versions/${doc.versions[0].id}/file`, headers: admin.headers });
    expect(download.statusCode).toBe(500);
    expect(download.headers['content-type']).toContain('application/problem+json');
    expect(download.json()).toMatchObject({ code: 'file_missing' });
  });

  it('keeps earlier versions when the file is replaced', async () => {
    const admin = await ctx.signIn('admin');
    const first = (await ctx.app.inject(uploadRequest(admin, '/api/v1/documents', { name: 'a.md', bytes: '# 牦牛冬季补饲技术要点\n\n冬春季节每头牦牛每天补饲青干草两公斤。' }))).json();
    const second = await ctx.app.inject(uploadRequest(admin, `/api/v1/documents/${first.id}/versions`, { name: 'b.md', bytes: '# 牦牛冬季补饲技术要点（修订）\n\n每头牦牛每天补饲青干草三公斤，另加精料半公斤。' }));
    expect(second.statusCode).toBe(201);
    const doc = second.json();
    expect(doc.versions.map((v: { versionNo: number }) => v.versionNo)).toEqual([2, 1]);
    expect(doc.text).toContain('三公斤');
    const old = await ctx.app.inject({ method: 'GET', url: `/api/v1/documents/${doc.id}/versions/${doc.versions[1].id}/file`, headers: admin.headers });
    expect(old.body).toContain('两公斤');
  });

  it('gives the page Markdown and HTML uploads in their own markup, and everything else as plain text', async () => {
    const admin = await ctx.signIn('admin');
    const markdown = '# 牦牛冬季补饲技术要点\n\n- 青干草两公斤';
    const md = (await ctx.app.inject(uploadRequest(admin, '/api/v1/documents', { name: '补饲.md', bytes: markdown }))).json();
    expect(md).toMatchObject({ textFormat: 'markdown', text: markdown });

    // The stored text of an HTML upload is flattened for search; the page gets the file's markup.
    const html = '<html><body><h1>关于做好低保工作的通知</h1><p>各乡镇：<b>按月发放</b>。</p></body></html>';
    const upload = await ctx.app.inject(uploadRequest(admin, '/api/v1/documents', { name: '低保.html', bytes: html }));
    const page = await ctx.app.inject({ method: 'GET', url: `/api/v1/documents/${upload.json().id}`, headers: admin.headers });
    expect(page.json()).toMatchObject({ textFormat: 'html', text: html });

    const plain = (await ctx.app.inject(uploadRequest(admin, '/api/v1/documents', { name: '办法.txt', bytes: policyText }))).json();
    expect(plain).toMatchObject({ textFormat: 'plain', text: policyText });
  });

  it('accepts a scanned PDF with no text and a PDF named .docx, deciding the type by the bytes', async () => {
    const admin = await ctx.signIn('admin');
    const pdf = await renderSampleFile('马铃薯种薯处理技术\n切块后用草木灰拌种，晾干一天再下地。', 'pdf');
    const renamed = await ctx.app.inject(uploadRequest(admin, '/api/v1/documents', { name: '种薯处理.docx', bytes: pdf }));
    expect(renamed.statusCode).toBe(201);
    expect(renamed.json().versions[0].mediaType).toBe('application/pdf');
    expect(renamed.json().text).toContain('草木灰');

    // A page with no text layer, as a scanner makes.
    const blank = await renderSampleFile('', 'pdf');
    const scanned = await ctx.app.inject(uploadRequest(admin, '/api/v1/documents', { name: '扫描件.pdf', bytes: blank }, { title: '扫描的通知' }));
    expect(scanned.statusCode).toBe(201);
    expect(scanned.json()).toMatchObject({ title: '扫描的通知', textStatus: 'no_text' });
  });

  it('refuses bad files with a clear code and writes nothing', async () => {
    const admin = await ctx.signIn('admin');
    const before = await documentCount();
    const upload = (name: string, bytes: Uint8Array | string, metadata?: unknown) => ctx.app.inject(uploadRequest(admin, '/api/v1/documents', { name, bytes }, metadata));

    const corrupt = await upload('坏文件.pdf', '%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref');
    expect(corrupt.json()).toMatchObject({ status: 400, code: 'file_corrupt', field: 'file' });

    const elf = new Uint8Array(4096);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    const executable = await upload('通知.pdf', elf);
    expect(executable.json()).toMatchObject({ status: 400, code: 'file_type_unsupported', field: 'file' });

    const empty = await upload('空.txt', '');
    expect(empty.json()).toMatchObject({ status: 400, code: 'file_empty', field: 'file' });

    const badNumber = await upload('x.txt', '正文', { docNumber: '第12号文件' });
    expect(badNumber.json()).toMatchObject({ status: 400, code: 'doc_number_invalid', field: 'docNumber' });

    const unknownField = await upload('x.txt', '正文', { title: 'x', owner: 'me' });
    expect(unknownField.json()).toMatchObject({ status: 400, code: 'validation_failed', field: 'owner' });

    const badJson = await upload('x.txt', '正文', '{"title": ');
    expect(badJson.json()).toMatchObject({ status: 400, code: 'invalid_json', field: 'metadata' });

    const huge = await upload('大文件.txt', new Uint8Array(60 * 1024 * 1024).fill(0x41));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('payload_too_large');

    expect(await documentCount()).toBe(before);
  });

  it('refuses a DOCX that is a zip bomb', async () => {
    const admin = await ctx.signIn('admin');
    // Headers claim 500 MB for word/document.xml: refused before anything is inflated.
    const bomb = makeZip([
      { name: '[Content_Types].xml', data: new TextEncoder().encode('<Types/>') },
      { name: 'word/document.xml', data: new Uint8Array(1024 * 1024), declaredSize: 500 * 1024 * 1024 },
    ]);
    const response = await ctx.app.inject(uploadRequest(admin, '/api/v1/documents', { name: '炸弹.docx', bytes: bomb }));
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('file_corrupt');
  });

  it('lets only admins upload, and hides unpublished and deleted documents from others', async () => {
    const admin = await ctx.signIn('admin');
    const secretary = await ctx.signIn('secretary');
    const denied = await ctx.app.inject(uploadRequest(secretary, '/api/v1/documents', { name: 'x.txt', bytes: '正文' }));
    expect(denied.statusCode).toBe(403);

    const draft = (await ctx.app.inject(uploadRequest(admin, '/api/v1/documents', { name: 'draft.txt', bytes: '草稿：虫草采集证发放办法征求意见稿' }, { published: false }))).json();
    await ctx.drainOutbox();
    const asSecretary = await ctx.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('虫草采集')}`, headers: secretary.headers });
    expect(asSecretary.json().hits.map((h: { documentId: string }) => h.documentId)).not.toContain(draft.id);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/documents/${draft.id}`, headers: secretary.headers })).statusCode).toBe(404);
    const asAdmin = await ctx.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('虫草采集')}`, headers: admin.headers });
    expect(asAdmin.json().hits.map((h: { documentId: string }) => h.documentId)).toContain(draft.id);

    const deleted = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/documents/${draft.id}`, headers: admin.headers });
    expect(deleted.statusCode).toBe(204);
    await ctx.drainOutbox();
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/documents/${draft.id}`, headers: admin.headers })).statusCode).toBe(404);
    const afterDelete = await ctx.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('虫草采集')}`, headers: admin.headers });
    expect(afterDelete.json().hits.map((h: { documentId: string }) => h.documentId)).not.toContain(draft.id);
    const [audit] = await ctx.db.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'document.delete'));
    expect(audit!.entityId).toBe(draft.id);
    const [row] = await ctx.db.db.select().from(schema.documents).where(eq(schema.documents.id, draft.id));
    expect(row!.deletedAt).not.toBeNull();
  });

  it('links a document to the one it replaces', async () => {
    const admin = await ctx.signIn('admin');
    const old = (await ctx.app.inject(uploadRequest(admin, '/api/v1/documents', { name: 'old.txt', bytes: '危房改造补助标准（2019年）' }))).json();
    const successor = (await ctx.app.inject(uploadRequest(admin, '/api/v1/documents', { name: 'new.txt', bytes: '危房改造补助标准（2024年）' }, { replacesId: old.id }))).json();
    expect(successor.replaces).toMatchObject({ id: old.id });
    const oldPage = await ctx.app.inject({ method: 'GET', url: `/api/v1/documents/${old.id}`, headers: admin.headers });
    expect(oldPage.json().replacedBy).toMatchObject({ id: successor.id });
  });
});

describe('search input', () => {
  it('answers a 2,000-character query, a punctuation-only query and an emoji query without error', async () => {
    const admin = await ctx.signIn('admin');
    for (const q of ['医保'.repeat(1000), '，。！？……——', '🐂🌾🏥']) {
      const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}`, headers: admin.headers });
      expect(response.statusCode).toBe(200);
    }
    const tooLong = await ctx.app.inject({ method: 'GET', url: `/api/v1/search?q=${'a'.repeat(2001)}`, headers: admin.headers });
    expect(tooLong.json()).toMatchObject({ status: 400, field: 'query.q' });
  });

  it('never passes filter values raw into a Meilisearch filter', async () => {
    const secretary = await ctx.signIn('secretary');
    for (const value of ['" OR published = false OR issuing_body = "', "x') OR (1=1", 'a\\" OR true']) {
      const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/search?issuingBody=${encodeURIComponent(value)}&region=${encodeURIComponent(value)}`, headers: secretary.headers });
      expect(response.statusCode).toBe(200);
      expect(response.json().total).toBe(0);
    }
    const badTopic = await ctx.app.inject({ method: 'GET', url: `/api/v1/search?topic=${encodeURIComponent('healthcare" OR "1')}`, headers: secretary.headers });
    expect(badTopic.statusCode).toBe(400);
    expect(badTopic.json().field).toBe('query.topic.0');
  });
});

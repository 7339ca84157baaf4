import type { DocumentDetail } from '@fieldschool/contracts';
import { describe, expect, it } from 'vitest';
import { changedMetadata, toDocumentForm, toUploadMetadata } from './document-metadata.ts';

const INTERIM_ID = '0b6c3e59-3f0e-4a8e-9d7a-2f3c1d4e5a60';

const document: DocumentDetail = {
  id: '6f1f2f7c-8d1e-4a53-9a1b-0c2d3e4f5a61',
  title: '白玉县城乡居民基本医疗保险报销实施办法',
  docNumber: '白府发〔2024〕7号',
  issuingBody: '白玉县人民政府',
  issuedOn: '2024-03-01',
  validity: 'valid',
  topics: ['healthcare'],
  region: '白玉县',
  tags: ['医保', '报销'],
  summary: '住院起付线以上部分按比例报销。',
  published: true,
  createdAt: '2024-03-02T02:00:00.000Z',
  updatedAt: '2024-03-02T02:00:00.000Z',
  text: '第一条',
  textFormat: 'plain',
  textStatus: 'ok',
  versions: [],
  replaces: { id: INTERIM_ID, title: '白玉县城乡居民基本医疗保险报销暂行办法', docNumber: '白府发〔2019〕11号' },
  replacedBy: null,
  linkedFrom: [],
};

describe('toDocumentForm', () => {
  it('fills the form from a document, copying its lists', () => {
    const form = toDocumentForm(document);
    expect(form).toEqual({
      title: document.title,
      docNumber: '白府发〔2024〕7号',
      issuingBody: '白玉县人民政府',
      issuedOn: '2024-03-01',
      validity: 'valid',
      topics: ['healthcare'],
      region: '白玉县',
      tags: ['医保', '报销'],
      summary: document.summary,
      published: true,
      replacesId: INTERIM_ID,
    });
    form.tags.push('住院');
    expect(document.tags).toEqual(['医保', '报销']);
  });

  it('gives an upload blank text, a valid and published document, and no 文号', () => {
    expect(toDocumentForm(null)).toMatchObject({ title: '', docNumber: '', issuedOn: null, validity: 'valid', published: true, replacesId: null, topics: [] });
  });
});

describe('toUploadMetadata', () => {
  it('leaves blank text out so the api reads the title and 文号 from the file', () => {
    const body = toUploadMetadata({ ...toDocumentForm(null), title: '  ', docNumber: ' ', topics: ['agri_tech'] });
    expect(body).toEqual({ validity: 'valid', topics: ['agri_tech'], tags: [], published: true, issuedOn: null, replacesId: null });
  });

  it('sends typed text trimmed', () => {
    const body = toUploadMetadata({ ...toDocumentForm(null), title: ' 牦牛冬季补饲技术要点 ', docNumber: '白农发〔2024〕3号 ', region: ' 河坡乡' });
    expect(body).toMatchObject({ title: '牦牛冬季补饲技术要点', docNumber: '白农发〔2024〕3号', region: '河坡乡' });
    expect(body).not.toHaveProperty('issuingBody');
  });
});

describe('changedMetadata', () => {
  it('is empty when nothing changed, also when only surrounding spaces were typed', () => {
    expect(changedMetadata(toDocumentForm(document), document)).toEqual({});
    expect(changedMetadata({ ...toDocumentForm(document), region: ' 白玉县 ' }, document)).toEqual({});
  });

  it('sends only the changed fields', () => {
    const form = { ...toDocumentForm(document), validity: 'revised' as const, tags: ['医保'], published: false };
    expect(changedMetadata(form, document)).toEqual({ validity: 'revised', tags: ['医保'], published: false });
  });

  it('removes a 文号 that was blanked, and clears text and links', () => {
    const form = { ...toDocumentForm(document), docNumber: ' ', summary: '', replacesId: null, issuedOn: null };
    expect(changedMetadata(form, document)).toEqual({ docNumber: null, summary: '', replacesId: null, issuedOn: null });
  });
});

import { describe, expect, it } from 'vitest';
import { ExtractError, extractDocument } from './extract.ts';
import { renderSampleFile } from '@fieldschool/db/sample-files';
import { makeZip } from './zip-fixture.ts';

const SAMPLE = [
  '白玉县城乡居民医疗保险报销实施办法',
  '白府发〔2024〕7号',
  '第一条 为规范城乡居民基本医疗保险报销工作，保障参保群众合法权益，制定本办法。',
  '第二条 参保群众在乡镇卫生院住院的，政策范围内费用报销比例为百分之八十五，牦牛养殖户同样适用。',
].join('\n');

// The engine's own functions, taken before any PDF is read in this process.
const engine = { 'JSON.stringify': JSON.stringify, 'JSON.parse': JSON.parse, 'Array.prototype.push': Array.prototype.push };

const text = (s: string) => new TextEncoder().encode(s);
const compact = (s: string) => s.replace(/\s+/g, '');

async function extractError(bytes: Uint8Array, name: string): Promise<ExtractError> {
  const error = await extractDocument(bytes, name).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ExtractError);
  return error as ExtractError;
}

describe('extractDocument', () => {
  it('reads Chinese text back from a generated PDF', async () => {
    const doc = await extractDocument(await renderSampleFile(SAMPLE, 'pdf'), 'a.pdf');
    expect(doc.mediaType).toBe('application/pdf');
    expect(doc.textStatus).toBe('ok');
    expect(compact(doc.text)).toBe(compact(SAMPLE));
    expect(doc.docNumber).toBe('白府发〔2024〕7号');
  });

  it('leaves this thread’s built-ins as the engine made them after reading a PDF (pdf.js polyfills them in its own thread)', async () => {
    await extractDocument(await renderSampleFile(SAMPLE, 'pdf'), 'a.pdf');
    expect({ 'JSON.stringify': JSON.stringify, 'JSON.parse': JSON.parse, 'Array.prototype.push': Array.prototype.push }).toStrictEqual(engine);
  });

  it('reads a generated DOCX', async () => {
    const doc = await extractDocument(await renderSampleFile(SAMPLE, 'docx'), 'a.docx');
    expect(doc.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(doc.text).toBe(SAMPLE);
    expect(doc.docNumber).toBe('白府发〔2024〕7号');
  });

  it('decides by the bytes: a PDF named .docx is read as a PDF', async () => {
    const doc = await extractDocument(await renderSampleFile(SAMPLE, 'pdf'), 'renamed.docx');
    expect(doc.mediaType).toBe('application/pdf');
  });

  it('gives no_text for a PDF without a text layer (a scan)', async () => {
    const { default: PDFDocument } = await import('pdfkit');
    const pdf = new PDFDocument();
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve) => pdf.on('end', resolve));
    pdf.rect(50, 50, 300, 400).fill('#888');
    pdf.end();
    await done;
    const doc = await extractDocument(new Uint8Array(Buffer.concat(chunks)), 'scan.pdf');
    expect(doc).toMatchObject({ mediaType: 'application/pdf', textStatus: 'no_text' });
  });

  it('reads HTML as text, without scripts, keeping headings as written', async () => {
    const html = '<!doctype html><html><head><meta charset="utf-8"><title>t</title><script>alert(1)</script></head><body><h1>Policy 医保</h1><p>第一条 报销比例。</p></body></html>';
    const doc = await extractDocument(text(html), 'page.html');
    expect(doc.mediaType).toBe('text/html');
    expect(doc.text).toContain('Policy 医保');
    expect(doc.text).toContain('第一条 报销比例。');
    expect(doc.text).not.toContain('alert');
  });

  it('reads UTF-8 text and Markdown, and GB18030 when not valid UTF-8', async () => {
    expect(await extractDocument(text('\uFEFF# 标题\n正文'), 'a.md')).toMatchObject({ mediaType: 'text/markdown', text: '# 标题\n正文' });
    const gbk = new Uint8Array([0xd2, 0xbd, 0xc1, 0xc6, 0xb1, 0xa3, 0xcf, 0xd5]);
    expect(await extractDocument(gbk, 'old.txt')).toMatchObject({ mediaType: 'text/plain', text: '医疗保险', textStatus: 'ok' });
  });

  it('rejects an empty file', async () => {
    expect((await extractError(new Uint8Array(), 'a.pdf')).code).toBe('file_empty');
  });

  it('rejects an executable renamed .pdf', async () => {
    const elf = new Uint8Array(64);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    expect((await extractError(elf, 'policy.pdf')).code).toBe('file_type_unsupported');
  });

  it('rejects a zip that is not a DOCX', async () => {
    const zip = makeZip([{ name: 'notes.txt', data: text('hello') }]);
    expect((await extractError(zip, 'policy.docx')).code).toBe('file_type_unsupported');
  });

  it('rejects a corrupt PDF', async () => {
    const pdf = await renderSampleFile(SAMPLE, 'pdf');
    const broken = pdf.slice(0, 400);
    expect((await extractError(broken, 'broken.pdf')).code).toBe('file_corrupt');
  });

  it('rejects a zip bomb by its declared compression ratio', async () => {
    const bomb = makeZip([{ name: 'word/document.xml', data: new Uint8Array(20 * 1024 * 1024) }]);
    const error = await extractError(bomb, 'bomb.docx');
    expect(error.code).toBe('file_corrupt');
    expect(error.detail).toMatch(/too large.*ratio/);
  });

  it('rejects a zip whose declared total is over the cap', async () => {
    const entries = Array.from({ length: 3 }, (_, i) => ({ name: `word/media/${i}.bin`, data: text('x'), declaredSize: 100 * 1024 * 1024 }));
    const error = await extractError(makeZip([{ name: 'word/document.xml', data: text('<w/>') }, ...entries]), 'big.docx');
    expect(error.detail).toMatch(/uncompressed size/);
  });

  it('rejects a zip whose headers lie about the size', async () => {
    const liar = makeZip([{ name: 'word/document.xml', data: new Uint8Array(512 * 1024), declaredSize: 1000 }]);
    const error = await extractError(liar, 'liar.docx');
    expect(error.code).toBe('file_corrupt');
    expect(error.detail).toMatch(/inflates past its declared size/);
  });
});

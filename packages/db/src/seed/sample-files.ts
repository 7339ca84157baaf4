import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { courseTopic, documentValidity } from '../schema/enums.ts';

export type SampleFileKind = 'pdf' | 'docx';

let fontBytes: Promise<Buffer> | undefined;

/**
 * Noto Sans Hans from the npm package @embedpdf/fonts-sc (OFL). It covers GB2312, so
 * sample PDFs are written in simplified script; pdf.js extracts the text back exactly.
 */
function cjkFont(): Promise<Buffer> {
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');
  fontBytes ??= readFile(file);
  return fontBytes;
}

async function renderPdf(lines: string[]): Promise<Uint8Array> {
  const { default: PDFDocument } = await import('pdfkit');
  const font = await cjkFont();
  const doc = new PDFDocument({ size: 'A4', margin: 64, info: { Title: lines[0] ?? '' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.font(font);
  lines.forEach((line, i) => {
    if (i === 0) doc.fontSize(18).text(line, { align: 'center' }).moveDown(0.5).fontSize(12);
    else doc.text(line, { lineGap: 4, paragraphGap: 6 });
  });
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

async function renderDocx(lines: string[]): Promise<Uint8Array> {
  const { Document, HeadingLevel, Packer, Paragraph } = await import('docx');
  const heading = /^(第[一二三四五六七八九十百]+章|[一二三四五六七八九十]+、)/;
  const doc = new Document({
    sections: [
      {
        children: lines.map(
          (text, i) =>
            new Paragraph({
              text,
              ...(i === 0 ? { heading: HeadingLevel.TITLE } : heading.test(text) && text.length <= 30 ? { heading: HeadingLevel.HEADING_2 } : {}),
            }),
        ),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/**
 * Renders a sample document's text as a PDF or DOCX, so the repository keeps only text
 * and the seed and tests still exercise real extraction. One paragraph per line; the
 * first line is the title.
 */
export async function renderSampleFile(text: string, as: SampleFileKind): Promise<Uint8Array> {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/^#{1,6}\s+/, '').trim())
    .filter(Boolean);
  return as === 'pdf' ? renderPdf(lines) : renderDocx(lines);
}

type Topic = (typeof courseTopic.enumValues)[number];
type Validity = (typeof documentValidity.enumValues)[number];

/** One entry of packages/db/seed-library/library.json. */
export interface SampleLibraryEntry {
  file: string;
  /** Render the text file as this kind of file before extraction. */
  as?: SampleFileKind;
  title: string;
  docNumber: string | null;
  issuingBody: string;
  issuedOn: string;
  validity: Validity;
  topics: Topic[];
  region: string;
  tags: string[];
  summary: string;
  /** `file` of the document this one replaces. */
  replaces?: string;
}

export interface SampleFile {
  entry: SampleLibraryEntry;
  /** The name an upload would have: `as` files get a .pdf / .docx name. */
  fileName: string;
  bytes: Uint8Array;
}

/** Reads the sample library: the manifest and each file's bytes, rendered as PDF/DOCX where asked. */
export async function* readSampleLibrary(dir: string): AsyncGenerator<SampleFile> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'library.json'), 'utf8')) as { documents: SampleLibraryEntry[] };
  for (const entry of manifest.documents) {
    const source = await readFile(path.join(dir, entry.file));
    if (!entry.as) {
      yield { entry, fileName: entry.file, bytes: new Uint8Array(source) };
      continue;
    }
    const fileName = entry.file.replace(/\.[^.]+$/, `.${entry.as}`);
    yield { entry, fileName, bytes: await renderSampleFile(source.toString('utf8'), entry.as) };
  }
}

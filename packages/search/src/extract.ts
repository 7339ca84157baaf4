import { Worker } from 'node:worker_threads';
import { fileTypeFromBuffer } from 'file-type';
import { convert as htmlToText } from 'html-to-text';
import mammoth from 'mammoth';
import { parseDocNumber } from './doc-number.ts';
import { hasSearchableText } from './normalize.ts';
import { inspectZip, ZipError } from './zip.ts';

export type ExtractErrorCode = 'file_empty' | 'file_type_unsupported' | 'file_corrupt';

/** A file we cannot take; `code` is stable (the api maps it to a problem+json code). */
export class ExtractError extends Error {
  constructor(
    readonly code: ExtractErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ExtractError';
  }
}

export type DocumentMediaType =
  | 'application/pdf'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  | 'text/html'
  | 'text/markdown'
  | 'text/plain';

export interface ExtractedDocument {
  mediaType: DocumentMediaType;
  text: string;
  /** 'no_text' for a file with nothing to index, e.g. a scanned PDF. */
  textStatus: 'ok' | 'no_text';
  /** The 文号 found near the top of the text, if any. */
  docNumber?: string;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const HTML_START = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|h[1-6]|article|section|table)[\s>/]/i;

function startsWith(bytes: Uint8Array, ascii: string, at = 0): boolean {
  for (let i = 0; i < ascii.length; i++) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

function isPdf(bytes: Uint8Array): boolean {
  // The header may follow a little junk; PDF readers look in the first 1 KiB.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

/** The PDF reader's thread (see the file for why it is not this one). */
const PDF_TEXT_WORKER = new URL('./pdf-text-worker.mjs', import.meta.url);

type PdfTextAnswer = { text: string } | { error: { name?: string; message: string } };

async function extractPdf(bytes: Uint8Array): Promise<string> {
  // A copy, transferred to the worker: the caller keeps its bytes.
  const data = bytes.slice();
  const answer = await new Promise<PdfTextAnswer>((resolve, reject) => {
    const worker = new Worker(PDF_TEXT_WORKER, { workerData: data, transferList: [data.buffer] });
    worker.once('message', resolve);
    worker.once('error', reject);
    // After an answer this changes nothing; without one, the reader died (out of memory, say).
    worker.once('exit', (code) => reject(new ExtractError('file_corrupt', `unreadable PDF (the reader stopped with code ${code})`)));
  });
  if ('text' in answer) return answer.text;
  const detail = answer.error.name === 'PasswordException' ? 'the PDF is password-protected' : `unreadable PDF (${answer.error.message})`;
  throw new ExtractError('file_corrupt', detail);
}

async function extractDocx(bytes: Uint8Array): Promise<string> {
  let entries: string[];
  try {
    entries = inspectZip(bytes);
  } catch (error) {
    if (error instanceof ZipError) throw new ExtractError('file_corrupt', `${error.kind === 'too_large' ? 'zip too large' : 'damaged zip'}: ${error.message}`);
    throw error;
  }
  if (!entries.includes('word/document.xml')) throw new ExtractError('file_type_unsupported', 'a zip archive that is not a DOCX');
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    return value.replace(/\n{2,}/g, '\n');
  } catch (error) {
    throw new ExtractError('file_corrupt', `unreadable DOCX (${(error as Error).message})`);
  }
}

/** UTF-8 (with or without BOM) if valid, else GB18030, the superset of GBK/GB2312 that older Chinese files use. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8192).includes(0);
}

function result(mediaType: DocumentMediaType, rawText: string): ExtractedDocument {
  const text = rawText.replace(/\r\n?/g, '\n').replace(/[ \t]+\n/g, '\n').trim();
  const docNumber = parseDocNumber(text);
  return { mediaType, text, textStatus: hasSearchableText(text) ? 'ok' : 'no_text', ...(docNumber ? { docNumber } : {}) };
}

/**
 * Extracts the text of an uploaded policy document. The type is decided from the bytes,
 * never from the name (a PDF named .docx is read as a PDF); the name only tells Markdown
 * from plain text.
 */
export async function extractDocument(bytes: Uint8Array, fileName: string): Promise<ExtractedDocument> {
  if (bytes.byteLength === 0) throw new ExtractError('file_empty', 'the file is empty');
  if (startsWith(bytes, 'PK\x03\x04') || startsWith(bytes, 'PK\x05\x06')) return result(DOCX, await extractDocx(bytes));
  if (isPdf(bytes)) return result('application/pdf', await extractPdf(bytes));

  const detected = await fileTypeFromBuffer(bytes);
  if (detected || looksBinary(bytes)) {
    throw new ExtractError('file_type_unsupported', `not a PDF, DOCX, HTML or text file (${detected?.mime ?? 'binary data'})`);
  }
  const text = decodeText(bytes).replace(/^\uFEFF/, '');
  if (HTML_START.test(text)) {
    return result(
      'text/html',
      htmlToText(text, {
        wordwrap: false,
        selectors: [
          ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
          { selector: 'table', options: { uppercaseHeaderCells: false } },
          { selector: 'a', options: { ignoreHref: true } },
          { selector: 'img', format: 'skip' },
          { selector: 'script', format: 'skip' },
          { selector: 'style', format: 'skip' },
        ],
      }),
    );
  }
  return result(/\.(md|markdown)$/i.test(fileName) ? 'text/markdown' : 'text/plain', text);
}

import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/*
 * What the printed paper of issue 9 shares: one CJK face (Debian's fonts-noto-cjk, DESIGN
 * §8; a .ttc needs the face name), one way to collect a pdfkit document into bytes, and
 * one way to draw a QR code — as vector squares, so it prints sharp at any size.
 */

export const CJK_FONT = { name: 'cjk', path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' } as const;

/** The collection's 19 MB, read once when first needed rather than by every document. */
let fontBytes: Buffer | undefined;
const cjkFontBytes = () => (fontBytes ??= readFileSync(CJK_FONT.path));

export type Pdf = InstanceType<typeof PDFDocument>;

/** An A4 document with the CJK face registered and selected, and its bytes once `end()` is called. */
export function a4Document(info: { Title: string }, margin = 0): { doc: Pdf; bytes: Promise<Buffer> } {
  const doc = new PDFDocument({ size: 'A4', margin, bufferPages: false, autoFirstPage: true, info: { ...info, Creator: 'FieldSchool' } });
  const bytes = collect(doc);
  doc.registerFont(CJK_FONT.name, cjkFontBytes(), CJK_FONT.face);
  doc.font(CJK_FONT.name);
  return { doc, bytes };
}

/** The document's bytes, once it has ended. */
export function collect(doc: Pdf): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/**
 * Draws `text` as a QR code whose modules fill `size` points, with a quiet zone of
 * `quiet` modules inside it painted white. Runs of dark modules are one rectangle each.
 */
export function drawQr(doc: Pdf, text: string, x: number, y: number, size: number, options: { level?: 'L' | 'M' | 'Q' | 'H'; quiet?: number; fixedMask?: boolean } = {}): void {
  // Choosing the best of the 8 masks is most of the cost of a code; many small codes take mask 0.
  const qr = QRCode.create(text, { errorCorrectionLevel: options.level ?? 'M', ...(options.fixedMask ? { maskPattern: 0 } : {}) });
  const count = qr.modules.size;
  const quiet = options.quiet ?? 2;
  const cell = size / (count + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let row = 0; row < count; row += 1) {
    let run = -1;
    for (let col = 0; col <= count; col += 1) {
      const dark = col < count && qr.modules.get(row, col) === 1;
      if (dark && run < 0) run = col;
      if (!dark && run >= 0) {
        doc.rect(x + (quiet + run) * cell, y + (quiet + row) * cell, (col - run) * cell + 0.01, cell + 0.01);
        run = -1;
      }
    }
  }
  doc.fill();
  doc.restore();
}

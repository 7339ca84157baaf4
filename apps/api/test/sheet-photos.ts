import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { signatureBox } from '../src/services/paper/sheet-layout.ts';

/*
 * Phone photos of a printed sign-in sheet, made the way a trainer would: the PDF rendered
 * to pixels by poppler's pdftoppm, strokes drawn into chosen rows' signature boxes, then
 * rotated, scaled, noised and lit unevenly. Used by the read-back tests and the benchmark.
 */

export interface PhotoOptions {
  /** Rows (0-based on the page) that get a signature. */
  signed: readonly number[];
  /** Degrees, clockwise. */
  rotate?: number;
  scale?: number;
  /** Standard deviation of the grey noise added. */
  noise?: number;
  /** Darkening from the left edge to the right: 0.4 leaves the right side at 60 %. */
  unevenLight?: number;
  /** Gaussian blur sigma, for a shaky photo. */
  blur?: number;
  dpi?: number;
  /** Pad around the page, as a share of its width, in a darker "table" grey. */
  margin?: number;
  seed?: number;
}

/** Page `page` (1-based) of the PDF as an 8-bit grey raster. */
export function renderPage(pdf: Buffer, page = 1, dpi = 150): { data: Buffer; width: number; height: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'fieldschool-sheet-'));
  try {
    writeFileSync(path.join(dir, 'sheet.pdf'), pdf);
    execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', path.join(dir, 'sheet.pdf'), path.join(dir, 'page')]);
    const pgm = readFileSync(path.join(dir, 'page.pgm'));
    // P5 header: "P5\n<w> <h>\n255\n"
    const header = pgm.toString('latin1', 0, 64).match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/)!;
    return { data: pgm.subarray(header[0].length), width: Number(header[1]), height: Number(header[2]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A scrawl of a few strokes across a box, like a name written in a hurry. */
function drawSignature(data: Buffer, width: number, box: { x: number; y: number; width: number; height: number }, next: () => number): void {
  const strokes = 3 + Math.floor(next() * 3);
  const thickness = 1.6;
  for (let s = 0; s < strokes; s += 1) {
    const x0 = box.x + box.width * (0.1 + 0.6 * next());
    const length = box.width * (0.15 + 0.2 * next());
    for (let t = 0; t <= 1; t += 0.002) {
      const x = x0 + length * t;
      const y = box.y + box.height * (0.5 + 0.3 * Math.sin(t * 12 + s * 2));
      for (let dy = -thickness; dy <= thickness; dy += 1) {
        for (let dx = -thickness; dx <= thickness; dx += 1) {
          const i = Math.round(y + dy) * width + Math.round(x + dx);
          if (i >= 0 && i < data.length) data[i] = 30;
        }
      }
    }
  }
}

export async function sheetPhoto(pdf: Buffer, options: PhotoOptions, page = 1): Promise<Buffer> {
  const dpi = options.dpi ?? 150;
  const raster = renderPage(pdf, page, dpi);
  const data = Buffer.from(raster.data);
  const perPoint = dpi / 72;
  const next = random(options.seed ?? 7);
  for (const row of options.signed) {
    const box = signatureBox(row);
    drawSignature(data, raster.width, { x: box.x * perPoint, y: box.y * perPoint, width: box.width * perPoint, height: box.height * perPoint }, next);
  }
  const pad = Math.round(raster.width * (options.margin ?? 0.06));
  const padded = await sharp(data, { raw: { width: raster.width, height: raster.height, channels: 1 } })
    .extend({ top: pad, bottom: pad, left: pad, right: pad, background: { r: 100, g: 100, b: 100 } })
    .png()
    .toBuffer();
  let image = sharp(padded).rotate(options.rotate ?? 0, { background: { r: 100, g: 100, b: 100 } });
  if (options.blur) image = image.blur(options.blur);
  // A raw pipeline applies rotation before extension whatever the call order: one step at a time.
  const turned = await image.toColourspace('b-w').png().toBuffer();
  const meta = await sharp(turned).metadata();
  const scaled = await sharp(turned)
    .resize({ width: Math.round(meta.width! * (options.scale ?? 1)) })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out = Buffer.from(scaled.data);
  const light = options.unevenLight ?? 0;
  const noise = options.noise ?? 0;
  for (let y = 0; y < scaled.info.height; y += 1) {
    for (let x = 0; x < scaled.info.width; x += 1) {
      const i = y * scaled.info.width + x;
      const shade = 1 - light * (x / scaled.info.width);
      // Box–Muller would be truer; the sum of three uniforms is close enough for grain.
      const grain = noise ? (next() + next() + next() - 1.5) * 2 * noise : 0;
      out[i] = Math.max(0, Math.min(255, Math.round(out[i]! * shade + grain)));
    }
  }
  return sharp(out, { raw: { width: scaled.info.width, height: scaled.info.height, channels: 1 } }).jpeg({ quality: 88 }).toBuffer();
}

/** The benchmark's floor: one jsQR pass over a whole photo, as decoded by sharp. */
export async function oneJsqrPass(photo: Buffer): Promise<{ ms: number; width: number; height: number }> {
  const { default: jsQR } = await import('jsqr');
  const { data, info } = await sharp(photo).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const start = performance.now();
  jsQR(new Uint8ClampedArray(data), info.width, info.height, { inversionAttempts: 'dontInvert' });
  return { ms: performance.now() - start, width: info.width, height: info.height };
}

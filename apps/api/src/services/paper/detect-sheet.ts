import jsQR from 'jsqr';
import sharp from 'sharp';
import { AppError } from '../../errors.ts';
import { completeParallelogram, homography, type Homography, type Point } from './homography.ts';
import { CORNER_QR, cornerCentre, parseCornerCode, signatureBox, type CornerCode } from './sheet-layout.ts';

/*
 * Reading a photographed sign-in sheet, without writing anything:
 * 1. decode the photo (any format sharp reads; EXIF rotation applied), grey, at most
 *    WORK_SIZE pixels on its long side;
 * 2. find the four corner codes with jsQR, one image corner region at a time (a region may
 *    hold row codes too: a code that is not a corner code is painted over and the region
 *    read again);
 * 3. map the page onto the photo with the homography the four corners give (three are
 *    enough: the fourth is completed as a parallelogram);
 * 4. measure the ink inside each row's signature box, against that box's own paper white
 *    (so uneven light across the page does not matter), and call the row signed past a
 *    threshold, with a confidence from how far past it is.
 */

const WORK_SIZE = 2400;
/** Share of a box's sampled pixels that must be ink: a short stroke covers 3–10 %, paper noise stays under 0.3 %. */
const INK_THRESHOLD = 0.012;
/** A pixel is ink when darker than this share of the box's paper white. */
const INK_DARKNESS = 0.62;
/** Below this Laplacian variance the photo is too blurred for codes to be read. */
const BLUR_LIMIT = 60;

export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface RowReading {
  row: number;
  marked: boolean;
  /** 0.5 (at the threshold) to 1 (far from it). */
  confidence: number;
  ink: number;
  /** The signature box in the photo, as fractions of its width and height: TL, TR, BR, BL. */
  box: Point[];
}

export interface LocatedSheet {
  code: Omit<CornerCode, 'corner'>;
  /** Corner codes read (3 or 4). */
  corners: number;
  toPhoto: Homography;
  pixelsPerPoint: number;
}

export async function loadGrey(photo: Buffer): Promise<GreyImage> {
  try {
    const { data, info } = await sharp(photo, { limitInputPixels: 80_000_000 })
      .rotate()
      .resize({ width: WORK_SIZE, height: WORK_SIZE, fit: 'inside', withoutEnlargement: true })
      .greyscale()
      // Camera grain breaks jsQR's binariser on codes a few pixels a module; a 3×3 median keeps the edges.
      .median(3)
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (error) {
    throw new AppError('file_type_unsupported', 'The photo is not an image we can read (JPEG, PNG or WebP)', { field: 'photo', cause: error });
  }
}

/** Variance of the 4-neighbour Laplacian on a coarse grid: low for a blurred or empty photo. */
export function sharpness(image: GreyImage): number {
  const { data, width, height } = image;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y += 2) {
    for (let x = 1; x < width - 1; x += 2) {
      const i = y * width + x;
      const l = data[i - 1]! + data[i + 1]! + data[i - width]! + data[i + width]! - 4 * data[i]!;
      sum += l;
      sumSq += l * l;
      n += 1;
    }
  }
  return n ? sumSq / n - (sum / n) ** 2 : 0;
}

function crop(image: GreyImage, left: number, top: number, width: number, height: number): { rgba: Uint8ClampedArray; width: number; height: number } {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    const row = (top + y) * image.width + left;
    for (let x = 0; x < width; x += 1) {
      const v = image.data[row + x]!;
      const o = (y * width + x) * 4;
      rgba[o] = v;
      rgba[o + 1] = v;
      rgba[o + 2] = v;
      rgba[o + 3] = 255;
    }
  }
  return { rgba, width, height };
}

function paintOver(region: { rgba: Uint8ClampedArray; width: number; height: number }, points: Point[]): void {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const pad = 4;
  const x0 = Math.max(0, Math.floor(Math.min(...xs)) - pad);
  const x1 = Math.min(region.width - 1, Math.ceil(Math.max(...xs)) + pad);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)) - pad);
  const y1 = Math.min(region.height - 1, Math.ceil(Math.max(...ys)) + pad);
  for (let y = y0; y <= y1; y += 1) region.rgba.fill(255, (y * region.width + x0) * 4, (y * region.width + x1 + 1) * 4);
}

interface FoundCorner {
  code: CornerCode;
  centre: Point;
}

/** The corner code in one region of the photo, painting over other codes it meets. */
function cornerIn(image: GreyImage, left: number, top: number, width: number, height: number): FoundCorner | undefined {
  const region = crop(image, left, top, width, height);
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const found = jsQR(region.rgba, region.width, region.height, { inversionAttempts: 'dontInvert' });
    if (!found) return undefined;
    const { topLeftCorner, topRightCorner, bottomRightCorner, bottomLeftCorner } = found.location;
    const points = [topLeftCorner, topRightCorner, bottomRightCorner, bottomLeftCorner];
    const code = parseCornerCode(found.data);
    if (code) {
      return { code, centre: { x: left + points.reduce((s, p) => s + p.x, 0) / 4, y: top + points.reduce((s, p) => s + p.y, 0) / 4 } };
    }
    paintOver(region, points);
  }
  return undefined;
}

/** Where the page point lands under the similarity (scale, turn, shift) that two found corners give. */
function predict(a: FoundCorner, b: FoundCorner, corner: number): { centre: Point; scale: number } {
  const pa = cornerCentre(a.code.corner);
  const pb = cornerCentre(b.code.corner);
  // As complex numbers: photo = k · page + shift.
  const dpx = pb.x - pa.x;
  const dpy = pb.y - pa.y;
  const dqx = b.centre.x - a.centre.x;
  const dqy = b.centre.y - a.centre.y;
  const norm = dpx * dpx + dpy * dpy;
  const kx = (dqx * dpx + dqy * dpy) / norm;
  const ky = (dqy * dpx - dqx * dpy) / norm;
  const p = cornerCentre(corner);
  const rx = p.x - pa.x;
  const ry = p.y - pa.y;
  return { centre: { x: a.centre.x + kx * rx - ky * ry, y: a.centre.y + ky * rx + kx * ry }, scale: Math.hypot(kx, ky) };
}

/**
 * The corner codes: first in a small region at each corner of the photo; a code that sits
 * among the rows' small codes may hide from that, so once two corners are known the others
 * are looked for in a tight window where the page's geometry puts them; wider regions last.
 */
function findCorners(image: GreyImage): FoundCorner[] {
  const { width, height } = image;
  const found = new Map<number, FoundCorner>();
  const keep = (corner: FoundCorner | undefined) => {
    if (corner && !found.has(corner.code.corner)) found.set(corner.code.corner, corner);
  };
  const region = (qx: number, qy: number, share: number) => {
    const w = Math.floor(width * share);
    const h = Math.floor(height * share);
    keep(cornerIn(image, qx ? width - w : 0, qy ? height - h : 0, w, h));
  };
  const quadrants = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ] as const;
  for (const [qx, qy] of quadrants) region(qx, qy, 0.22);
  if (found.size >= 2 && found.size < 4) {
    const [a, b] = [...found.values()];
    for (const corner of [0, 1, 2, 3].filter((k) => !found.has(k))) {
      const { centre, scale } = predict(a!, b!, corner);
      const half = Math.ceil(CORNER_QR * scale * 1.3);
      const left = Math.max(0, Math.round(centre.x - half));
      const top = Math.max(0, Math.round(centre.y - half));
      const w = Math.min(width - left, 2 * half);
      const h = Math.min(height - top, 2 * half);
      if (w > 20 && h > 20) keep(cornerIn(image, left, top, w, h));
    }
  }
  if (found.size < 4) for (const [qx, qy] of quadrants) region(qx, qy, 0.5);
  return [...found.values()];
}

/** The grey level at a point of the photo (bilinear). */
function sample(image: GreyImage, p: Point): number {
  const x = Math.min(Math.max(p.x, 0), image.width - 1.001);
  const y = Math.min(Math.max(p.y, 0), image.height - 1.001);
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * image.width + x0;
  const d = image.data;
  return (d[i]! * (1 - fx) + d[i + 1]! * fx) * (1 - fy) + (d[i + image.width]! * (1 - fx) + d[i + image.width + 1]! * fx) * fy;
}

/** Share of ink in a row's signature box, inset from its printed lines. */
function inkIn(image: GreyImage, toPhoto: Homography, row: number, pixelsPerPoint: number): number {
  const box = signatureBox(row);
  const insetX = 5;
  const insetY = box.height * 0.2;
  const step = 1 / Math.max(pixelsPerPoint, 0.5);
  const values: number[] = [];
  for (let v = box.y + insetY; v <= box.y + box.height - insetY; v += step) {
    for (let u = box.x + insetX; u <= box.x + box.width - insetX; u += step) values.push(sample(image, toPhoto({ x: u, y: v })));
  }
  const sorted = Float64Array.from(values).sort();
  const paper = sorted[Math.floor(sorted.length * 0.9)] ?? 255;
  const limit = Math.min(paper * INK_DARKNESS, paper - 35);
  let ink = 0;
  for (const value of values) if (value < limit) ink += 1;
  return ink / Math.max(values.length, 1);
}

/** Finds the sheet in the photo and how its page maps onto it; refuses a photo with no sheet, or too blurred to read. */
export function locateSheet(image: GreyImage): LocatedSheet {
  const corners = findCorners(image);
  if (corners.length < 3) {
    if (corners.length === 0 && sharpness(image) >= BLUR_LIMIT) throw new AppError('sheet_not_found', 'No sign-in sheet was found in the photo', { field: 'photo' });
    throw new AppError('sheet_unreadable', `The photo is too blurred or cut off: ${corners.length} of the 4 corner codes could be read`, { field: 'photo' });
  }
  const first = corners[0]!.code;
  if (corners.some((c) => c.code.sheetId !== first.sheetId || c.code.page !== first.page)) {
    throw new AppError('sheet_unreadable', 'The corner codes belong to different sheets or pages: photograph one page at a time', { field: 'photo' });
  }
  const byCorner = new Map(corners.map((c) => [c.code.corner, c.centre]));
  if (byCorner.size === 3) {
    const missing = [0, 1, 2, 3].find((k) => !byCorner.has(k))!;
    // The opposite corner and its two neighbours, in order around the page.
    const before = byCorner.get((missing + 3) % 4)!;
    const opposite = byCorner.get((missing + 2) % 4)!;
    const after = byCorner.get((missing + 1) % 4)!;
    byCorner.set(missing, completeParallelogram(before, opposite, after));
  }
  const order = [0, 1, 2, 3];
  const toPhoto = homography(
    order.map(cornerCentre),
    order.map((k) => byCorner.get(k)!),
  );
  const topWidth = Math.hypot(byCorner.get(1)!.x - byCorner.get(0)!.x, byCorner.get(1)!.y - byCorner.get(0)!.y);
  const pixelsPerPoint = topWidth / (cornerCentre(1).x - cornerCentre(0).x);
  return { code: { sessionId: first.sessionId, sheetId: first.sheetId, page: first.page }, corners: corners.length, toPhoto, pixelsPerPoint };
}

/** The first `rowCount` rows of the located page: signed or not, and where their boxes are in the photo. */
export function measureRows(image: GreyImage, sheet: LocatedSheet, rowCount: number): RowReading[] {
  const { toPhoto, pixelsPerPoint } = sheet;
  const rows: RowReading[] = [];
  for (let row = 0; row < rowCount; row += 1) {
    const ink = inkIn(image, toPhoto, row, pixelsPerPoint);
    const marked = ink > INK_THRESHOLD;
    const distance = marked ? (ink - INK_THRESHOLD) / INK_THRESHOLD : (INK_THRESHOLD - ink) / INK_THRESHOLD;
    const box = signatureBox(row);
    rows.push({
      row,
      marked,
      confidence: Math.round((0.5 + 0.5 * Math.min(distance, 1)) * 100) / 100,
      ink: Math.round(ink * 10_000) / 10_000,
      box: [
        { x: box.x, y: box.y },
        { x: box.x + box.width, y: box.y },
        { x: box.x + box.width, y: box.y + box.height },
        { x: box.x, y: box.y + box.height },
      ].map((p) => {
        const q = toPhoto(p);
        return { x: Math.round((q.x / image.width) * 10_000) / 10_000, y: Math.round((q.y / image.height) * 10_000) / 10_000 };
      }),
    });
  }
  return rows;
}

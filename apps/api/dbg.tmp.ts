import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import jsQR from 'jsqr';
import { sheetPhoto } from './test/sheet-photos.ts';
const pdf = readFileSync('/tmp/sheet.pdf');
const photo = await sheetPhoto(pdf, { signed: [] });
const { data, info } = await sharp(photo).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
console.log(info.width, info.height);
const W = info.width, H = info.height;
for (const share of [0.2, 0.34]) for (const [qx, qy] of [[0,0],[1,0],[1,1],[0,1]]) {
  const w = Math.floor(W * share), h = Math.floor(H * share);
  const left = qx ? W - w : 0, top = qy ? H - h : 0;
  const buf = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) buf.set(data.subarray(((top + y) * W + left) * 4, ((top + y) * W + left + w) * 4), y * w * 4);
  const t = performance.now();
  const r = jsQR(buf, w, h, { inversionAttempts: 'dontInvert' });
  console.log(share, qx, qy, r?.data, performance.now() - t);
  if (share === 0.2 && qx === 1 && qy === 0) await sharp(Buffer.from(buf), { raw: { width: w, height: h, channels: 4 } }).png().toFile('/tmp/tr.png');
}

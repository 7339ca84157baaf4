import { writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { renderSignInSheet, paginate } from './src/services/paper/sign-in-sheet.ts';
import { loadGrey, locateSheet, measureRows } from './src/services/paper/detect-sheet.ts';
import { sheetPhoto } from './test/sheet-photos.ts';
const farmers = Array.from({ length: 25 }, (_, i) => ({ id: randomUUID(), name: '泽仁拉姆' + i, householdNo: String(i), last4: '002X', villageName: '根呷村' }));
let t = performance.now();
const pdf = await renderSignInSheet({ sheetId: randomUUID(), session: { id: randomUUID(), courseTitle: '马铃薯规模化种植', villageName: '根呷村', townshipName: '河坡乡', venue: '村活动室', startsAt: '2031-03-04T01:00:00Z', endsAt: '2031-03-04T03:00:00Z', trainers: [{ id: randomUUID(), name: '张明' }] }, pages: paginate([...farmers, ...Array(5).fill(null)]), materials: ['马铃薯种植明白纸'] });
console.log('pdf', performance.now() - t);
let n = 0;
for (const opts of [{ signed: [0, 3, 7, 29], rotate: 0 }, { signed: [1, 2, 15, 28], rotate: 4, scale: 0.9, noise: 12, unevenLight: 0.4 }, { signed: [5], rotate: -3, scale: 1.2, noise: 8, unevenLight: 0.3 }]) {
  t = performance.now();
  const photo = await sheetPhoto(pdf, opts);
  console.log('photo', performance.now() - t, photo.length);
  await sharp(photo).resize({ width: 800 }).png().toFile(`/tmp/photo${n++}.png`);
  t = performance.now();
  try {
  const grey = await loadGrey(photo);
  const sheet = locateSheet(grey);
  const rows = measureRows(grey, sheet, 30);
  console.log('read', performance.now() - t, sheet.corners, rows.filter((r) => r.marked).map((r) => r.row), 'expected', opts.signed, 'max unmarked ink', Math.max(...rows.filter((r) => !r.marked).map((r) => r.ink)), 'min marked', Math.min(...rows.filter((r) => r.marked).map((r) => r.ink)));
  } catch (e) { console.log('ERR', (e as Error).message, performance.now() - t); }
}

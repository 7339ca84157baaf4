// Draws the app's install icons (PNG, as Android and the web app manifest want) from our own
// leaf mark in favicon.svg, with Chromium. Run once after changing the mark:
//   pnpm --filter @fieldschool/bench exec tsx ../apps/web/build/make-icons.ts
// The maskable icon keeps the mark inside the safe circle (80 % of the side) on a full bleed.
import { writeFileSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const mark = readFileSync(new URL('../public/favicon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const { size, maskable } of [
  { size: 192, maskable: false },
  { size: 512, maskable: false },
  { size: 512, maskable: true },
]) {
  await page.setViewportSize({ width: size, height: size });
  const inner = maskable ? size * 0.7 : size;
  await page.setContent(
    `<body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${maskable ? '#2f7d4f' : 'transparent'}">` +
      `<div style="width:${inner}px;height:${inner}px">${mark.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body>`,
  );
  const file = new URL(`../public/icons/icon-${size}${maskable ? '-maskable' : ''}.png`, import.meta.url);
  writeFileSync(file, await page.screenshot({ omitBackground: !maskable }));
}
await browser.close();

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { attendancesOf, fakeCameraArgs, sessionHappeningNow, writeQrVideo } from './checkin-helpers.ts';
import { accounts, apiSignIn, signIn } from './helpers.ts';

// The heart of check-in (issue 8): a trainer takes a session offline, loses the network,
// checks in 200 farmers by roster and one by their card through the camera, reloads the page
// with no network (the service worker serves it), comes back online, and the server holds
// exactly 201 attendances. Its own Chromium: the fake camera is a launch flag, and the video
// it plays is made here from the card of a farmer in this run's database.

const BY_ROSTER = Number(process.env.E2E_CHECKIN_BY_ROSTER ?? 200);

async function waiting(page: Page): Promise<number> {
  return Number(await page.getByTestId('checkin-waiting').getAttribute('data-waiting'));
}

test('offline check-in: 200 by roster and one card, through an offline reload, land exactly once', async ({ playwright, baseURL }) => {
  test.setTimeout(600_000);
  const admin = await apiSignIn(playwright, baseURL!, accounts.admin);
  const trainer = await apiSignIn(playwright, baseURL!, accounts.trainer);
  const trainerId = ((await (await trainer.api.get('/api/v1/auth/session')).json()) as { user: { id: string } }).user.id;
  const session = await sessionHappeningNow(admin, trainerId, BY_ROSTER + 1);
  // The card of a farmer the roster clicks will not reach (they go in list order).
  const carded = session.roster.at(-1)!;

  const dir = mkdtempSync(path.join(tmpdir(), 'fieldschool-camera-'));
  const video = path.join(dir, 'card.y4m');
  writeQrVideo(video, carded.cardToken);
  const browser = await playwright.chromium.launch({
    ...test.info().project.use.launchOptions,
    args: [...(test.info().project.use.launchOptions?.args ?? []), ...fakeCameraArgs(video)],
  });
  const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.grantPermissions(['camera'], { origin: baseURL });
  const page = await context.newPage();
  try {
    await signIn(page, accounts.trainer);
    await page.goto(`/schedule/sessions/${session.id}`);
    await page.getByTestId('session-take-offline').click();
    await expect(page.getByTestId('checkin-offline-ready')).toBeVisible({ timeout: 60_000 });
    // The worker has precached the app: the next load needs no network.
    await expect(page.getByTestId('checkin-shell')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
    await expect(page.getByTestId('checkin-roster-count')).toContainText(`共 ${session.roster.length} 人，已签到 0 人`);

    await context.setOffline(true);
    await expect(page.getByTestId('checkin-network')).toHaveText('离线');
    const started = Date.now();
    for (let n = 0; n < BY_ROSTER; n++) {
      if ((await page.getByTestId('checkin-tick').count()) === 0) await page.getByTestId('checkin-more').click();
      await page.getByTestId('checkin-tick').first().click();
    }
    await expect.poll(() => waiting(page)).toBe(BY_ROSTER);
    console.log(`${BY_ROSTER} roster check-ins in ${Date.now() - started} ms`);

    await page.locator('.n-tabs-tab').filter({ hasText: '扫卡' }).click();
    await page.getByTestId('checkin-scan-start').click();
    await expect(page.getByTestId('checkin-scan-stop')).toBeVisible();
    await expect(page.getByTestId('checkin-said')).toHaveText(`${carded.name} 已签到`, { timeout: 30_000 });
    await page.getByTestId('checkin-scan-stop').click();
    await expect.poll(() => waiting(page)).toBe(BY_ROSTER + 1);

    // No network at all, and the page comes back from the service worker with the queue intact.
    await page.reload();
    await expect(page.getByTestId('checkin-roster-count')).toContainText(`已签到 ${BY_ROSTER + 1} 人`);
    expect(await waiting(page)).toBe(BY_ROSTER + 1);
    expect(await attendancesOf(admin, session.id)).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(() => waiting(page), { timeout: 60_000 }).toBe(0);
    await expect(page.getByTestId('checkin-waiting')).toHaveText('签到都已上传');

    const attendances = await attendancesOf(admin, session.id);
    expect(attendances).toHaveLength(BY_ROSTER + 1);
    expect(new Set(attendances.map((a) => a.farmerId)).size).toBe(BY_ROSTER + 1);
    expect(attendances.map((a) => a.farmerId)).toContain(carded.id);
  } finally {
    await context.close();
    await browser.close();
  }
});

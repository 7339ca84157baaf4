import { expect, test } from '@playwright/test';
import { attendancesOf } from './checkin-helpers.ts';
import { accounts, apiSignIn, signIn } from './helpers.ts';
import { firstCourse } from './schedule-helpers.ts';

// A trainer's home page leads to the day's check-in: their next sessions with a check-in link,
// the ones this phone has taken offline, and how many check-ins still wait to be uploaded,
// which it reads from the phone's own store even with no network.

test("the trainer's home lists their next session, leads to its check-in and counts what waits to be uploaded", async ({ page, context, playwright, baseURL }) => {
  test.setTimeout(180_000);
  const admin = await apiSignIn(playwright, baseURL!, accounts.admin);
  const trainer = await apiSignIn(playwright, baseURL!, accounts.trainer);
  const trainerId = ((await (await trainer.api.get('/api/v1/auth/session')).json()) as { user: { id: string } }).user.id;
  const course = await firstCourse(admin);
  const villages = ((await (await admin.api.get('/api/v1/org-units', { params: { level: 'village' } })).json()) as { items: Array<{ id: string; name: string }> }).items;
  // Under way for an hour already, so it sorts before any session another test made for this trainer.
  const created = await admin.api.post('/api/v1/sessions', {
    headers: { 'x-csrf-token': admin.csrf },
    data: {
      courseId: course.id, villageId: villages[0]!.id, venue: '村委会', trainerIds: [trainerId], capacity: 200, targetVillageIds: [villages[0]!.id],
      startsAt: new Date(Date.now() - 60 * 60_000).toISOString(), endsAt: new Date(Date.now() + 60 * 60_000).toISOString(),
      override: { reason: 'e2e: the home page of a trainer with a session under way' },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const sessionId = ((await created.json()) as { sessions: Array<{ id: string }> }).sessions[0]!.id;

  await signIn(page, accounts.trainer);
  const upcoming = page.getByTestId('upcoming-sessions');
  await expect(upcoming.getByRole('heading', { name: '我的近期培训' })).toBeVisible();
  await expect(upcoming.getByRole('listitem').first()).toContainText(villages[0]!.name);
  await upcoming.getByTestId(`upcoming-checkin-${sessionId}`).click();
  await expect(page).toHaveURL(new RegExp(`/schedule/sessions/${sessionId}/checkin$`));

  await page.getByTestId('checkin-take-offline').click();
  await expect(page.getByTestId('checkin-offline-ready')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('checkin-shell')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await context.setOffline(true);
  await page.getByTestId('checkin-tick').first().click();
  await expect(page.getByTestId('checkin-waiting')).toHaveAttribute('data-waiting', '1');

  // Home with no network: the list cannot come, the phone's own count can.
  await page.getByRole('link', { name: '首页' }).click();
  await expect(page.getByTestId('upcoming-waiting')).toHaveText('本机还有 1 条签到等待上传，联网后会自动上传。');

  await context.setOffline(false);
  await page.reload();
  const item = page.getByTestId('upcoming-sessions').getByRole('listitem').filter({ has: page.getByTestId(`upcoming-checkin-${sessionId}`) });
  await expect(item).toContainText('已离线下载');
  await expect.poll(async () => (await attendancesOf(trainer, sessionId)).length, { timeout: 60_000 }).toBe(1);
  await expect(page.getByTestId('upcoming-waiting')).toBeHidden({ timeout: 30_000 });
});

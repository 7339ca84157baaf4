import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { accounts, apiSignIn, photograph, SECRETARY_VILLAGE, signIn } from './helpers.ts';
import { firstCourse, pick, typeInto } from './schedule-helpers.ts';

/** Today in Beijing, and the minutes of the day gone there. */
function beijingNow(): { date: string; minutes: number } {
  const now = new Date(Date.now() + 8 * 3600_000);
  return { date: now.toISOString().slice(0, 10), minutes: now.getUTCHours() * 60 + now.getUTCMinutes() };
}

// Desktop (1280 px): an admin records a weekly series that took place in 2024 as completed, from
// the schedule page's "record past sessions"; a session that has not ended is refused.
test('an admin back-fills past sessions as completed', async ({ page, playwright, baseURL }) => {
  // Four pages with axe runs and a series saved, on a machine shared with the servers.
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const course = await firstCourse(await apiSignIn(playwright, baseURL!, accounts.admin));
  // A Thursday afternoon in 2024, before the demo year (2024-01-04 is a Thursday).
  const thursday = new Date(Date.UTC(2024, 0, 4 + 7 * Math.floor(Math.random() * 45))).toISOString().slice(0, 10);

  await signIn(page, accounts.admin);
  await page.goto('/schedule');
  await page.getByTestId('backfill-open').click();
  await expect(page.getByRole('heading', { name: '补录往期培训', level: 1 })).toBeVisible();

  // Nothing filled in: each field says what it needs.
  await page.getByTestId('session-save').click();
  const feedback = page.locator('.n-form-item-feedback__line');
  await expect(feedback.filter({ hasText: '请选择课程' })).toBeVisible();
  await expect(feedback.filter({ hasText: '请选择培训村' })).toBeVisible();
  await expectAccessible(page);

  await pick(page, page.getByTestId('session-course'), course.title);
  await pick(page, page.getByTestId('session-village'), SECRETARY_VILLAGE);
  await pick(page, page.getByTestId('session-trainers'), '李红梅');
  await page.keyboard.press('Escape');
  await page.getByTestId('session-venue').locator('input').fill('村活动室');

  // A session that ends later today has not taken place yet (skipped in Beijing's last minutes of the day).
  const today = beijingNow();
  if (today.minutes < 23 * 60 + 40) {
    await typeInto(page, 'session-date', today.date);
    await typeInto(page, 'session-start', '23:45');
    await typeInto(page, 'session-end', '23:55');
    await page.getByTestId('session-save').click();
    await expect(feedback.filter({ hasText: '补录的培训必须已经结束' })).toBeVisible();
  }

  await typeInto(page, 'session-date', thursday);
  await typeInto(page, 'session-start', '14:00');
  await typeInto(page, 'session-end', '16:00');
  await pick(page, page.getByTestId('repeat-kind'), '每周');
  await page.getByTestId('repeat-count').locator('input').fill('3');
  await page.getByTestId('session-check').click();
  await expect(page.getByTestId('conflicts-none')).toContainText('共 3 场');
  await page.getByTestId('session-save').click();
  await expect(page.getByText('已补录 3 场')).toBeVisible();
  // The check was of the draft just saved: the form, kept for the next session, no longer shows it.
  await expect(page.getByTestId('conflicts-none')).toHaveCount(0);
  const recorded = page.getByTestId('backfill-recorded').locator('li');
  await expect(recorded).toHaveCount(3);
  for (const item of await recorded.all()) await expect(item).toContainText('已完成');
  await expect(recorded.first()).toContainText(`${course.title} · ${SECRETARY_VILLAGE}`);
  await expectAccessible(page);
  await photograph(page, 'backfill');

  // The session page shows it as history: completed, with nothing left to change.
  await recorded.last().getByRole('link').click();
  await expect(page.getByRole('heading', { name: course.title, level: 1 })).toBeVisible();
  await expect(page.getByTestId('session-status')).toHaveText('已完成');
  await expect(page.getByTestId('session-move')).toHaveCount(0);
});

test('a trainer is offered no back-fill and may not open it', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, accounts.trainer);
  await page.goto('/schedule');
  await expect(page.getByTestId('session-new')).toBeVisible();
  await expect(page.getByTestId('backfill-open')).toHaveCount(0);
  await page.goto('/schedule/backfill');
  await expect(page.getByRole('heading', { name: '无权访问', level: 1 })).toBeVisible();
});

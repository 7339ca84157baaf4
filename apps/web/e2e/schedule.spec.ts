import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { accounts, apiSignIn, findVillages, SECRETARY_VILLAGE, signIn } from './helpers.ts';
import { beijing, farApartVillages, firstCourse, futureMonday, pick, typeInto } from './schedule-helpers.ts';

// Desktop (1280 px): a trainer schedules a weekly series, sees the travel-time conflict of a
// session in a far village an hour later, and finds the series on the month view.
test('a weekly series, a travel-time conflict, and the month view', async ({ page, playwright, baseURL }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const trainerApi = await apiSignIn(playwright, baseURL!, accounts.trainer);
  const course = await firstCourse(trainerApi);
  const { near, far } = await farApartVillages(trainerApi, 75);
  // The first Monday of a month: the month grid then shows all four Mondays of the series.
  let weeksAhead = 10 + Math.floor(Math.random() * 80);
  while (Number(futureMonday(weeksAhead).slice(8)) > 7) weeksAhead++;
  const monday = futureMonday(weeksAhead);

  await signIn(page, accounts.trainer);
  await page.goto('/schedule');
  await expect(page.getByRole('heading', { name: '培训日程', level: 1 })).toBeVisible();
  await expectAccessible(page);

  await page.getByTestId('session-new').click();
  await expect(page.getByRole('heading', { name: '安排培训', level: 1 })).toBeVisible();
  await pick(page, page.getByTestId('session-course'), course.title);
  await pick(page, page.getByTestId('session-village'), near.name);
  await page.getByTestId('session-venue').locator('input').fill('村活动室');
  await typeInto(page, 'session-date', monday);
  await typeInto(page, 'session-start', '09:00');
  await typeInto(page, 'session-end', '11:00');
  await pick(page, page.getByTestId('repeat-kind'), '每周');
  // The first session's weekday comes checked.
  await expect(page.getByTestId('repeat-day-MO')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('repeat-count').locator('input').fill('4');
  await expect(page.getByText('FREQ=WEEKLY;BYDAY=MO;COUNT=4')).toBeVisible();
  await expectAccessible(page);

  await page.getByTestId('session-check').click();
  await expect(page.getByTestId('conflicts-none')).toContainText('共 4 场');
  await page.getByTestId('session-save').click();
  await expect(page).toHaveURL(/\/schedule\/sessions\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: course.title, level: 1 })).toBeVisible();
  await expect(page.getByText('属于一组重复的培训')).toBeVisible();
  await expectAccessible(page);

  // An hour after the first session ends, in a village far away: not enough time to drive there.
  await page.goto('/schedule/sessions/new');
  await pick(page, page.getByTestId('session-course'), course.title);
  await pick(page, page.getByTestId('session-village'), far.name);
  await typeInto(page, 'session-date', monday);
  await typeInto(page, 'session-start', '12:00');
  await typeInto(page, 'session-end', '13:00');
  await page.getByTestId('session-check').click();
  const conflict = page.getByTestId('conflicts').locator('li[data-rule="travel_time"]');
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('路上时间不够');
  await expect(conflict).toContainText(near.name);
  await expect(conflict).toContainText(/还差 \d+ 分钟/);
  await expectAccessible(page);
  // Saving is refused the same way: a trainer cannot override.
  await page.getByTestId('session-save').click();
  await expect(page.getByText('日程有冲突')).toBeVisible();
  await expect(page).toHaveURL(/\/schedule\/sessions\/new$/);

  // The month view shows all four Mondays of the series.
  await page.goto(`/schedule?date=${monday}`);
  const calendar = page.getByTestId('schedule-calendar');
  // Four links to the series' sessions, or more: the grid shows the days of the next month too.
  await expect(calendar.getByRole('link', { name: new RegExp(course.title) }).first()).toBeVisible();
  expect(await calendar.getByRole('link', { name: new RegExp(`${course.title}\\s*·\\s*${near.name}`) }).count()).toBeGreaterThanOrEqual(4);
  await page.screenshot({ path: '/tmp/schedweb-shots/e2e-month-1280.png', fullPage: true });
});

test('course pages and feeds pass the accessibility check', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, accounts.admin);
  await page.goto('/courses');
  await expect(page.getByTestId('course-row').first()).toBeVisible();
  await expectAccessible(page);
  await page.getByTestId('course-new').click();
  await expect(page.getByRole('heading', { name: '新建课程', level: 1 })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/schedule/feeds');
  await page.getByTestId('feed-create-mine').click();
  const url = page.getByTestId('feed-url').locator('input');
  await expect(url).toHaveValue(/\/api\/v1\/feeds\/[A-Za-z0-9_-]+\.ics$/);
  await expectAccessible(page);
  const href = await url.inputValue();
  const feed = await page.request.get(href);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain('BEGIN:VCALENDAR');

  await page.getByTestId('feed-revoke').first().click();
  await page.getByRole('button', { name: '作废' }).last().click();
  await expect(page.getByText(/已于 .* 作废/).first()).toBeVisible();
  expect((await page.request.get(href)).status()).toBe(404);
});

// Both dialogs of a session page (they share AppFormDialog): move it two hours later, then
// cancel it, which needs a reason.
test('a session is moved, then cancelled with a reason, through its dialogs', async ({ page, playwright, baseURL }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const trainerApi = await apiSignIn(playwright, baseURL!, accounts.trainer);
  const me = ((await (await trainerApi.api.get('/api/v1/auth/session')).json()) as { user: { id: string } }).user.id;
  const course = await firstCourse(trainerApi);
  const near = (await findVillages(trainerApi)).find((village) => village.name === SECRETARY_VILLAGE)!;
  // A Friday years ahead, where no other spec plans.
  const friday = new Date(Date.parse(`${futureMonday(700 + Math.floor(Math.random() * 400))}T00:00:00Z`) + 4 * 24 * 3600_000).toISOString().slice(0, 10);
  const created = await trainerApi.api.post('/api/v1/sessions', {
    headers: { 'x-csrf-token': trainerApi.csrf },
    data: { courseId: course.id, villageId: near.id, trainerIds: [me], capacity: 30, startsAt: beijing(friday, '09:00'), endsAt: beijing(friday, '11:00') },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { sessions } = (await created.json()) as { sessions: Array<{ id: string }> };

  await signIn(page, accounts.trainer);
  await page.goto(`/schedule/sessions/${sessions[0]!.id}`);
  await expect(page.getByRole('heading', { name: course.title, level: 1 })).toBeVisible();

  await page.getByTestId('session-move').click();
  const move = page.getByRole('dialog', { name: '改期' });
  // Enter confirms each time; Escape (as typeInto ends) would close the dialog itself.
  for (const [testId, time] of [['move-start', '11:00'], ['move-end', '13:00']] as const) {
    await move.getByTestId(testId).locator('input').fill(time);
    await move.getByTestId(testId).locator('input').press('Enter');
  }
  await move.getByTestId('move-confirm').click();
  await expect(move).toBeHidden();
  await expect(page.getByText(`${friday} 11:00–13:00`)).toBeVisible();

  await page.getByTestId('session-cancel').click();
  const cancel = page.getByRole('dialog', { name: '取消培训' });
  await cancel.getByTestId('cancel-confirm').click();
  await expect(cancel.locator('.n-form-item-feedback--error')).toHaveText('请填写原因（2 到 500 个字）');
  await cancel.getByTestId('cancel-reason').locator('input').fill('道路塌方，无法进村');
  await cancel.getByTestId('cancel-confirm').click();
  await expect(cancel).toBeHidden();
  await expect(page.getByTestId('session-status')).toHaveText('已取消');
  await expect(page.getByText('（道路塌方，无法进村）')).toBeVisible();
  await expect(page.getByTestId('session-move')).toHaveCount(0);
});

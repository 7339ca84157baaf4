import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { accounts, apiSignIn, signIn } from './helpers.ts';
import { beijing, firstCourse, futureMonday } from './schedule-helpers.ts';

// Runs in the phone-360 project (360 x 740, touch): the calendar opens on the agenda.
test('on a 360 px phone the schedule opens on the agenda and the new pages fit', async ({ page, playwright, baseURL }) => {
  const trainerApi = await apiSignIn(playwright, baseURL!, accounts.trainer);
  const course = await firstCourse(trainerApi);
  const villages = ((await (await trainerApi.api.get('/api/v1/org-units', { params: { level: 'village' } })).json()) as { items: Array<{ id: string }> }).items;
  const me = ((await (await trainerApi.api.get('/api/v1/auth/session')).json()) as { user: { id: string } }).user;
  const monday = futureMonday(100 + Math.floor(Math.random() * 400));
  const created = await trainerApi.api.post('/api/v1/sessions', {
    headers: { 'x-csrf-token': trainerApi.csrf },
    data: { courseId: course.id, villageId: villages[0]!.id, trainerIds: [me.id], capacity: 30, venue: '田间地头', startsAt: beijing(monday, '14:00'), endsAt: beijing(monday, '16:00') },
  });
  expect(created.status(), await created.text()).toBe(201);
  const sessionId = ((await created.json()) as { sessions: Array<{ id: string }> }).sessions[0]!.id;

  await signIn(page, accounts.trainer);
  await page.goto(`/schedule?date=${monday}`);
  const agenda = page.getByTestId('schedule-calendar').getByRole('link', { name: new RegExp(course.title) });
  await expect(agenda.first()).toBeVisible();
  // Far in the future, nothing else is planned that week: the agenda row is ours.
  await expect(page.getByTestId('schedule-calendar')).toContainText('14:00–16:00');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(page);

  for (const path of [`/schedule/sessions/${sessionId}`, '/schedule/sessions/new', '/schedule/feeds', '/courses', '/courses/new']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(360);
    await expectAccessible(page);
  }
});

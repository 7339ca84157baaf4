import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { accounts, apiSignIn, photograph, signIn, type ApiSession } from './helpers.ts';
import { beijing, firstCourse, futureMonday, pick, typeInto } from './schedule-helpers.ts';

interface Unit {
  id: string;
  name: string;
  parentId: string | null;
}

async function units(session: ApiSession, level: 'township' | 'village'): Promise<Unit[]> {
  return ((await (await session.api.get('/api/v1/org-units', { params: { level } })).json()) as { items: Unit[] }).items;
}

/** Two villages of different townships that the estimate puts at most `minutes` apart (drive and buffer). */
async function nearbyVillages(session: ApiSession, minutes: number): Promise<[Unit, Unit]> {
  const villages = await units(session, 'village');
  const unique = villages.filter((v) => villages.filter((w) => w.name === v.name).length === 1);
  for (const from of unique) {
    for (const to of unique) {
      if (to.parentId === from.parentId) continue;
      const estimate = (await (await session.api.get('/api/v1/travel-times/estimate', { params: { fromVillageId: from.id, toVillageId: to.id } })).json()) as { minutes: number | null; source: string };
      if (estimate.source === 'estimate' && estimate.minutes !== null && estimate.minutes <= minutes) return [from, to];
    }
  }
  throw new Error(`no two villages of different townships within ${minutes} minutes`);
}

// Desktop (1280 px): an admin enters the real driving time between two townships, and a session an
// hour after another one in the other township now clashes on travel time; going back to the
// estimate clears it.
test('a township travel time an admin sets shows as a travel-time conflict when scheduling', async ({ page, playwright, baseURL }) => {
  // Finding two nearby villages asks the api for estimates, and three pages follow, on a shared machine.
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const admin = await apiSignIn(playwright, baseURL!, accounts.admin);
  const trainer = await apiSignIn(playwright, baseURL!, accounts.trainer);
  const trainerId = ((await (await trainer.api.get('/api/v1/auth/session')).json()) as { user: { id: string } }).user.id;
  const course = await firstCourse(trainer);
  const [from, to] = await nearbyVillages(admin, 100);
  const townships = await units(admin, 'township');
  const townshipOf = (village: Unit) => townships.find((township) => township.id === village.parentId)!;
  const { bufferMinutes } = (await (await admin.api.get('/api/v1/travel-times')).json()) as { bufferMinutes: number };
  // A Thursday years ahead, where no other spec plans.
  const thursday = new Date(Date.parse(`${futureMonday(200 + Math.floor(Math.random() * 400))}T00:00:00Z`) + 3 * 24 * 3600_000).toISOString().slice(0, 10);

  // The trainer teaches in one village in the morning; the afternoon session is two hours later in the other.
  const morning = await trainer.api.post('/api/v1/sessions', {
    headers: { 'x-csrf-token': trainer.csrf },
    data: { courseId: course.id, villageId: from.id, trainerIds: [trainerId], capacity: 30, startsAt: beijing(thursday, '09:00'), endsAt: beijing(thursday, '11:00') },
  });
  expect(morning.status(), await morning.text()).toBe(201);
  const afternoon = { courseId: course.id, villageId: to.id, trainerIds: [trainerId], capacity: 30, startsAt: beijing(thursday, '13:00'), endsAt: beijing(thursday, '14:00') };
  const check = async () =>
    ((await (await admin.api.post('/api/v1/sessions/conflicts', { headers: { 'x-csrf-token': admin.csrf }, data: afternoon })).json()) as { conflicts: unknown[] }).conflicts;
  // By the distance estimate the two hours are enough.
  expect(await check()).toEqual([]);

  const pair = { townshipAId: townshipOf(from).id, townshipBId: townshipOf(to).id };
  try {
    await signIn(page, accounts.admin);
    await page.getByRole('navigation').getByRole('link', { name: '路上时间' }).click();
    await expect(page.getByRole('heading', { name: '路上时间', level: 1 })).toBeVisible();
    await expect(page.getByTestId('travel-buffer').locator('input')).toHaveValue(String(bufferMinutes));

    // Each field says what is wrong with it, in Chinese.
    const form = page.getByTestId('travel-override-form');
    await page.getByTestId('travel-override-save').click();
    const feedback = form.locator('.n-form-item-feedback__line');
    await expect(feedback).toHaveText(['请选择乡镇', '请选择另一个乡镇', '请填写 0 到 1440 之间的整数分钟']);
    await page.getByTestId('travel-minutes').locator('input').fill('2000');
    await page.getByTestId('travel-minutes').locator('input').blur();
    await expect(feedback.last()).toHaveText('请填写 0 到 1440 之间的整数分钟');
    await expectAccessible(page);

    await pick(page, page.getByTestId('travel-township-a'), townshipOf(from).name);
    await pick(page, page.getByTestId('travel-township-b'), townshipOf(to).name);
    await page.getByTestId('travel-minutes').locator('input').fill('200');
    await page.getByTestId('travel-override-save').click();
    const row = page.getByTestId('travel-override').filter({ hasText: townshipOf(from).name }).filter({ hasText: townshipOf(to).name });
    await expect(row).toContainText('200 分钟');

    // The look-up between the two villages now uses the admin's time, plus the buffer.
    await pick(page, page.getByTestId('travel-estimate-from'), from.name);
    await pick(page, page.getByTestId('travel-estimate-to'), to.name);
    await expect(page.getByTestId('travel-estimate')).toContainText(`需要 ${200 + bufferMinutes} 分钟`);
    await expect(page.getByTestId('travel-estimate')).toContainText('按管理员填写的实际车程');
    await expectAccessible(page);
    await photograph(page, 'travel-times');

    // Scheduling the afternoon session: the drive no longer fits.
    await page.goto('/schedule/sessions/new');
    await pick(page, page.getByTestId('session-course'), course.title);
    await pick(page, page.getByTestId('session-village'), to.name);
    await pick(page, page.getByTestId('session-trainers'), '李红梅');
    await page.keyboard.press('Escape');
    await typeInto(page, 'session-date', thursday);
    await typeInto(page, 'session-start', '13:00');
    await typeInto(page, 'session-end', '14:00');
    await page.getByTestId('session-check').click();
    const conflict = page.getByTestId('conflicts').locator('li[data-rule="travel_time"]');
    await expect(conflict).toBeVisible();
    await expect(conflict).toContainText(from.name);
    await expect(conflict).toContainText(`需要 ${200 + bufferMinutes} 分钟，还差 ${200 + bufferMinutes - 120} 分钟`);

    // Back to the estimate: the conflict is gone.
    await page.goto('/schedule/travel-times');
    await row.getByTestId('travel-override-remove').click();
    await page.getByRole('button', { name: '改回估算' }).last().click();
    await expect(row).toHaveCount(0);
    expect(await check()).toEqual([]);
  } finally {
    await admin.api.delete('/api/v1/travel-times/overrides', { params: pair, headers: { 'x-csrf-token': admin.csrf } });
  }
});

test('a trainer sees the travel times in no menu and may not open them', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, accounts.trainer);
  await expect(page.getByRole('navigation').getByRole('link', { name: '培训日程' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: '路上时间' })).toHaveCount(0);
  await page.goto('/schedule/travel-times');
  await expect(page.getByRole('heading', { name: '无权访问', level: 1 })).toBeVisible();
});

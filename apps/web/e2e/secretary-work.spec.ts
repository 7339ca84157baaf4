import { expect, test } from '@playwright/test';
import { accounts, SECRETARY_VILLAGE, signIn, uniqueTag } from './helpers.ts';

// The first secretaries' pages at 1280 and 360 px (both projects): "my work", the supervision
// table and its export, and the village's public page without signing in.

test('a secretary records a day in the village and sees it in the month', async ({ page }, testInfo) => {
  await signIn(page, accounts.secretary);
  await page.goto('/secretary/work');
  await expect(page.getByRole('heading', { name: '我的驻村工作', level: 1 })).toBeVisible();
  await expect(page.getByTestId('work-month-progress')).toContainText('应驻村 4 天');
  const before = await page.getByTestId('work-month-progress').innerText();

  const note = `走访困难户 ${uniqueTag()}`;
  await page.getByTestId('work-day-add').click();
  await page.getByTestId('work-day-households').locator('input').fill('07 12');
  // A training that day offers the village's sessions of that date to link.
  await expect(page.getByTestId('work-day-session')).toHaveCount(0);
  await page.getByRole('checkbox', { name: '培训' }).click();
  await expect(page.getByTestId('work-day-session')).toBeVisible();
  await page.getByTestId('work-day-note').locator('textarea').fill(note);
  await page.getByTestId('work-day-save').click();
  await expect(page.getByTestId('work-day-list')).toContainText(note);
  await expect(page.getByTestId('work-day-list')).toContainText('走访：07、12');
  // The entry count went up by one (the day may already have been counted).
  await expect(page.getByTestId('work-month-progress')).not.toHaveText(before);
  await page.screenshot({ path: testInfo.outputPath(`secretary-work-${testInfo.project.name}.png`), fullPage: true });
});

test('a work day saved with no network waits on the phone and is sent when the network returns', async ({ page, context }) => {
  await signIn(page, accounts.secretary);
  await page.goto('/secretary/work');
  await expect(page.getByTestId('work-month-progress')).toBeVisible();
  const note = `村民大会 ${uniqueTag()}`;
  await context.setOffline(true);
  await page.getByTestId('work-day-add').click();
  await page.getByTestId('work-day-note').locator('textarea').fill(note);
  await page.getByTestId('work-day-save').click();
  // Saved on the phone: it waits there, and the month's log (the server's) does not have it yet.
  await expect(page.getByText('已存在本机，联网后自动发送')).toBeVisible();
  await expect(page.getByTestId('work-day-queued')).toContainText('等待联网发送');
  await expect(page.getByTestId('work-day-list')).not.toContainText(note);
  await context.setOffline(false);
  await expect(page.getByTestId('work-day-list')).toContainText(note);
  await expect(page.getByTestId('work-day-queued')).toHaveCount(0);
});

test('an admin sees the supervision table and downloads it as .xlsx', async ({ page }, testInfo) => {
  await signIn(page, accounts.admin);
  await page.goto('/supervision');
  await expect(page.getByRole('heading', { name: '督导考评', level: 1 })).toBeVisible();
  await expect(page.getByTestId('supervision-table').getByText(SECRETARY_VILLAGE).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath(`supervision-${testInfo.project.name}.png`), fullPage: true });
  const download = page.waitForEvent('download');
  await page.getByTestId('supervision-export').click();
  expect((await download).suggestedFilename()).toMatch(/^督导考评-\d{4}-Q[1-4]\.xlsx$/);
});

test("the village's public page shows, without signing in, only what is published and the matters done", async ({ page, playwright, baseURL }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL });
  const login = await api.post('/api/v1/auth/login', { data: accounts.secretary });
  const villageId = ((await (await api.get('/api/v1/auth/session')).json()) as { user: { orgUnitId: string } }).user.orgUnitId;
  expect(login.ok()).toBe(true);
  await api.dispose();

  await page.goto(`/villages/${villageId}/public`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(SECRETARY_VILLAGE);
  await expect(page.getByTestId('public-secretary')).toContainText('驻村第一书记');
  await expect(page.getByText('通村路硬化').first()).toBeVisible();
  // Not published in the demo: no phone number; nothing proposed or under way.
  await expect(page.locator('a[href^="tel:"]')).toHaveCount(0);
  await expect(page.getByText('冬季取暖设备申请')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath(`public-village-${testInfo.project.name}.png`), fullPage: true });
});

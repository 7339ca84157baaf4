import { expect, test, type Page } from '@playwright/test';
import { accounts, SECRETARY_VILLAGE, signIn, uniqueTag } from './helpers.ts';
import { beijing, firstCourse, futureMonday } from './schedule-helpers.ts';

async function pickVillage(page: Page, testId: string, name: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(name);
  await page.locator('.n-tree-select-menu').getByText(name, { exact: true }).click();
}

test('admin adds a printed material with its stock, and sees it in the catalogue', async ({ page }) => {
  const title = `马铃薯种植明白纸${uniqueTag()}`;
  await signIn(page, accounts.admin);
  await page.goto('/materials');
  await page.getByTestId('material-new').click();
  await page.getByTestId('material-title').locator('input').fill(title);
  await page.getByTestId('material-topic').click();
  await page.locator('.n-base-select-option').filter({ hasText: '农牧技术' }).first().click();
  await page.getByTestId('material-format').click();
  await page.locator('.n-base-select-option').filter({ hasText: '手册' }).click();
  await page.getByLabel('河坡乡库存').fill('300');
  await page.getByTestId('material-save').click();
  const item = page.getByTestId('material-item').filter({ hasText: title });
  await expect(item).toContainText('库存共 300 份');
  await expect(item).toContainText('手册');
});

test('admin imports a roster from the template: the report comes first, then the import', async ({ page }) => {
  await signIn(page, accounts.admin);
  await page.goto('/rosters');
  await pickVillage(page, 'roster-village', SECRETARY_VILLAGE);
  await expect(page.getByTestId('roster-export')).toBeVisible();
  const template = await page.request.get('/api/v1/rosters/template.xlsx');
  expect(template.status()).toBe(200);
  await page.getByTestId('roster-file').setInputFiles({ name: '花名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await template.body() });
  const report = page.getByTestId('roster-report');
  await expect(report).toContainText('检查结果（尚未导入）');
  await expect(report).toContainText('共 1 行');
  await page.getByTestId('roster-import').click();
  await expect(report).toContainText('已导入');
  // Not an Excel file: the message says so, nothing is imported.
  await page.getByTestId('roster-file').setInputFiles({ name: '花名册.xlsx', mimeType: 'text/csv', buffer: Buffer.from('姓名\n卓玛\n') });
  await expect(page.getByRole('alert')).toContainText('不是可以读取的 Excel');
});

test('trainer prints the sign-in sheet of their session and ticks rows by hand', async ({ page }) => {
  await signIn(page, accounts.trainer);
  const { user, csrfToken } = (await (await page.request.get('/api/v1/auth/session')).json()) as { user: { id: string }; csrfToken: string };
  const course = await firstCourse({ api: page.request, csrf: csrfToken });
  const villages = (await (await page.request.get('/api/v1/org-units', { params: { level: 'village' } })).json()) as { items: Array<{ id: string; name: string }> };
  const village = villages.items.find((item) => item.name === SECRETARY_VILLAGE)!;
  const day = futureMonday(400 + Math.floor(Math.random() * 150));
  const created = await page.request.post('/api/v1/sessions', {
    headers: { 'x-csrf-token': csrfToken },
    data: { courseId: course.id, villageId: village.id, venue: `纸质签到${uniqueTag()}`, trainerIds: [user.id], capacity: 40, startsAt: beijing(day, '07:00'), endsAt: beijing(day, '08:00') },
  });
  expect(created.status(), await created.text()).toBe(201);
  const sessionId = ((await created.json()) as { sessions: Array<{ id: string }> }).sessions[0]!.id;

  await page.goto(`/schedule/sessions/${sessionId}`);
  await page.getByTestId('session-paper').click();
  await expect(page.getByRole('heading', { name: '纸质签到表', level: 1 })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('paper-print').click();
  expect((await download).suggestedFilename()).toBe('sign-in-sheet.pdf');

  await page.getByTestId('paper-manual').click();
  await page.locator('.n-base-select-option').first().click();
  const rows = page.getByTestId('paper-row');
  await expect(rows.first()).toBeVisible();
  await page.getByTestId('paper-row-1').click();
  await expect(page.getByTestId('paper-confirm')).toContainText('确认 1 行签到');
});

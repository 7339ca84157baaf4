import { expect, test } from '@playwright/test';
import { accounts, makeIdNumber, signIn, uniqueTag } from './helpers.ts';

test('admin registers a farmer, finds it by name, opens it and signs out', async ({ page }) => {
  const name = `泽仁拉姆${uniqueTag()}`;
  const idNumber = makeIdNumber();

  await signIn(page, accounts.admin);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '农民' }).click();
  await expect(page.getByRole('heading', { name: '农民', level: 1 })).toBeVisible();

  await page.getByTestId('farmer-new').click();
  await expect(page).toHaveURL(/\/farmers\/new$/);
  await page.getByTestId('farmer-village').click();
  await page.keyboard.type('根呷村');
  await page.locator('.n-tree-select-menu').getByText('根呷村', { exact: true }).click();
  await page.getByLabel('姓名').fill(name);
  await page.locator('.n-radio').filter({ hasText: '女' }).click();
  await page.getByLabel('出生年份').fill('1985');
  await page.getByLabel('户号').fill('07');
  await page.getByLabel('手机号').fill('13812345678');
  await page.getByLabel('身份证号').fill(idNumber);
  await page.getByTestId('farmer-save').click();

  await expect(page.getByText('已登记')).toBeVisible();
  await expect(page).toHaveURL(/\/farmers$/);

  await page.getByRole('searchbox', { name: '搜索农民' }).fill(name);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  // The list shows the phone masked, as the api gives it, and only the last 4 ID digits.
  await expect(row).toContainText('138****5678');
  await expect(row).toContainText(idNumber.slice(-4));
  await expect(row).toContainText('河坡乡 / 根呷村');

  await row.getByRole('link', { name }).click();
  await expect(page).toHaveURL(/\/farmers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByLabel('姓名')).toHaveValue(name);
  await expect(page.getByLabel('手机号')).toHaveValue('13812345678');
  await expect(page.getByLabel('身份证号')).toHaveAttribute('placeholder', new RegExp(idNumber.slice(-4)));

  await page.getByTestId('user-menu').click();
  await page.getByText('退出登录').click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/farmers');
  await expect(page).toHaveURL(/\/login\?redirect=(%2F|\/)farmers$/);
});

test('the browser rejects an ID number with a wrong check digit before sending it', async ({ page }) => {
  await signIn(page, accounts.admin);
  await page.goto('/farmers/new');
  const valid = makeIdNumber();
  const wrong = `${valid.slice(0, 17)}${valid.endsWith('0') ? '1' : '0'}`;
  await page.getByLabel('身份证号').fill(wrong);
  await page.getByLabel('姓名').focus();
  await expect(page.getByText('身份证号应为18位，且最后一位校验码正确')).toBeVisible();
});

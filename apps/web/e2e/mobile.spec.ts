import { expect, test } from '@playwright/test';
import { accounts, signIn } from './helpers.ts';

// Runs in the phone-360 project (360 x 740, touch).
test('on a 360 px phone the farmer list opens from the hamburger menu', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  await signIn(page, accounts.admin);
  // No side menu on a phone: the hamburger opens a drawer.
  await expect(page.getByRole('navigation', { name: '主导航' })).toHaveCount(0);
  await page.getByRole('button', { name: '打开菜单' }).tap();
  const drawer = page.locator('.n-drawer');
  await expect(drawer).toBeVisible();
  await drawer.getByRole('link', { name: '农民' }).tap();

  await expect(page).toHaveURL(/\/farmers$/);
  await expect(drawer).toBeHidden();
  await expect(page.getByRole('heading', { name: '农民', level: 1 })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: '搜索农民' })).toBeVisible();
  // Cards, not a table, and nothing wider than the screen.
  await expect(page.locator('table')).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

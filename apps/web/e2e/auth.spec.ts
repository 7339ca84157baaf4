import { expect, test } from '@playwright/test';
import { accounts } from './helpers.ts';

test('a wrong password shows the translated error, in either language', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);

  // The trainer, not the admin: failed sign-ins count towards locking the account.
  await page.getByLabel('用户名').fill(accounts.trainer.username);
  await page.getByLabel('密码', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('login-error')).toHaveText('用户名或密码错误。');

  await page.getByRole('button', { name: '切换语言' }).click();
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByTestId('login-error')).toHaveText('Wrong username or password.');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

  // The choice is remembered on this device.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'FieldSchool Farmer Training' })).toBeVisible();
});

test('a trainer is not allowed into user management', async ({ page }) => {
  await page.goto('/login?redirect=/users');
  await page.getByLabel('用户名').fill(accounts.trainer.username);
  await page.getByLabel('密码', { exact: true }).fill(accounts.trainer.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/403$/);
  await expect(page.getByText('无权访问')).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '用户' })).toHaveCount(0);
});

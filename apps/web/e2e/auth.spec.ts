import { expect, test } from '@playwright/test';
import { accounts, apiSignIn, findVillages, signIn, uniqueTag } from './helpers.ts';

test('a wrong password shows the translated error, in either language', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);

  // The trainer, not the admin: failed sign-ins make the next ones from here wait.
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

test('an admin unlocks a user whose sign-in was made to wait', async ({ page, browser, playwright, baseURL }) => {
  const admin = await apiSignIn(playwright, baseURL!, accounts.admin);
  const [village] = await findVillages(admin);
  const user = { username: `e2e-${uniqueTag().toLowerCase()}`, password: 'barley field 2026' };
  const created = await admin.api.post('/api/v1/users', {
    data: { ...user, displayName: '泽仁拉姆', role: 'secretary', orgUnitId: village!.id },
    headers: { 'x-csrf-token': admin.csrf },
  });
  expect(created.status(), await created.text()).toBe(201);

  await page.goto('/login');
  await page.getByLabel('用户名').fill(user.username);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('密码', { exact: true }).fill(`wrong guess ${i}`);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByTestId('login-error')).toHaveText('用户名或密码错误。');
  }
  await page.getByLabel('密码', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('login-error')).toContainText('登录失败次数过多');
  await expect(page.getByTestId('login-error')).toContainText('请在 30 秒后重试。');

  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, accounts.admin);
  await adminPage.goto('/users');
  await adminPage.getByPlaceholder('用户名或姓名').fill(user.username);
  await adminPage.getByRole('button', { name: `解除登录限制 ${user.username}` }).click();
  await expect(adminPage.getByText(`已解除 ${user.username} 的登录限制`)).toBeVisible();
  await adminContext.close();

  await page.getByLabel('密码', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).not.toHaveURL(/\/login/);
});

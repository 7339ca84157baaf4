import { expect, type APIRequestContext, type Page, type PlaywrightWorkerArgs } from '@playwright/test';
import { completeIdNumber } from '@fieldschool/contracts/id-number';

export const accounts = {
  admin: { username: 'admin', password: 'fieldschool-admin' },
  trainer: { username: 'trainer', password: 'fieldschool-trainer' },
  secretary: { username: 'secretary', password: 'fieldschool-secretary' },
} as const;

/** The secretary's village in the seed (河坡乡). */
export const SECRETARY_VILLAGE = '根呷村';

/** A short suffix that makes names unique within a run and across retries. */
export function uniqueTag(): string {
  return `${Date.now().toString(36).slice(-4)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase();
}

/** A random, valid GB 11643 number from Baiyu County (area code 513331). */
export function makeIdNumber(): string {
  const year = 1950 + Math.floor(Math.random() * 50);
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  const sequence = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  return completeIdNumber(`513331${year}${month}${day}${sequence}`);
}

/** Signs in through the login page (zh-CN, the default) and waits for the dashboard. */
export async function signIn(page: Page, account: { username: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(account.username);
  await page.getByLabel('密码', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export interface ApiSession {
  api: APIRequestContext;
  csrf: string;
}

/** A signed-in api client, for arranging data without clicking through forms. */
export async function apiSignIn(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string,
  account: { username: string; password: string },
): Promise<ApiSession> {
  const api = await playwright.request.newContext({ baseURL });
  const response = await api.post('/api/v1/auth/login', { data: account });
  expect(response.status(), await response.text()).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { api, csrf: csrfToken };
}

export async function findVillages(session: ApiSession): Promise<Array<{ id: string; name: string }>> {
  const response = await session.api.get('/api/v1/org-units', { params: { level: 'village' } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: Array<{ id: string; name: string }> }).items;
}

export async function createFarmer(session: ApiSession, body: { villageId: string; name: string }): Promise<string> {
  const response = await session.api.post('/api/v1/farmers', {
    data: { ...body, idNumber: makeIdNumber() },
    headers: { 'x-csrf-token': session.csrf },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/**
 * With E2E_SCREENSHOT_DIR set, photographs the page as it is at 1280 px and at 360 px (from its
 * top), for a person to look at; the viewport is put back afterwards.
 */
export async function photograph(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (!dir) return;
  const size = page.viewportSize();
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
  }
  if (size) await page.setViewportSize(size);
}

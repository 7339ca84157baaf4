import { expect, type Page } from '@playwright/test';
import type { ApiSession } from './helpers.ts';

/** Far in the future, so the demo year's sessions never clash with a test's. */
export function futureMonday(weeksAhead: number): string {
  const day = new Date(Date.UTC(2029, 0, 1 + 7 * weeksAhead)); // 2029-01-01 is a Monday
  return day.toISOString().slice(0, 10);
}

/** Beijing wall-clock time as the api's UTC timestamp. */
export const beijing = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();

/** Two villages the travel estimate puts more than `minutes` apart (drive plus buffer). */
export async function farApartVillages(session: ApiSession, minutes: number): Promise<{ near: { id: string; name: string }; far: { id: string; name: string } }> {
  const villages = ((await (await session.api.get('/api/v1/org-units', { params: { level: 'village' } })).json()) as { items: Array<{ id: string; name: string }> }).items;
  const near = villages.find((village) => village.name === '根呷村') ?? villages[0]!;
  for (const far of villages) {
    if (far.id === near.id) continue;
    const estimate = (await (await session.api.get('/api/v1/travel-times/estimate', { params: { fromVillageId: near.id, toVillageId: far.id } })).json()) as { minutes: number | null };
    // A unique name, so typing it into the village picker finds this village alone.
    if ((estimate.minutes ?? 0) > minutes && villages.filter((v) => v.name === far.name).length === 1) return { near, far };
  }
  throw new Error(`no two villages more than ${minutes} minutes apart`);
}

export async function firstCourse(session: ApiSession): Promise<{ id: string; title: string }> {
  const response = await session.api.get('/api/v1/courses', { params: { limit: 1 } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: Array<{ id: string; title: string }> }).items[0]!;
}

/** Picks an option in a naive-ui select or tree select by typing part of its label. */
export async function pick(page: Page, field: ReturnType<Page['getByTestId']>, text: string): Promise<void> {
  await field.click();
  await page.keyboard.type(text);
  await page.locator('.n-base-select-option, .n-tree-node').filter({ hasText: text }).first().click();
}

/** Types a value into a naive-ui date or time picker and confirms it. */
export async function typeInto(page: Page, testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId).locator('input');
  await input.fill(value);
  await input.press('Enter');
  await page.keyboard.press('Escape');
}

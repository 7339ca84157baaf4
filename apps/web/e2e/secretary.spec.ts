import { expect, test } from '@playwright/test';
import { accounts, apiSignIn, createFarmer, findVillages, SECRETARY_VILLAGE, signIn, uniqueTag } from './helpers.ts';

test('a village first secretary sees only the farmers of their village', async ({ page, playwright, baseURL }) => {
  const admin = await apiSignIn(playwright, baseURL!, accounts.admin);
  const villages = await findVillages(admin);
  const own = villages.find((v) => v.name === SECRETARY_VILLAGE);
  const other = villages.find((v) => v.name !== SECRETARY_VILLAGE);
  expect(own, 'seeded village').toBeTruthy();
  expect(other, 'a second village').toBeTruthy();

  const tag = uniqueTag();
  const ownName = `次仁${tag}`;
  const otherName = `格桑${tag}`;
  await createFarmer(admin, { villageId: own!.id, name: ownName });
  const otherId = await createFarmer(admin, { villageId: other!.id, name: otherName });
  await admin.api.dispose();

  await signIn(page, accounts.secretary);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '农民' }).click();
  await expect(page.getByRole('heading', { name: '农民', level: 1 })).toBeVisible();
  // Secretaries have no admin pages in their menu.
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '用户' })).toHaveCount(0);

  // Every farmer listed lives in the secretary's village.
  const rows = page.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toContain(SECRETARY_VILLAGE);

  const search = page.getByRole('searchbox', { name: '搜索农民' });
  await search.fill(ownName);
  await expect(page.getByRole('row').filter({ hasText: ownName })).toHaveCount(1);
  await search.fill(otherName);
  await expect(page.getByText('没有找到符合条件的农民')).toBeVisible();

  // Nor can the other village's farmer be opened directly.
  await page.goto(`/farmers/${otherId}`);
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByLabel('姓名')).toHaveCount(0);
});

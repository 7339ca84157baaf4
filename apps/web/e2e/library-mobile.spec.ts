import { expect, test } from '@playwright/test';
import { accounts, signIn } from './helpers.ts';

// Runs in the phone-360 project (360 x 740, touch).
test('on a 360 px phone the library facets open in a drawer', async ({ page }) => {
  await signIn(page, accounts.secretary);
  await page.goto('/library');
  await expect(page.getByRole('heading', { name: '政策库', level: 1 })).toBeVisible();
  await expect(page.getByTestId('library-hit').first()).toBeVisible();
  // No side panel on a phone: a "筛选" button opens the drawer.
  await expect(page.getByTestId('facet-topic')).toHaveCount(0);
  const toggle = page.getByTestId('library-filters-toggle');
  await expect(toggle).toHaveText('筛选');
  await toggle.tap();
  const drawer = page.locator('.n-drawer');
  await expect(drawer).toBeVisible();
  await drawer.getByTestId('facet-topic').locator('.n-checkbox').filter({ hasText: '农牧技术' }).tap();
  await expect(page).toHaveURL(/topic=agri_tech/);
  await expect(drawer.getByTestId('library-filters-done')).toContainText(/查看 \d+ 份文件/);
  await drawer.getByTestId('library-filters-done').tap();
  await expect(drawer).toBeHidden();
  // The button shows how many filters are on.
  await expect(toggle).toContainText('1');
  await expect(toggle).toHaveAttribute('aria-label', '筛选（已选 1 项）');
  for (const text of await page.getByTestId('library-hit').allInnerTexts()) expect(text).toContain('农牧技术');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // The document page reads at 360 px without sideways scrolling.
  await page.getByTestId('library-hit').first().getByRole('link').tap();
  await expect(page.getByTestId('library-text')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

import { expect, test } from '@playwright/test';
import { accounts, signIn, uniqueTag } from './helpers.ts';

const IMPLEMENTING = '白玉县城乡居民基本医疗保险报销实施办法';
const INTERIM = '白玉县城乡居民基本医疗保险报销暂行办法';

test.describe('policy library as a first secretary', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, accounts.secretary);
  });

  test('finds traditional-script and pinyin queries, and facets narrow the results', async ({ page }) => {
    // Secretaries have the library as their first menu entry.
    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav.getByRole('link').first()).toHaveText('政策库');
    await nav.getByRole('link', { name: '政策库' }).click();
    await expect(page.getByRole('heading', { name: '政策库', level: 1 })).toBeVisible();

    const search = page.getByRole('searchbox', { name: '搜索政策文件' });
    await search.fill('醫療保險');
    await expect(page).toHaveURL(/\/library\?q=/);
    // Traditional script finds simplified titles, highlighted by the server...
    const hit = page.getByTestId('library-hit').filter({ has: page.locator('h2', { hasText: '医疗保险' }) }).first();
    await expect(hit).toBeVisible();
    await expect(hit.locator('h2 mark').first()).toBeVisible();
    // ...and a traditional title is shown in its own script, with its matched words marked.
    const traditional = page.getByTestId('library-hit').filter({ has: page.locator('h2', { hasText: '醫療保險異地就醫備案指引' }) });
    await expect(traditional.locator('h2 mark').first()).toHaveText(/醫療/);
    await expect(page.getByTestId('library-normalized')).toHaveText('已按“医疗保险”搜索');

    // Pinyin initials suggest titles as you type.
    await search.fill('');
    await search.pressSequentially('ylbx', { delay: 40 });
    const suggestion = page.locator('.n-auto-complete-menu .suggestion').filter({ hasText: '医疗保险' }).first();
    await expect(suggestion).toBeVisible();

    // A topic facet: its count becomes the total, and the filter goes into the URL.
    await search.fill('');
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/\/library$/);
    const summary = page.getByTestId('library-summary');
    await expect(summary).toContainText(/共 \d+ 份文件/);
    const before = await summary.innerText();
    const law = page.getByTestId('facet-topic').locator('.n-checkbox').filter({ hasText: '法律法规' });
    const lawCount = (await law.locator('.facet-count').innerText()).trim();
    await law.click();
    await expect(page).toHaveURL(/topic=law/);
    await expect(summary).toContainText(`共 ${lawCount} 份文件`);
    expect(await summary.innerText()).not.toBe(before);
    for (const text of await page.getByTestId('library-hit').allInnerTexts()) expect(text).toContain('法律法规');

    // Back undoes the filter.
    await page.goBack();
    await expect(page).toHaveURL(/\/library$/);
    await expect(summary).toHaveText(before);
  });

  test('opens a document, copies its citation and follows the successor banner', async ({ page, context, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await page.goto(`/library?q=${encodeURIComponent('医疗保险报销暂行办法')}`);
    await page.getByTestId('library-hit').getByRole('link', { name: INTERIM, exact: true }).click();
    await expect(page).toHaveURL(/\/library\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: INTERIM, level: 1 })).toBeVisible();
    await expect(page.getByTestId('fact-docNumber')).toHaveText('白府发〔2019〕11号');
    await expect(page.getByTestId('library-text')).toContainText('第一条');

    await page.getByTestId('library-copy-citation').click();
    const citation = `白府发〔2019〕11号《${INTERIM}》`;
    await expect(page.getByText(`已复制：${citation}`)).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(citation);

    // The interim rules were replaced by the 2024 implementing rules.
    const banner = page.getByTestId('library-replaced-by');
    await expect(banner).toContainText('已被新文件替代');
    await banner.getByRole('link', { name: new RegExp(IMPLEMENTING) }).click();
    await expect(page.getByRole('heading', { name: IMPLEMENTING, level: 1 })).toBeVisible();
    await expect(page.getByTestId('fact-docNumber')).toHaveText('白府发〔2024〕7号');
    await expect(page.getByTestId('library-replaced-by')).toHaveCount(0);
    await expect(page.getByTestId('library-replaces')).toContainText(INTERIM);
    await expect(page.getByText('暂无课程或资料引用本文件')).toBeVisible();
    // Secretaries read; only admins edit.
    await expect(page.getByTestId('library-edit')).toHaveCount(0);
  });
});

test('an admin uploads a text file and finds it by search; an empty file is refused in Chinese', async ({ page }) => {
  const tag = uniqueTag();
  const title = `青稞种子补贴发放通知${tag}`;
  const serial = 100 + Math.floor(Math.random() * 800);
  const docNumber = `白农牧发〔2025〕${serial}号`;

  await signIn(page, accounts.admin);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '文件管理' }).click();
  await expect(page.getByRole('heading', { name: '文件管理', level: 1 })).toBeVisible();

  // An empty file: the api's file_empty, shown next to the file field.
  await page.getByTestId('library-file').setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
  await page.getByTestId('library-save').click();
  await expect(page.getByTestId('library-file-item')).toContainText('文件是空的。');

  const text = `${title}\n${docNumber}\n各乡镇：现将青稞良种补贴发放有关事项通知如下。\n一、补贴对象为种植青稞的农户。\n`;
  await page.getByTestId('library-file').setInputFiles({ name: `qingke-${tag}.txt`, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') });
  await expect(page.getByTestId('library-file-item')).not.toContainText('文件是空的。');
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('文号').fill(docNumber);
  await page.getByLabel('发文机关').fill('白玉县农牧农村和科技局');
  await page.getByTestId('library-save').click();
  await expect(page.getByTestId('library-uploaded')).toContainText(docNumber);
  await expect(page.getByTestId('library-documents').getByRole('link', { name: title })).toBeVisible();

  // The indexing worker picks it up within a second or so.
  await expect
    .poll(
      async () => {
        const response = await page.request.get('/api/v1/search', { params: { q: tag } });
        return ((await response.json()) as { total: number }).total;
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);

  await page.goto('/library');
  await page.getByRole('searchbox', { name: '搜索政策文件' }).fill(docNumber);
  // Close the title suggestions, which cover the first results (Escape would clear a search field).
  await page.getByRole('heading', { name: '政策库', level: 1 }).click();
  const hit = page.getByTestId('library-hit').filter({ hasText: title });
  await expect(hit).toBeVisible();
  await expect(hit).toContainText(docNumber);
  await hit.getByRole('link').click();
  await expect(page.getByTestId('library-versions')).toContainText(`qingke-${tag}.txt`);
  await expect(page.getByTestId('library-edit')).toBeVisible();
});

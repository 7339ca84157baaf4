import { expect, test, type Page } from '@playwright/test';
import { accounts, apiSignIn, signIn, uniqueTag, type ApiSession } from './helpers.ts';

/** Uploads a file as the admin through the api and returns the new document's id. */
async function uploadDocument(session: ApiSession, file: { name: string; mimeType: string; text: string }, metadata: object): Promise<string> {
  const response = await session.api.post('/api/v1/documents', {
    multipart: { metadata: JSON.stringify(metadata), file: { name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.text, 'utf8') } },
    headers: { 'x-csrf-token': session.csrf },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Set by the payloads below if any of them ever ran. */
function pwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as { __pwned?: unknown }).__pwned);
}

test.describe('the document page renders a document’s own markup safely', () => {
  let admin: ApiSession;

  test.beforeAll(async ({ playwright, baseURL }) => {
    admin = await apiSignIn(playwright, baseURL!, accounts.admin);
  });

  test.afterAll(async () => {
    await admin.api.dispose();
  });

  test('a Markdown document shows formatted, and the script and handler in it never run', async ({ page }) => {
    const title = `牦牛冬季补饲技术要点${uniqueTag()}`;
    const markdown = [
      `# ${title}`,
      '',
      '## 第一条 补饲时间',
      '每年**十一月**至次年四月。',
      '第二条 每头每天补饲青干草两公斤。',
      '',
      '<script>window.__pwned = "script"</script>',
      '',
      '<img src="x" onerror="window.__pwned = \'onerror\'">',
      '',
      '- 青干草',
      '- 精料',
    ].join('\n');
    const id = await uploadDocument(admin, { name: 'busi.md', mimeType: 'text/markdown', text: markdown }, { title, topics: ['agri_tech'] });

    await signIn(page, accounts.secretary);
    await page.goto(`/library/${id}`);
    const text = page.getByTestId('library-text');
    // The document's headings nest under the page's “原文” heading.
    await expect(text.getByRole('heading', { name: title, level: 3 })).toBeVisible();
    await expect(text.getByRole('heading', { name: '第一条 补饲时间', level: 4 })).toBeVisible();
    await expect(text).not.toContainText('#');
    await expect(text).not.toContainText('**');
    await expect(text.locator('strong')).toHaveText('十一月');
    await expect(text.locator('li')).toHaveText(['青干草', '精料']);
    // A single line break inside a paragraph stays a line break.
    await expect(text.locator('p').first().locator('br')).toHaveCount(1);
    await expect(text.locator('script, img, [onerror]')).toHaveCount(0);
    expect(await pwned(page)).toBeUndefined();
  });

  test('an HTML upload is sanitised: no handlers, styles or remote images; links open apart', async ({ page }) => {
    const title = `关于做好低保资金发放工作的通知${uniqueTag()}`;
    const html = [
      `<html><head><title>${title}</title><style>body { display: none }</style></head><body>`,
      `<h1 onclick="window.__pwned = 'onclick'">${title}</h1>`,
      '<p style="position: fixed; inset: 0">各乡镇：低保资金<b>按月</b>发放到户。</p>',
      '<img src="https://example.com/track.gif" onerror="window.__pwned = \'onerror\'">',
      '<p><a href="javascript:window.__pwned = \'link\'">详情</a> 见 <a href="https://www.mca.gov.cn/">民政部网站</a></p>',
      '</body></html>',
    ].join('');
    const id = await uploadDocument(admin, { name: 'dibao.html', mimeType: 'text/html', text: html }, { title, topics: ['poverty_relief'] });

    await signIn(page, accounts.secretary);
    await page.goto(`/library/${id}`);
    const text = page.getByTestId('library-text');
    await expect(text.getByRole('heading', { name: title, level: 3 })).toBeVisible();
    await expect(text.locator('b')).toHaveText('按月');
    // The document's <style> did not hide the page, and nothing in it is styled or fetched.
    await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    await expect(text.locator('style, [style], img, [onclick], [onerror]')).toHaveCount(0);
    await expect(text.getByText('详情')).not.toHaveAttribute('href', /.+/);
    const link = text.getByRole('link', { name: '民政部网站' });
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(link).toHaveAttribute('target', '_blank');
    expect(await pwned(page)).toBeUndefined();
  });

  test('plain text keeps its line breaks', async ({ page }) => {
    const title = `马铃薯种薯处理技术${uniqueTag()}`;
    const id = await uploadDocument(admin, { name: 'zhongshu.txt', mimeType: 'text/plain', text: `${title}\n# 不是标题\n切块后用草木灰拌种。` }, { title });
    await signIn(page, accounts.secretary);
    await page.goto(`/library/${id}`);
    const text = page.getByTestId('library-text');
    // Plain text is shown as written: a '#' in it is just a character.
    await expect(text).toContainText('# 不是标题');
    expect(await text.innerText()).toContain(`${title}\n# 不是标题\n切块后用草木灰拌种。`);
    await expect(text.getByRole('heading')).toHaveCount(0);
  });
});

test('an admin edits a document’s details and uploads a new version from its page', async ({ page, playwright, baseURL }) => {
  const admin = await apiSignIn(playwright, baseURL!, accounts.admin);
  const title = `青稞良种推广方案${uniqueTag()}`;
  const id = await uploadDocument(admin, { name: 'qingke-v1.md', mimeType: 'text/markdown', text: `# ${title}\n\n每亩用种十五公斤。` }, { title, region: '白玉县' });
  await admin.api.dispose();

  await signIn(page, accounts.admin);
  await page.goto(`/library/${id}`);
  await page.getByTestId('library-edit').click();
  const dialog = page.locator('.modal-card').filter({ hasText: '编辑信息' });
  await dialog.getByRole('radio', { name: '已修订' }).check({ force: true });
  await dialog.getByLabel('地区').fill('河坡乡');
  await dialog.getByTestId('library-save').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('fact-region')).toHaveText('河坡乡');
  await expect(page.locator('[data-validity="revised"]')).toBeVisible();

  await page.getByTestId('library-upload-version').click();
  const upload = page.locator('.modal-card').filter({ hasText: '上传新版本' });
  await upload.getByTestId('library-file').setInputFiles({ name: 'qingke-v2.md', mimeType: 'text/markdown', buffer: Buffer.from(`# ${title}\n\n每亩用种**十二公斤**。`, 'utf8') });
  await upload.getByRole('button', { name: '上传文件' }).click();
  await expect(upload).toBeHidden();
  await expect(page.getByTestId('library-text').locator('strong')).toHaveText('十二公斤');
  await expect(page.getByTestId('library-versions').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('library-versions')).toContainText('qingke-v2.md');
});

import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { zhCN } from './messages.ts';
import { expectAccessible } from './accessibility.ts';
import { accounts, SECRETARY_VILLAGE, signIn, uniqueTag } from './helpers.ts';
import { pick, typeInto } from './schedule-helpers.ts';

// The first secretaries' records (issue 11) in Chromium: household records, the practical-matters
// ledger, the secretary's public profile, and leave, comments and shortfalls on the supervision
// page. Each page is checked by axe and photographed at 1280 and 360 px.

const SHOTS = process.env.E2E_SCREENSHOT_DIR ?? '/tmp/sec-forms-shots';
const messages = zhCN.secretaries;
// A 1×1 PNG: an image sharp reads.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** Axe at both widths, and a full-page photograph of each for a person to look at; back at 1280 px after. */
async function checkBothWidths(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  // A toast fading out is no part of the page (axe would measure it half transparent).
  await expect(page.locator('.n-message')).toHaveCount(0);
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
}

/** Chooses an option of a naive-ui select by clicking it (typing a space into one would pick the option under the cursor). */
async function choose(page: Page, field: ReturnType<Page['getByTestId']>, label: string): Promise<void> {
  await field.click();
  await page.locator('.n-base-select-option').filter({ hasText: label }).first().click();
}

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: zhCN.nav.main });
}

test('a secretary keeps a household record: its situation, a need heard on a visit, its members', async ({ page }) => {
  await signIn(page, accounts.secretary);
  await mainNav(page).getByRole('link', { name: messages.households.title }).click();
  await expect(page.getByRole('heading', { name: messages.households.title, level: 1 })).toBeVisible();
  const table = page.getByTestId('household-table');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  await checkBothWidths(page, 'households');

  await table.locator('tbody tr').first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(SECRETARY_VILLAGE);
  await expect(page.getByTestId('household-members').getByRole('link').first()).toBeVisible();

  // The situation: an income band and ways of earning, kept after a reload.
  await choose(page, page.getByTestId('household-income'), messages.incomeBands['5k_10k']);
  const cordyceps = page.getByTestId('household-livelihoods').getByRole('checkbox', { name: messages.livelihoods.cordyceps });
  if (!(await cordyceps.isChecked())) await cordyceps.click();
  await page.getByTestId('household-save').click();
  await expect(page.getByText(messages.households.saved, { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('household-income')).toContainText(messages.incomeBands['5k_10k']);
  await expect(page.getByTestId('household-livelihoods').getByRole('checkbox', { name: messages.livelihoods.cordyceps })).toBeChecked();

  // A need: refused empty (the form says why, in Chinese), then noted.
  await page.getByTestId('need-add').click();
  await page.getByTestId('need-save').click();
  await expect(page.getByText(messages.households.needRequired)).toBeVisible();
  const need = `希望修缮牛圈 ${uniqueTag()}`;
  await page.getByTestId('need-text').locator('textarea').fill(need);
  await checkBothWidths(page, 'household');
  await page.getByTestId('need-save').click();
  await expect(page.getByTestId('household-needs')).toContainText(need);
  await expect(page.getByTestId('household-needs')).toContainText('王志强');

  // A member is one of the village's farmers.
  const member = page.getByTestId('household-members').getByRole('link').first();
  const name = await member.innerText();
  await member.click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
});

test('a secretary adds a practical matter, moves it on, attaches a photo and takes it off again', async ({ page }) => {
  await signIn(page, accounts.secretary);
  await mainNav(page).getByRole('link', { name: messages.ledger.title }).click();
  await expect(page.getByRole('heading', { name: messages.ledger.title, level: 1 })).toBeVisible();
  await expect(page.getByTestId('matter-totals')).toContainText(messages.matterCategories.road);
  await expect(page.getByTestId('matter-list')).toContainText('冬季取暖设备申请');

  // Filters: only the matters done.
  await choose(page, page.getByTestId('matter-filter-status'), messages.matterStatuses.done);
  await expect(page.getByTestId('matter-list')).not.toContainText('冬季取暖设备申请');
  await expect(page.getByTestId('matter-list').locator('.n-tag').first()).toHaveText(messages.matterStatuses.done);
  await checkBothWidths(page, 'matters');

  const title = `安全饮水管网改造 ${uniqueTag()}`;
  await page.getByTestId('matter-add').click();
  await expect(page.getByRole('heading', { name: messages.ledger.add, level: 1 })).toBeVisible();
  await page.getByTestId('matter-title').locator('input').fill(title);
  await choose(page, page.getByTestId('matter-category'), messages.matterCategories.water);
  await page.getByTestId('matter-funds').locator('input').fill('56000.5');
  await page.getByTestId('matter-households').locator('input').fill('23');
  await checkBothWidths(page, 'matter-new');
  await page.getByTestId('matter-save').click();

  // On to the matter's own page: its status moves on with one press.
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByTestId('matter-status-tag')).toHaveText(messages.matterStatuses.proposed);
  await page.getByTestId('matter-move-under_way').click();
  await expect(page.getByTestId('matter-status-tag')).toHaveText(messages.matterStatuses.under_way);

  // A file that is no photo or PDF is refused, and the reason is shown in Chinese.
  const files = page.getByTestId('matter-files');
  await files.locator('input[type=file]').setInputFiles({ name: '说明.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
  await page.getByTestId('matter-file-upload').click();
  await expect(files.getByRole('alert')).toHaveText(zhCN.errors.file_type_unsupported);

  await files.locator('input[type=file]').setInputFiles({ name: '管网施工.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('matter-file-upload').click();
  await expect(files.getByRole('listitem')).toContainText(['管网施工.png']);
  await expect(files.getByRole('alert')).toHaveCount(0);
  await checkBothWidths(page, 'matter');

  await files.getByRole('button', { name: messages.ledger.removeFile.replace('{name}', '管网施工.png') }).click();
  await page.locator('.n-dialog').getByRole('button', { name: messages.ledger.remove }).click();
  await expect(files).toContainText(messages.ledger.noFiles);

  // Done, with the form: back in the ledger, under its new name.
  await choose(page, page.getByTestId('matter-status'), messages.matterStatuses.done);
  await page.getByTestId('matter-title').locator('input').fill(`${title}（一期）`);
  await page.getByTestId('matter-save').click();
  await expect(page.getByRole('heading', { name: messages.ledger.title, level: 1 })).toBeVisible();
  await expect(page.getByTestId('matter-list')).toContainText(`${title}（一期）`);
});

test('a secretary chooses what the public page shows; a file that is no image is refused, translated', async ({ page }) => {
  await signIn(page, accounts.secretary);
  await mainNav(page).getByRole('link', { name: messages.profile.title }).click();
  await expect(page.getByRole('heading', { name: messages.profile.title, level: 1 })).toBeVisible();
  const photo = page.getByTestId('profile-photo');

  await photo.locator('input[type=file]').setInputFiles({ name: '照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is text, not a photo') });
  await page.getByTestId('profile-photo-upload').click();
  await expect(photo.getByRole('alert')).toHaveText(zhCN.errors.photo_invalid);
  await checkBothWidths(page, 'profile');

  await photo.locator('input[type=file]').setInputFiles({ name: '王志强.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('profile-photo-upload').click();
  await expect(page.getByTestId('profile-photo-state')).toHaveText(messages.profile.hasPhoto);
  await expect(photo.getByRole('alert')).toHaveCount(0);

  // The post and the photo go on the page; the phone stays off (as the demo has it).
  const post = '驻村第一书记（县农业农村局派驻）';
  await page.getByTestId('profile-post').locator('input').fill(post);
  const photoSwitch = page.getByTestId('profile-publishPhoto');
  if ((await photoSwitch.getAttribute('aria-checked')) !== 'true') await photoSwitch.click();
  await expect(page.getByTestId('profile-publishPhone')).toHaveAttribute('aria-checked', 'false');
  await page.getByTestId('profile-save').click();
  await expect(page.getByText(messages.profile.saved, { exact: true })).toBeVisible();

  await page.getByTestId('profile-public-link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(SECRETARY_VILLAGE);
  await expect(page.getByTestId('public-secretary')).toContainText(post);
  await expect(page.getByTestId('public-secretary').locator('img')).toBeVisible();
  await expect(page.locator('a[href^="tel:"]')).toHaveCount(0);
});

test('an admin writes the quarter\'s comment, finds a month short of the rule and records the approved leave', async ({ page }) => {
  await signIn(page, accounts.admin);
  await mainNav(page).getByRole('link', { name: messages.supervision.title }).click();
  await expect(page.getByRole('heading', { name: messages.supervision.title, level: 1 })).toBeVisible();
  const row = page.getByTestId('supervision-table').locator('tbody tr').filter({ hasText: SECRETARY_VILLAGE }).first();
  await expect(row).toBeVisible();

  // The comment: refused empty, with the form's reason; then saved and shown in the row.
  await row.getByTestId('supervision-comment').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('comment-text').locator('textarea').fill('');
  await dialog.getByTestId('comment-save').click();
  await expect(dialog.getByText(messages.supervision.commentRequired)).toBeVisible();
  const comment = `驻村扎实，民情台账完整 ${uniqueTag()}`;
  await dialog.getByTestId('comment-text').locator('textarea').fill(comment);
  await checkBothWidths(page, 'supervision-comment');
  await dialog.getByTestId('comment-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(row).toContainText(comment);

  // The demo's second secretary fell short two months ago: find it, and excuse it with leave.
  const now = new Date(Date.now() + 8 * 3600_000);
  const back = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1));
  const month = `${back.getUTCFullYear()}-${String(back.getUTCMonth() + 1).padStart(2, '0')}`;
  await typeInto(page, 'shortfall-month', month);
  const shortfalls = page.getByTestId('shortfalls');
  // Other specs may add secretaries with no days at all; the demo's one worked two days that month.
  const short = shortfalls.getByRole('listitem').filter({ hasText: '2 / 4' }).first();
  await expect(short).toBeVisible();
  const secretaryName = await short.locator('strong').innerText();
  await checkBothWidths(page, 'supervision');

  await short.getByTestId('shortfall-leave').click();
  await expect(page.getByRole('dialog').getByTestId('leave-month').locator('input')).toHaveValue(month);
  await page.getByRole('dialog').getByTestId('leave-save').click();
  await expect(page.getByRole('dialog').getByText(messages.supervision.leaveReasonRequired)).toBeVisible();
  await page.getByRole('dialog').getByTestId('leave-reason').locator('textarea').fill('参加州委党校集中培训');
  await page.getByRole('dialog').getByTestId('leave-save').click();
  await expect(page.getByText(messages.supervision.leaveSaved, { exact: true })).toBeVisible();
  await expect(shortfalls.getByRole('listitem').filter({ hasText: secretaryName })).toHaveCount(0);
});

test('an admin picks a village to read its households and sees the county\'s matter totals', async ({ page }) => {
  await signIn(page, accounts.admin);
  await mainNav(page).getByRole('link', { name: messages.households.title }).click();
  await expect(page.getByText(messages.households.chooseVillage).first()).toBeVisible();
  await pick(page, page.getByTestId('household-village'), SECRETARY_VILLAGE);
  await expect(page.getByTestId('household-table').locator('tbody tr').first()).toBeVisible();
  await expect(page).toHaveURL(/villageId=/);
  await checkBothWidths(page, 'households-admin');

  await mainNav(page).getByRole('link', { name: messages.ledger.title }).click();
  await expect(page.getByTestId('matter-totals')).toBeVisible();
  await expect(page.getByRole('heading', { name: messages.ledger.totals.replace('{area}', '白玉县'), level: 2 })).toBeVisible();
  await checkBothWidths(page, 'matters-admin');

  // An admin adding a matter names its village.
  const title = `村级活动阵地维修 ${uniqueTag()}`;
  await page.getByTestId('matter-add').click();
  await page.getByTestId('matter-title').locator('input').fill(title);
  await choose(page, page.getByTestId('matter-category'), messages.matterCategories.venue);
  await pick(page, page.getByTestId('matter-village'), SECRETARY_VILLAGE);
  await page.getByTestId('matter-save').click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText(`河坡乡${SECRETARY_VILLAGE}`)).toBeVisible();
});

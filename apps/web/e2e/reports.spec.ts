import { expect, test, type Page } from '@playwright/test';
import { zhCN } from './messages.ts';
import { accounts, SECRETARY_VILLAGE, signIn } from './helpers.ts';

// The reports on the demo county: no check-ins yet (they arrive with the check-in work), so the
// figures checked here are those the demo has — sessions held, villages, farmers never trained —
// read from the api in the same run, and the drill-down's structure down to a session's roster.

// The dashboard asks for five reports at once; on a loaded machine the first answer can take a while.
const LOADED = { timeout: 30_000 };
test.describe.configure({ timeout: 180_000 });

/** This calendar year in Asia/Shanghai, the dashboard's default period. */
function thisYear(): { from: string; to: string } {
  const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

async function apiJson<T>(page: Page, path: string, params: Record<string, string> = {}): Promise<T> {
  const response = await page.request.get(path, { params });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as T;
}

test('a county admin sees the figures, charts and villages, and drills down to a session’s roster', async ({ page }) => {
  await signIn(page, accounts.admin);
  await page.goto('/reports');
  await expect(page.getByRole('heading', { name: /白玉县培训统计/, level: 1 })).toBeVisible(LOADED);
  const summary = await apiJson<{ figures: { sessionsHeld: number; villagesTotal: number; attendances: number } }>(page, '/api/v1/reports/summary', thisYear());
  const villages = await apiJson<{ items: unknown[] }>(page, '/api/v1/org-units', { level: 'village' });
  expect(summary.figures.villagesTotal).toBe(villages.items.length);
  expect(summary.figures.sessionsHeld).toBeGreaterThan(0);
  await expect(page.getByTestId('figure-sessions').locator('.value')).toHaveText(summary.figures.sessionsHeld.toLocaleString('zh-CN'));
  await expect(page.getByTestId('figure-villages').locator('.value')).toHaveText(new RegExp(`/ ${villages.items.length}$`));
  // Two charts at least (by month, by topic), drawn as SVG by the tree-shaken ECharts.
  await expect(page.locator('.report-chart svg').nth(1)).toBeVisible();
  // Every village of the county in the table; sorting by name keeps them all.
  const rows = page.getByTestId('report-unit-table').locator('tbody tr');
  await expect(rows).toHaveCount(villages.items.length);
  await page.getByTestId('report-unit-table').getByRole('columnheader', { name: zhCN.reports.unit }).click();
  await expect(rows).toHaveCount(villages.items.length);

  // County → village: the village held the most recent sessions, so it has some.
  const session = (await apiJson<{ items: Array<{ id: string; villageId: string; villageName: string; courseTitle: string; status: string }> }>(page, '/api/v1/reports/sessions', { ...thisYear(), limit: '50' })).items.find((row) => row.status === 'completed')!;
  await page.goto(`/reports?orgUnitId=${session.villageId}`);
  await expect(page.getByRole('heading', { name: `${session.villageName}培训统计`, level: 1 })).toBeVisible(LOADED);
  await expect(page.getByTestId('report-unit-table')).toHaveCount(0);
  const link = page.getByTestId('report-session-table').getByRole('link', { name: session.courseTitle }).first();
  await expect(link).toBeVisible();
  await link.click();
  await expect(page.getByTestId('report-session-figures')).toBeVisible(LOADED);
  await expect(page).toHaveURL(/\/reports\/sessions\//);
});

test('the exports download for the scope shown', async ({ page }) => {
  await signIn(page, accounts.admin);
  await page.goto('/reports');
  await expect(page.getByTestId('report-figures')).toBeVisible(LOADED);
  for (const [name, type] of [
    [zhCN.reports.exportXlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    [zhCN.reports.exportCsv, 'text/csv; charset=utf-8'],
    [zhCN.reports.exportPdf, 'application/pdf'],
  ] as const) {
    const href = await page.getByRole('link', { name }).getAttribute('href');
    expect(href).toContain(`from=${thisYear().from}`);
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe(type);
  }
});

test('data quality lists held sessions with no check-ins, each linking to its session', async ({ page }) => {
  await signIn(page, accounts.admin);
  const quality = await apiJson<{ counts: Record<string, number> }>(page, '/api/v1/reports/quality', { rule: 'no_attendance', limit: '1' });
  expect(quality.counts.no_attendance).toBeGreaterThan(0);
  await page.goto('/reports/quality');
  await expect(page.getByRole('heading', { name: zhCN.reports.quality.title, level: 1 })).toBeVisible();
  const first = page.getByTestId('report-quality-list').locator('li').first();
  await expect(first).toContainText(zhCN.reports.quality.rules.no_attendance);
  await first.getByRole('link').click();
  await expect(page).toHaveURL(/\/schedule\/sessions\//);
});

test('a first secretary sees their village, its farmers never trained and the next sessions', async ({ page }) => {
  await signIn(page, accounts.secretary);
  await page.goto('/reports');
  await expect(page.getByRole('heading', { name: `${SECRETARY_VILLAGE}培训统计`, level: 1 })).toBeVisible(LOADED);
  const untrained = await apiJson<{ items: Array<{ name: string }> }>(page, '/api/v1/reports/untrained', { limit: '20' });
  expect(untrained.items.length).toBeGreaterThan(0);
  await expect(page.getByTestId('report-untrained').locator('li')).toHaveCount(untrained.items.length);
  await expect(page.getByTestId('report-untrained')).toContainText(untrained.items[0]!.name);
  await expect(page.getByText(zhCN.reports.nextSessions)).toBeVisible();
  // Household categories are the village secretary's to see.
  await expect(page.getByTestId('figure-households')).toBeVisible();
});

test('a trainer sees their own sessions against capacity, and no household figures', async ({ page }) => {
  await signIn(page, accounts.trainer);
  await page.goto('/reports');
  await expect(page.getByTestId('report-figures')).toBeVisible(LOADED);
  await expect(page.getByTestId('figure-households')).toHaveCount(0);
  await expect(page.getByTestId('report-session-table').getByRole('columnheader', { name: zhCN.reports.attendanceOfCapacity })).toBeVisible();
});

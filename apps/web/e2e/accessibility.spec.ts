import { expect, test, type Page, type TestInfo } from '@playwright/test';
import type { RouteRecordRaw } from 'vue-router';
import en from '../src/locales/en.ts';
import zhCN from '../src/locales/zh-CN.ts';
import { expectAccessible } from './accessibility.ts';
import { accounts, signIn } from './helpers.ts';

type Messages = typeof zhCN;

// The router's own table, so a page added there without a visit here fails. Imported through a
// variable: its lazy `import('@/views/X.vue')` lines can be typed by vue-tsc only, not by the tsc
// that checks e2e/, and Playwright's loader never evaluates them.
const routerModule = '../src/router/index.ts';
const { routes } = (await import(routerModule)) as { routes: RouteRecordRaw[] };

// Every page of the router, as the role that can see it, checked by axe in both projects (desktop
// at 1280 px and phone-360). With E2E_SCREENSHOT_DIR set, each page is also photographed there, for
// a person to look at.

type Account = (typeof accounts)[keyof typeof accounts];

interface Visit {
  /** Names the test step and the screenshot. */
  name: string;
  /** The router's name for the page this visit ends on. */
  route: string;
  /** Brings the page to the state to check; resolves once it has settled. */
  open: (page: Page, isPhone: boolean) => Promise<void>;
}

const DOCUMENT_QUERY = '医疗保险';

/** Visits per account; `null` is signed out. */
const visits: Array<{ account: Account | null; visits: Visit[] }> = [
  {
    account: null,
    visits: [
      { name: 'login', route: 'login', open: (page) => gotoLogin(page) },
      {
        name: 'login-errors',
        route: 'login',
        open: async (page) => {
          await gotoLogin(page);
          await page.getByRole('button', { name: '登录' }).click();
          await expect(page.locator('.n-form-item-feedback--error').first()).toBeVisible();
        },
      },
    ],
  },
  {
    account: accounts.admin,
    visits: [
      { name: 'dashboard-admin', route: 'dashboard', open: (page) => gotoHeading(page, '/', /您好/) },
      {
        name: 'nav-drawer',
        route: 'dashboard',
        open: async (page, isPhone) => {
          await gotoHeading(page, '/', /您好/);
          if (!isPhone) return; // On a desktop the menu is always in the side bar.
          await page.getByRole('button', { name: zhCN.nav.openMenu }).click();
          await expect(page.locator('.n-drawer').getByRole('link', { name: zhCN.nav.farmers })).toBeVisible();
        },
      },
      {
        name: 'user-menu',
        route: 'dashboard',
        open: async (page) => {
          await gotoHeading(page, '/', /您好/);
          await page.getByTestId('user-menu').click();
          await expect(page.getByText(zhCN.auth.signOut)).toBeVisible();
        },
      },
      {
        name: 'farmers',
        route: 'farmers',
        open: async (page) => {
          await gotoHeading(page, '/farmers', zhCN.farmers.title);
          // A table on a desktop, cards on a phone.
          await expect(page.locator('tbody tr, .cards .card').first()).toBeVisible();
        },
      },
      {
        name: 'farmer-new-errors',
        route: 'farmer-new',
        open: async (page) => {
          await gotoHeading(page, '/farmers/new', zhCN.farmers.new);
          await page.getByTestId('farmer-save').click();
          await expect(page.locator('.n-form-item-feedback--error').first()).toBeVisible();
        },
      },
      {
        name: 'farmer-edit',
        route: 'farmer',
        open: async (page) => {
          const response = await page.request.get('/api/v1/farmers', { params: { limit: 1 } });
          const [farmer] = ((await response.json()) as { items: Array<{ id: string; name: string }> }).items;
          await gotoHeading(page, `/farmers/${farmer!.id}`, farmer!.name);
          await expect(page.getByLabel(zhCN.fields.name)).toHaveValue(farmer!.name);
        },
      },
      {
        name: 'library-manage',
        route: 'library-manage',
        open: async (page) => {
          await gotoHeading(page, '/library/manage', zhCN.library.manageTitle);
          await expect(page.getByTestId('library-documents').getByRole('link').first()).toBeVisible();
        },
      },
      {
        name: 'library-synonyms',
        route: 'library-manage',
        open: async (page) => {
          await gotoHeading(page, '/library/manage', zhCN.library.manageTitle);
          await page.getByRole('button', { name: zhCN.library.synonyms, exact: true }).click();
          await expect(page.getByTestId('synonym-groups')).toBeVisible();
        },
      },
      {
        name: 'library-document-edit',
        route: 'library-document',
        open: async (page) => {
          await gotoHeading(page, `/library?q=${encodeURIComponent(DOCUMENT_QUERY)}`, zhCN.library.title);
          await page.getByTestId('library-hit').first().getByRole('link').first().click();
          await page.getByTestId('library-edit').click();
          await expect(page.getByRole('dialog').getByLabel(zhCN.fields.title)).toBeVisible();
        },
      },
      {
        name: 'org-units',
        route: 'org-units',
        open: async (page) => {
          await gotoHeading(page, '/org-units', zhCN.orgUnits.title);
          await expect(page.locator('.n-tree-node').first()).toBeVisible();
        },
      },
      {
        name: 'users',
        route: 'users',
        open: async (page) => {
          await gotoHeading(page, '/users', zhCN.users.title);
          await expect(page.getByText('hepo-admin', { exact: true }).first()).toBeVisible();
        },
      },
      {
        name: 'user-new-errors',
        route: 'users',
        open: async (page) => {
          await gotoHeading(page, '/users', zhCN.users.title);
          await page.getByRole('button', { name: zhCN.users.new }).click();
          const dialog = page.getByRole('dialog');
          await dialog.getByRole('button', { name: zhCN.common.create }).click();
          await expect(dialog.locator('.n-form-item-feedback--error').first()).toBeVisible();
        },
      },
      { name: 'account', route: 'account', open: (page) => gotoHeading(page, '/account', zhCN.account.title) },
      { name: 'not-found', route: 'not-found', open: (page) => gotoHeading(page, '/no-such-page', zhCN.status.notFoundTitle) },
    ],
  },
  {
    account: accounts.trainer,
    visits: [
      { name: 'dashboard-trainer', route: 'dashboard', open: (page) => gotoHeading(page, '/', /您好/) },
      // A trainer may not manage users: the guard sends them to 403.
      { name: 'forbidden', route: 'forbidden', open: (page) => gotoHeading(page, '/users', zhCN.status.forbiddenTitle) },
    ],
  },
  {
    account: accounts.secretary,
    visits: [
      {
        name: 'library',
        route: 'library',
        open: async (page) => {
          await gotoHeading(page, '/library', zhCN.library.title);
          await expect(page.getByTestId('library-hit').first()).toBeVisible();
        },
      },
      {
        name: 'library-results',
        route: 'library',
        open: async (page) => {
          await gotoHeading(page, `/library?q=${encodeURIComponent(DOCUMENT_QUERY)}`, zhCN.library.title);
          await expect(page.getByTestId('library-hit').locator('mark').first()).toBeVisible();
        },
      },
      {
        name: 'library-facets',
        route: 'library',
        open: async (page, isPhone) => {
          await gotoHeading(page, `/library?q=${encodeURIComponent(DOCUMENT_QUERY)}`, zhCN.library.title);
          await expect(page.getByTestId('library-hit').first()).toBeVisible();
          // On a desktop the facets are a side panel; on a phone they open in a drawer.
          if (isPhone) await page.getByTestId('library-filters-toggle').click();
          await expect(page.getByTestId('facet-topic')).toBeVisible();
        },
      },
      {
        name: 'library-document',
        route: 'library-document',
        open: async (page) => {
          await gotoHeading(page, `/library?q=${encodeURIComponent(DOCUMENT_QUERY)}`, zhCN.library.title);
          await page.getByTestId('library-hit').first().getByRole('link').first().click();
          await expect(page.getByTestId('library-text')).toBeVisible();
        },
      },
    ],
  },
];

async function gotoLogin(page: Page): Promise<void> {
  await page.goto('/login');
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
}

async function gotoHeading(page: Page, path: string, heading: string | RegExp): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
}

/** The router's named pages, children included. */
function routeNames(records: readonly RouteRecordRaw[]): string[] {
  return records.flatMap((record) => [...(typeof record.name === 'string' ? [record.name] : []), ...routeNames(record.children ?? [])]);
}

function findRoute(name: string, records: readonly RouteRecordRaw[] = routes): RouteRecordRaw | undefined {
  for (const record of records) {
    if (record.name === name) return record;
    const child = findRoute(name, record.children ?? []);
    if (child) return child;
  }
  return undefined;
}

/** The document title the router sets for a page (router/index.ts setTitle). */
function titleOf(name: string, messages: Messages): string {
  const key: unknown = findRoute(name)?.meta?.titleKey;
  if (typeof key !== 'string') return messages.app.name;
  const page = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
  return typeof page === 'string' ? `${page} · ${messages.app.name}` : messages.app.name;
}

async function check(page: Page, testInfo: TestInfo, visit: Pick<Visit, 'name' | 'route'>, messages: Messages): Promise<void> {
  await expect(page, `the visit "${visit.name}" ends on the page "${visit.route}"`).toHaveTitle(titleOf(visit.route, messages));
  await expectAccessible(page);
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${testInfo.project.name}-${visit.name}.png`, fullPage: true });
}

test('every named route of the router has a visit here', () => {
  const visited = new Set(visits.flatMap((group) => group.visits.map((visit) => visit.route)));
  expect(routeNames(routes).filter((name) => !visited.has(name))).toEqual([]);
});

for (const group of visits) {
  test(`pages ${group.account ? `as ${group.account.username}` : 'signed out'} pass axe`, async ({ page }, testInfo) => {
    // A sign-in and then each page with its axe run, on a machine shared with the servers.
    test.setTimeout(15_000 * (1 + group.visits.length));
    const isPhone = testInfo.project.name === 'phone-360';
    if (group.account) await signIn(page, group.account);
    for (const visit of group.visits) {
      await test.step(visit.name, async () => {
        await visit.open(page, isPhone);
        await check(page, testInfo, visit, zhCN);
      });
    }
  });
}

test('pages in English pass axe', async ({ page }, testInfo) => {
  // The language chosen on this device (locales/index.ts) applies before the first page.
  await page.addInitScript(() => localStorage.setItem('fieldschool.locale', 'en'));
  await page.goto('/login');
  await expect(page.getByRole('button', { name: en.auth.submit })).toBeVisible();
  await check(page, testInfo, { name: 'login-en', route: 'login' }, en);

  await page.getByLabel(en.fields.username).fill(accounts.admin.username);
  await page.getByLabel(en.fields.password, { exact: true }).fill(accounts.admin.password);
  await page.getByRole('button', { name: en.auth.submit }).click();
  await expect(page.getByRole('heading', { name: /Hello/, level: 1 })).toBeVisible();
  await check(page, testInfo, { name: 'dashboard-en', route: 'dashboard' }, en);
});

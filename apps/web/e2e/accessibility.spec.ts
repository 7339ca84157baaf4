import { expect, test, type Page, type TestInfo } from '@playwright/test';
import type { RouteRecordRaw } from 'vue-router';
import { expectAccessible } from './accessibility.ts';
import { accounts, SECRETARY_VILLAGE, signIn } from './helpers.ts';
import { en, messageKeys, zhCN, type Messages } from './messages.ts';
import { beijing, firstCourse, futureMonday, pick, typeInto } from './schedule-helpers.ts';

// The router's own table, so a page added there without a visit here fails. Imported through a
// variable: its lazy `import('@/views/X.vue')` lines can be typed by vue-tsc only, not by the tsc
// that checks e2e/, and Playwright's loader never evaluates them.
const routerModule = '../src/router/routes.ts';
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
const visits: Array<{ account: Account | null; label?: string; msPerVisit?: number; visits: Visit[] }> = [
  {
    account: null,
    visits: [
      { name: 'login', route: 'login', open: (page) => gotoLogin(page) },
      {
        // A farmer's phone, from a trainer's code; the form's own errors show on an empty submit.
        name: 'self-checkin',
        route: 'self-checkin',
        open: async (page) => {
          await gotoHeading(page, '/self-checkin/00000000-0000-4000-8000-000000000000?code=12345678', zhCN.selfCheckin.title);
          await page.getByTestId('self-checkin-submit').click();
          await expect(page.locator('.n-form-item-feedback--error').first()).toBeVisible();
        },
      },
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
      {
        name: 'courses',
        route: 'courses',
        open: async (page) => {
          await gotoHeading(page, '/courses', zhCN.courses.title);
          await expect(page.getByTestId('course-row').first()).toBeVisible();
        },
      },
      {
        name: 'course-new-errors',
        route: 'course-new',
        open: async (page) => {
          await gotoHeading(page, '/courses/new', zhCN.courses.new);
          await page.getByTestId('course-save').click();
          await expect(page.locator('.n-form-item-feedback--error').first()).toBeVisible();
        },
      },
      {
        name: 'course-edit',
        route: 'course',
        open: async (page) => {
          const course = await firstCourse({ api: page.request, csrf: '' });
          await gotoHeading(page, `/courses/${course.id}`, course.title);
          await expect(page.getByTestId('course-title').locator('input')).toHaveValue(course.title);
        },
      },
      {
        name: 'schedule-feeds',
        route: 'schedule-feeds',
        open: async (page) => {
          await gotoHeading(page, '/schedule/feeds', zhCN.schedule.feeds.title);
          // A new feed shows its URL once, above the list of feeds made.
          await page.getByTestId('feed-create-mine').click();
          await expect(page.getByTestId('feed-url')).toBeVisible();
          await expect(page.getByTestId('feed-token').first()).toBeVisible();
        },
      },
      {
        name: 'schedule-feed-revoke',
        route: 'schedule-feeds',
        open: async (page) => {
          await gotoHeading(page, '/schedule/feeds', zhCN.schedule.feeds.title);
          await page.getByTestId('feed-revoke').first().click();
          await expect(page.getByText(zhCN.schedule.feeds.revokeConfirm)).toBeVisible();
        },
      },
      {
        // The travel-time settings with the pair form's errors showing.
        name: 'schedule-travel-times-errors',
        route: 'schedule-travel-times',
        open: async (page) => {
          await gotoHeading(page, '/schedule/travel-times', zhCN.travelTimes.title);
          await expect(page.getByTestId('travel-buffer').locator('input')).not.toHaveValue('');
          await page.getByTestId('travel-override-save').click();
          await expect(page.getByTestId('travel-override-form').locator('.n-form-item-feedback--error').first()).toBeVisible();
        },
      },
      {
        name: 'schedule-backfill-errors',
        route: 'schedule-backfill',
        open: async (page) => {
          await gotoHeading(page, '/schedule/backfill', zhCN.backfill.title);
          await page.getByTestId('session-save').click();
          await expect(page.locator('.n-form-item-feedback--error').first()).toBeVisible();
        },
      },
      {
        name: 'supervision',
        route: 'supervision',
        open: async (page) => {
          await gotoHeading(page, '/supervision', zhCN.secretaries.supervision.title);
          await expect(page.getByTestId('supervision-table').getByText(SECRETARY_VILLAGE).first()).toBeVisible();
        },
      },
      { name: 'account', route: 'account', open: (page) => gotoHeading(page, '/account', zhCN.account.title) },
      { name: 'materials', route: 'materials', open: (page) => gotoHeading(page, '/materials', zhCN.materials.title) },
      { name: 'rosters', route: 'rosters', open: (page) => gotoHeading(page, '/rosters', zhCN.rosters.title) },
      { name: 'not-found', route: 'not-found', open: (page) => gotoHeading(page, '/no-such-page', zhCN.status.notFoundTitle) },
    ],
  },
  {
    // The reports (issue 10), in a group of their own: the admin's list is long already.
    account: accounts.admin,
    label: 'reports',
    // The dashboard asks for five reports at once; a loaded machine needs longer than a list page.
    msPerVisit: 45_000,
    visits: [
      {
        name: 'reports',
        route: 'reports',
        open: async (page) => {
          await gotoHeading(page, '/reports', /培训统计/);
          await expect(page.getByTestId('report-unit-table').locator('tbody tr').first()).toBeVisible({ timeout: 30_000 });
        },
      },
      {
        name: 'report-quality',
        route: 'report-quality',
        open: async (page) => {
          await gotoHeading(page, '/reports/quality', zhCN.reports.quality.title);
          await expect(page.getByTestId('report-quality-list').locator('li').first()).toBeVisible();
        },
      },
      {
        name: 'report-session',
        route: 'report-session',
        open: async (page) => {
          const response = await page.request.get('/api/v1/reports/sessions', { params: { limit: 1 } });
          const [session] = ((await response.json()) as { items: Array<{ id: string; courseTitle: string }> }).items;
          await gotoHeading(page, `/reports/sessions/${session!.id}`, session!.courseTitle);
          await expect(page.getByTestId('report-session-figures')).toBeVisible();
        },
      },
      {
        name: 'report-farmer',
        route: 'report-farmer',
        open: async (page) => {
          const response = await page.request.get('/api/v1/farmers', { params: { limit: 1 } });
          const [farmer] = ((await response.json()) as { items: Array<{ id: string; name: string }> }).items;
          await gotoHeading(page, `/reports/farmers/${farmer!.id}`, farmer!.name);
        },
      },
    ],
  },
  {
    account: accounts.trainer,
    visits: [
      {
        // With the trainer's next sessions loaded (their check-in links are on the page).
        name: 'dashboard-trainer',
        route: 'dashboard',
        open: async (page) => {
          await gotoHeading(page, '/', /您好/);
          await expect(page.getByTestId('upcoming-sessions').locator('li, .none').first()).toBeVisible();
        },
      },
      {
        // A month of the demo year on a desktop; a phone opens on the agenda of that week.
        name: 'schedule',
        route: 'schedule',
        open: async (page) => {
          await gotoCalendar(page, await demoSessionDate(page));
        },
      },
      {
        // The views a user switches to: the week's time grid and the agenda on a desktop; the
        // day's time grid and the month on a phone.
        name: 'schedule-views',
        route: 'schedule',
        open: async (page, isPhone) => {
          await gotoCalendar(page, await demoSessionDate(page));
          const views = isPhone ? [zhCN.schedule.views.day, zhCN.schedule.views.month] : [zhCN.schedule.views.week, zhCN.schedule.views.agenda];
          for (const view of views) {
            await page.getByRole('tab', { name: view, exact: true }).click();
            await expect(page.getByRole('tab', { name: view, exact: true })).toHaveAttribute('aria-selected', 'true');
          }
        },
      },
      {
        name: 'schedule-session',
        route: 'schedule-session',
        open: async (page) => {
          const series = await ownSeries(page);
          await gotoHeading(page, `/schedule/sessions/${series.sessionId}`, series.courseTitle);
          await expect(page.getByTestId('session-move')).toBeVisible();
        },
      },
      {
        // Taken offline: the roster, then the walk-in form's errors and the rotating code.
        name: 'checkin',
        route: 'checkin',
        open: async (page) => {
          const series = await ownSeries(page);
          await page.goto(`/schedule/sessions/${series.sessionId}/checkin?download=1`);
          await expect(page.getByTestId('checkin-offline-ready')).toBeVisible({ timeout: 60_000 });
          await expect(page.getByTestId('checkin-roster-count')).toBeVisible();
        },
      },
      {
        name: 'checkin-walk-in',
        route: 'checkin',
        open: async (page) => {
          await page.locator('.n-tabs-tab').filter({ hasText: zhCN.checkin.tabs.walkIn }).click();
          await page.getByTestId('checkin-walk-in-submit').click();
          await expect(page.getByTestId('checkin-walk-in').locator('.n-form-item-feedback--error').first()).toBeVisible();
        },
      },
      {
        name: 'checkin-code',
        route: 'checkin',
        open: async (page) => {
          await page.locator('.n-tabs-tab').filter({ hasText: zhCN.checkin.tabs.code }).click();
          await expect(page.getByTestId('checkin-session-code').locator('img')).toBeVisible();
        },
      },
      {
        name: 'schedule-move-dialog',
        route: 'schedule-session',
        open: async (page) => {
          const series = await ownSeries(page);
          await gotoHeading(page, `/schedule/sessions/${series.sessionId}`, series.courseTitle);
          await page.getByTestId('session-move').click();
          await expect(page.getByRole('dialog').getByText(zhCN.schedule.scope.following)).toBeVisible();
        },
      },
      {
        name: 'schedule-cancel-errors',
        route: 'schedule-session',
        open: async (page) => {
          const series = await ownSeries(page);
          await gotoHeading(page, `/schedule/sessions/${series.sessionId}`, series.courseTitle);
          await page.getByTestId('session-cancel').click();
          await page.getByTestId('cancel-confirm').click();
          await expect(page.getByRole('dialog').locator('.n-form-item-feedback--error')).toBeVisible();
        },
      },
      {
        name: 'schedule-session-edit',
        route: 'schedule-session-edit',
        open: async (page) => {
          const series = await ownSeries(page);
          await gotoHeading(page, `/schedule/sessions/${series.sessionId}/edit?scope=following`, zhCN.schedule.editFollowing);
          await expect(page.getByTestId('session-venue').locator('input')).toHaveValue(SERIES_VENUE);
        },
      },
      {
        // A weekly draft on top of the trainer's own series: the form with its repeat fields and
        // the list of conflicts.
        name: 'schedule-session-new-conflicts',
        route: 'schedule-session-new',
        open: async (page) => {
          const series = await ownSeries(page);
          await gotoHeading(page, '/schedule/sessions/new', zhCN.schedule.newSession);
          await pick(page, page.getByTestId('session-course'), series.courseTitle);
          await pick(page, page.getByTestId('session-village'), SECRETARY_VILLAGE);
          await typeInto(page, 'session-date', series.date);
          await typeInto(page, 'session-start', SERIES_START);
          await typeInto(page, 'session-end', SERIES_END);
          await pick(page, page.getByTestId('repeat-kind'), zhCN.schedule.repeat.kinds.weekly);
          await page.getByTestId('session-check').click();
          await expect(page.getByTestId('conflicts').locator('li').first()).toBeVisible();
        },
      },
      {
        name: 'paper',
        route: 'paper',
        open: async (page) => {
          const series = await ownSeries(page);
          await gotoHeading(page, `/schedule/sessions/${series.sessionId}/paper`, zhCN.paper.title);
          await expect(page.getByTestId('paper-print')).toBeVisible();
        },
      },
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
      {
        name: 'secretary-work',
        route: 'secretary-work',
        open: async (page) => {
          await gotoHeading(page, '/secretary/work', zhCN.secretaries.work.title);
          await expect(page.getByTestId('work-month-progress')).toBeVisible();
        },
      },
      {
        name: 'secretary-work-add',
        route: 'secretary-work',
        open: async (page) => {
          await gotoHeading(page, '/secretary/work', zhCN.secretaries.work.title);
          await page.getByTestId('work-day-add').click();
          await expect(page.getByTestId('work-day-note')).toBeVisible();
        },
      },
      {
        name: 'households',
        route: 'households',
        open: async (page) => {
          await gotoHeading(page, '/secretary/households', zhCN.secretaries.households.title);
          await expect(page.getByTestId('household-table').locator('tbody tr').first()).toBeVisible();
        },
      },
      {
        name: 'household',
        route: 'household',
        open: async (page) => {
          await page.getByTestId('household-table').locator('tbody tr').first().getByRole('link').click();
          await expect(page.getByTestId('household-income')).toBeVisible();
        },
      },
      {
        name: 'matters',
        route: 'matters',
        open: async (page) => {
          await gotoHeading(page, '/secretary/matters', zhCN.secretaries.ledger.title);
          await expect(page.getByTestId('matter-list').getByRole('link').first()).toBeVisible();
        },
      },
      {
        name: 'matter',
        route: 'matter',
        open: async (page) => {
          await page.getByTestId('matter-list').getByRole('link').first().click();
          await expect(page.getByTestId('matter-files')).toBeVisible();
        },
      },
      {
        name: 'matter-new',
        route: 'matter-new',
        open: async (page) => {
          await gotoHeading(page, '/secretary/matters/new', zhCN.secretaries.ledger.add);
          await expect(page.getByTestId('matter-title')).toBeVisible();
        },
      },
      {
        name: 'secretary-profile',
        route: 'secretary-profile',
        open: async (page) => {
          await gotoHeading(page, '/secretary/profile', zhCN.secretaries.profile.title);
          await expect(page.getByTestId('profile-post')).toBeVisible();
        },
      },
      {
        // Public, but reached here from the secretary's own village.
        name: 'public-village',
        route: 'public-village',
        open: async (page) => {
          const me = (await (await page.request.get('/api/v1/auth/session')).json()) as { user: { orgUnitId: string } };
          await gotoHeading(page, `/villages/${me.user.orgUnitId}/public`, new RegExp(SECRETARY_VILLAGE));
          await expect(page.getByTestId('public-secretary').first()).toBeVisible();
        },
      },
    ],
  },
];

const SERIES_VENUE = '村活动室';
const SERIES_START = '15:00';
const SERIES_END = '17:00';

/** The start date (Beijing) of the next session of the demo year, for a calendar full of them. */
async function demoSessionDate(page: Page): Promise<string> {
  const from = new Date();
  const to = new Date(from.getTime() + 60 * 24 * 3600_000);
  const response = await page.request.get('/api/v1/sessions', { params: { from: from.toISOString(), to: to.toISOString(), limit: 1 } });
  expect(response.status(), await response.text()).toBe(200);
  const [session] = ((await response.json()) as { items: Array<{ startsAt: string }> }).items;
  return new Date(new Date(session!.startsAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Opens the calendar on a day and waits for its sessions. */
async function gotoCalendar(page: Page, date: string): Promise<void> {
  await gotoHeading(page, `/schedule?date=${date}`, zhCN.schedule.title);
  await expect(page.getByTestId('schedule-calendar').getByRole('link').first()).toBeVisible();
}

interface OwnSeries {
  sessionId: string;
  courseTitle: string;
  /** The first session's day (Beijing). */
  date: string;
}

const ownSeriesByPage = new WeakMap<Page, Promise<OwnSeries>>();

/**
 * A weekly series of two that the signed-in trainer teaches, made once per test through the api:
 * its sessions can be changed, so their page shows every button and the dialogs offer "this and
 * following". On a Tuesday afternoon years ahead, where no other spec plans.
 */
function ownSeries(page: Page): Promise<OwnSeries> {
  let series = ownSeriesByPage.get(page);
  if (!series) {
    series = makeOwnSeries(page);
    ownSeriesByPage.set(page, series);
  }
  return series;
}

async function makeOwnSeries(page: Page): Promise<OwnSeries> {
  const { user, csrfToken } = (await (await page.request.get('/api/v1/auth/session')).json()) as { user: { id: string }; csrfToken: string };
  const course = await firstCourse({ api: page.request, csrf: csrfToken });
  const villages = (await (await page.request.get('/api/v1/org-units', { params: { level: 'village' } })).json()) as { items: Array<{ id: string; name: string }> };
  const village = villages.items.find((item) => item.name === SECRETARY_VILLAGE)!;
  const monday = futureMonday(600 + Math.floor(Math.random() * 1000));
  const date = new Date(Date.parse(`${monday}T00:00:00Z`) + 24 * 3600_000).toISOString().slice(0, 10);
  const response = await page.request.post('/api/v1/sessions', {
    headers: { 'x-csrf-token': csrfToken },
    data: {
      courseId: course.id,
      villageId: village.id,
      trainerIds: [user.id],
      capacity: 30,
      venue: SERIES_VENUE,
      startsAt: beijing(date, SERIES_START),
      endsAt: beijing(date, SERIES_END),
      recurrence: { freq: 'weekly', weekdays: ['TU'], count: 2 },
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { sessions } = (await response.json()) as { sessions: Array<{ id: string }> };
  return { sessionId: sessions[0]!.id, courseTitle: course.title, date };
}

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
  // A route that misses one of its pages' message areas (meta.messages) shows their bare keys.
  const text = await page.locator('body').innerText();
  expect.soft(messageKeys.filter((key) => text.includes(key)), `message keys shown raw on "${visit.name}"`).toEqual([]);
  await expectAccessible(page);
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${testInfo.project.name}-${visit.name}.png`, fullPage: true });
}

test('every named route of the router has a visit here', () => {
  const visited = new Set(visits.flatMap((group) => group.visits.map((visit) => visit.route)));
  expect(routeNames(routes).filter((name) => !visited.has(name))).toEqual([]);
});

for (const group of visits) {
  test(`pages ${group.account ? `as ${group.account.username}` : 'signed out'}${group.label ? ` (${group.label})` : ''} pass axe`, async ({ page }, testInfo) => {
    // A sign-in and then each page with its axe run, on a machine shared with the servers.
    test.setTimeout((group.msPerVisit ?? 15_000) * (1 + group.visits.length));
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

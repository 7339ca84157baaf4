import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { Role } from '@fieldschool/contracts';
import type { RouteRecordRaw } from 'vue-router';
import { accounts, apiSignIn, findVillages, SECRETARY_VILLAGE, signIn } from './helpers.ts';
import { E2E_METRICS_TOKEN } from './metrics-token.ts';

// The router's own table (imported through a variable, as accessibility.spec.ts does: its lazy
// view imports can be typed by vue-tsc only), so a page added there without a URL here fails.
const routerModule = '../src/router/routes.ts';
const { routes } = (await import(routerModule)) as { routes: RouteRecordRaw[] };

// Every page of the app, signed in as each role that may open it (signed out for the public
// ones), must load without a Content-Security-Policy violation. Three witnesses: the page's
// `securitypolicyviolation` events, the console's CSP errors, and the reports the browser sends
// to the api (the policy's report-uri), counted in /metrics. The first test shows that each of
// them sees a violation made on purpose, so a silent sweep means a clean one.

interface Ids {
  farmer: string;
  document: string;
  session: string;
  course: string;
  village: string;
  householdNo: string;
  matter: string;
}

/** A URL for each named route; ids are the demo's, looked up once as the county admin. */
const urlOf: Record<string, (ids: Ids) => string> = {
  login: () => '/login',
  'public-village': (ids) => `/villages/${ids.village}/public`,
  'self-checkin': (ids) => `/self-checkin/${ids.session}?code=12345678`,
  dashboard: () => '/',
  farmers: () => '/farmers',
  'farmer-new': () => '/farmers/new',
  farmer: (ids) => `/farmers/${ids.farmer}`,
  library: () => `/library?q=${encodeURIComponent('医疗保险')}`,
  'library-manage': () => '/library/manage',
  'library-document': (ids) => `/library/${ids.document}`,
  schedule: () => '/schedule',
  'schedule-feeds': () => '/schedule/feeds',
  'schedule-travel-times': () => '/schedule/travel-times',
  'schedule-backfill': () => '/schedule/backfill',
  'schedule-session-new': () => '/schedule/sessions/new',
  'schedule-session': (ids) => `/schedule/sessions/${ids.session}`,
  checkin: (ids) => `/schedule/sessions/${ids.session}/checkin`,
  'schedule-session-edit': (ids) => `/schedule/sessions/${ids.session}/edit`,
  'secretary-work': () => '/secretary/work',
  households: (ids) => `/secretary/households?villageId=${ids.village}`,
  household: (ids) => `/secretary/households/${ids.village}/${encodeURIComponent(ids.householdNo)}`,
  matters: () => '/secretary/matters',
  'matter-new': () => '/secretary/matters/new',
  matter: (ids) => `/secretary/matters/${ids.matter}`,
  'secretary-profile': () => '/secretary/profile',
  supervision: () => '/supervision',
  reports: () => '/reports',
  'report-quality': () => '/reports/quality',
  'report-session': (ids) => `/reports/sessions/${ids.session}`,
  'report-farmer': (ids) => `/reports/farmers/${ids.farmer}`,
  courses: () => '/courses',
  'course-new': () => '/courses/new',
  course: (ids) => `/courses/${ids.course}`,
  materials: () => '/materials',
  rosters: () => '/rosters',
  paper: (ids) => `/schedule/sessions/${ids.session}/paper`,
  'org-units': () => '/org-units',
  users: () => '/users',
  account: () => '/account',
  forbidden: () => '/403',
  'not-found': () => '/no-such-page',
};

interface NamedRoute {
  name: string;
  public: boolean;
  roles: readonly Role[] | undefined;
}

function namedRoutes(records: readonly RouteRecordRaw[]): NamedRoute[] {
  return records.flatMap((record) => [
    ...(typeof record.name === 'string' ? [{ name: record.name, public: Boolean(record.meta?.public), roles: record.meta?.roles as readonly Role[] | undefined }] : []),
    ...namedRoutes(record.children ?? []),
  ]);
}

const signedIn: Array<{ account: (typeof accounts)[keyof typeof accounts]; role: Role }> = [
  { account: accounts.admin, role: 'admin' },
  { account: accounts.trainer, role: 'trainer' },
  { account: accounts.secretary, role: 'secretary' },
];

/** Collects the page's CSP violations from its events and its console, for every document it loads. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(message.text())) fromConsole.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`event: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber} (${event.sample})`);
    });
  });
  // The events of the document now shown; the console's of every document so far.
  return async () => [...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)), ...fromConsole.splice(0)];
}

/** Violations browsers reported to the api so far (all of them: the counter's series summed). */
async function reportedViolations(request: APIRequestContext): Promise<number> {
  const response = await request.get('/metrics', { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  expect(response.status(), 'the e2e server runs with METRICS_TOKEN (playwright.config.ts)').toBe(200);
  return (await response.text())
    .split('\n')
    .filter((line) => line.startsWith('fieldschool_csp_violations_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

/** Opens a page and waits until it has loaded what it shows (no request for half a second). */
async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
}

let ids: Ids;
test.beforeAll(async ({ playwright, baseURL }) => {
  const admin = await apiSignIn(playwright, baseURL!, accounts.admin);
  const first = async <T>(path: string, params: Record<string, string | number>, pick: (body: never) => T): Promise<T> => {
    const response = await admin.api.get(path, { params });
    expect(response.status(), path).toBe(200);
    return pick((await response.json()) as never);
  };
  const now = new Date();
  ids = {
    farmer: await first('/api/v1/farmers', { limit: 1 }, (body: { items: Array<{ id: string }> }) => body.items[0]!.id),
    document: await first('/api/v1/search', { q: '医疗保险' }, (body: { hits: Array<{ documentId: string }> }) => body.hits[0]!.documentId),
    session: await first('/api/v1/sessions', { from: now.toISOString(), to: new Date(now.getTime() + 60 * 86_400_000).toISOString(), limit: 1 }, (body: { items: Array<{ id: string }> }) => body.items[0]!.id),
    course: await first('/api/v1/courses', { limit: 1 }, (body: { items: Array<{ id: string }> }) => body.items[0]!.id),
    village: (await findVillages(admin)).find((village) => village.name === SECRETARY_VILLAGE)!.id,
    householdNo: '',
    matter: await first('/api/v1/matters', { limit: 1 }, (body: { items: Array<{ id: string }> }) => body.items[0]!.id),
  };
  ids.householdNo = await first('/api/v1/households', { villageId: ids.village }, (body: { items: Array<{ householdNo: string }> }) => body.items[0]!.householdNo);
  await admin.api.dispose();
});

test('every named route of the router has a URL here', () => {
  expect(namedRoutes(routes).map((route) => route.name).filter((name) => !(name in urlOf))).toEqual([]);
});

test('each witness sees a violation made on purpose', async ({ page }) => {
  const violations = await watchViolations(page);
  const before = await reportedViolations(page.request);
  await visit(page, '/login');
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true;';
    document.head.append(script);
  });
  await expect.poll(violations).toEqual(expect.arrayContaining([expect.stringMatching(/^event: script-src-elem blocked inline/), expect.stringMatching(/^console: .*Content Security Policy/)]));
  await expect.poll(() => reportedViolations(page.request), { timeout: 15_000 }).toBe(before + 1);
});

test('the public pages load without a CSP violation, signed out', async ({ page }) => {
  const pages = namedRoutes(routes).filter((route) => route.public);
  test.setTimeout(15_000 * (1 + pages.length));
  await sweep(page, pages);
});

for (const { account, role } of signedIn) {
  test(`every page ${role} may open loads without a CSP violation`, async ({ page }) => {
    const pages = namedRoutes(routes).filter((route) => !route.public && (!route.roles || route.roles.includes(role)));
    test.setTimeout(15_000 * (2 + pages.length));
    await signIn(page, account);
    await sweep(page, pages);
  });
}

async function sweep(page: Page, pages: NamedRoute[]): Promise<void> {
  const violations = await watchViolations(page);
  const before = await reportedViolations(page.request);
  const found: string[] = [];
  for (const route of pages) {
    await test.step(route.name, async () => {
      const url = urlOf[route.name]!(ids);
      await visit(page, url);
      // The page itself, not the sign-in or the 403 page instead of it.
      if (route.name !== 'forbidden') expect(new URL(page.url()).pathname, route.name).toBe(new URL(url, 'http://x').pathname);
      found.push(...(await violations()).map((violation) => `${route.name}: ${violation}`));
    });
  }
  expect(found).toEqual([]);
  // Reports travel on their own: the last page's have had the network-idle wait to arrive.
  expect(await reportedViolations(page.request)).toBe(before);
}

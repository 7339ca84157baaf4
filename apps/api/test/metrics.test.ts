import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp, type App } from '../src/app.ts';
import { addJobs } from '../src/services/job-queue.ts';
import { at, item, scheduleSession, seedCheckin } from './checkin-fixtures.ts';
import { PASSWORD } from './fixtures.ts';
import { useTestApp } from './test-app.ts';

const ctx = useTestApp('metrics');
const TOKEN = 'scrape-token-0123456789';

// A built web app: its page and one hashed file.
const dist = mkdtempSync(path.join(tmpdir(), 'fieldschool-metrics-dist-'));
mkdirSync(path.join(dist, 'assets'));
writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><head></head></html>');
writeFileSync(path.join(dist, 'assets/index-Ab12Cd34.js'), 'export {};\n');

let metered: App;
beforeAll(async () => {
  metered = await buildApp({ db: ctx.db.db, search: ctx.app.searchEngine, secrets: { idNumberKey: randomBytes(32) }, files: ctx.app.files, metricsToken: TOKEN, webDist: dist });
});
afterAll(async () => {
  await metered?.close();
  rmSync(dist, { recursive: true, force: true });
});

const scrape = async () => {
  const response = await metered.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain/);
  return response.body;
};

/** The value of one series, by its name and exact labels as Prometheus prints them. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function signIn(app: App, username: string) {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD } });
  const csrf = response.json().csrfToken as string;
  const cookie = `fs_session=${response.cookies.find((c) => c.name === 'fs_session')!.value}`;
  return { cookie, 'x-csrf-token': csrf };
}

describe('GET /metrics', () => {
  it('does not exist without METRICS_TOKEN', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'not_found' });
  });

  it('refuses a wrong or missing token with a 401 problem naming the header', async () => {
    for (const headers of [{}, { authorization: 'Bearer scrape-token-wrong-guess' }, { authorization: TOKEN }]) {
      const response = await metered.inject({ method: 'GET', url: '/metrics', headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.json()).toMatchObject({ code: 'unauthenticated', field: 'authorization' });
    }
  });

  it('counts requests and their latency by route pattern, never by the URL with its ids', async () => {
    const admin = await signIn(metered, 'admin');
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) expect((await metered.inject({ method: 'GET', url: `/api/v1/farmers/${id}`, headers: admin })).statusCode).toBe(404);
    await metered.inject({ method: 'GET', url: `/api/no-such-thing/${ids[0]}` });
    expect((await metered.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' })).statusCode).toBe(200);
    expect((await metered.inject({ method: 'GET', url: `/farmers/${ids[1]}` })).statusCode).toBe(200);
    const text = await scrape();
    expect(valueOf(text, 'http_requests_total{method="GET",route="/api/v1/farmers/:id",status_code="404"}')).toBe(2);
    expect(valueOf(text, 'http_request_duration_seconds_count{method="GET",route="/api/v1/farmers/:id",status_code="404"}')).toBe(2);
    expect(valueOf(text, 'http_requests_total{method="GET",route="unmatched",status_code="404"}')).toBe(1);
    // The web app's files under one label, its page for an app path as unmatched.
    expect(valueOf(text, 'http_requests_total{method="GET",route="static",status_code="200"}')).toBe(1);
    expect(valueOf(text, 'http_requests_total{method="GET",route="unmatched",status_code="200"}')).toBe(1);
    expect(text).not.toContain('index-Ab12Cd34');
    for (const id of ids) expect(text).not.toContain(id);
  });

  it('counts sync answers by kind and result, and an unknown kind under one label', async () => {
    const seeded = await seedCheckin(ctx.db.db, ctx.fixtures, 2);
    const admin = await ctx.signIn('admin');
    const sessionId = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, '2031-06-03');
    const trainer = await signIn(metered, 'trainer');
    const [first, second] = seeded.farmers.genga;
    const items = [item(sessionId, first!, at('2031-06-03T09:00')), item(sessionId, second!, at('2031-06-03T09:05'))];
    const sync = (batch: unknown[]) => metered.inject({ method: 'POST', url: '/api/v1/checkins/sync', headers: trainer, payload: { deviceId: 'phone-m', items: batch } });
    expect((await sync(items)).statusCode).toBe(200);
    const strangeKind = `weather_${randomBytes(4).toString('hex')}`;
    const again = await sync([...items.slice(0, 1), item(sessionId, first!, at('2031-06-03T09:10')), { id: randomUUID(), kind: strangeKind }]);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().results.map((r: { result: string }) => r.result)).toEqual(['duplicate', 'merged', 'rejected']);

    const text = await scrape();
    expect(valueOf(text, 'fieldschool_sync_items_total{kind="checkin",result="created"}')).toBe(2);
    expect(valueOf(text, 'fieldschool_sync_items_total{kind="checkin",result="duplicate"}')).toBe(1);
    expect(valueOf(text, 'fieldschool_sync_items_total{kind="checkin",result="merged"}')).toBe(1);
    expect(valueOf(text, 'fieldschool_sync_items_total{kind="unknown",result="rejected"}')).toBe(1);
    expect(text).not.toContain(strangeKind);
  });

  it('reports the job queue by state and the age of the oldest change the search index lacks', async () => {
    const before = await scrape();
    const scheduled = valueOf(before, 'fieldschool_job_queue_jobs{state="scheduled"}')!;
    await addJobs(ctx.db.db, [{ task: 'metrics_probe', payload: {}, runAt: new Date(Date.now() + 86_400_000), key: `metrics-probe-${randomUUID()}`, maxAttempts: 1 }]);
    await ctx.db.db.execute(sql`INSERT INTO search_outbox (entity, entity_id, op, created_at) VALUES ('document', ${randomUUID()}, 'upsert', now() - interval '90 seconds')`);

    const after = await scrape();
    expect(valueOf(after, 'fieldschool_job_queue_jobs{state="scheduled"}')).toBe(scheduled + 1);
    expect(valueOf(after, 'fieldschool_search_outbox_lag_seconds')).toBeGreaterThanOrEqual(90);
    expect(valueOf(after, 'fieldschool_search_outbox_pending')).toBeGreaterThanOrEqual(1);
  });
});

describe('POST /api/csp-reports', () => {
  it('takes both report formats without a session, answers 204 and counts each violation by directive', async () => {
    const legacy = await metered.inject({
      method: 'POST',
      url: '/api/csp-reports',
      headers: { 'content-type': 'application/csp-report' },
      payload: JSON.stringify({ 'csp-report': { 'document-uri': 'http://127.0.0.1/farmers', 'blocked-uri': 'inline', 'effective-directive': 'script-src-elem', 'violated-directive': 'script-src-elem' } }),
    });
    expect(legacy.statusCode).toBe(204);
    const reporting = await metered.inject({
      method: 'POST',
      url: '/api/csp-reports',
      headers: { 'content-type': 'application/reports+json' },
      payload: JSON.stringify([
        { type: 'csp-violation', body: { documentURL: 'http://127.0.0.1/', blockedURL: 'eval', effectiveDirective: 'script-src' } },
        { type: 'csp-violation', body: { documentURL: 'http://127.0.0.1/', blockedURL: 'x', effectiveDirective: 'made-up-directive' } },
        { type: 'deprecation', body: {} },
      ]),
    });
    expect(reporting.statusCode).toBe(204);
    const broken = await metered.inject({ method: 'POST', url: '/api/csp-reports', headers: { 'content-type': 'application/csp-report' }, payload: '{not json' });
    expect(broken.statusCode).toBe(204);

    const text = await scrape();
    expect(valueOf(text, 'fieldschool_csp_violations_total{directive="script-src-elem"}')).toBe(1);
    expect(valueOf(text, 'fieldschool_csp_violations_total{directive="script-src"}')).toBe(1);
    expect(valueOf(text, 'fieldschool_csp_violations_total{directive="other"}')).toBe(1);
    expect(text).not.toContain('made-up-directive');
  });

  it('is named by the pages’ policy', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(String(page.headers['content-security-policy'])).toContain('report-uri /api/csp-reports');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { buildApp, type App } from '../src/app.ts';
import { useTestApp } from './test-app.ts';

const ctx = useTestApp('trust-proxy');

/** The address the api took the client for, as the audit log of a failed sign-in shows it. */
async function addressSeenFor(app: App, remoteAddress: string, forwardedFor: string): Promise<string | null> {
  const username = `probe-${randomBytes(3).toString('hex')}`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: 'not a password' },
    headers: { 'x-forwarded-for': forwardedFor },
    remoteAddress,
  });
  expect(response.statusCode).toBe(401);
  const [entry] = await ctx.db.db
    .select({ ip: schema.auditLog.ip, after: schema.auditLog.after })
    .from(schema.auditLog)
    .where(eq(schema.auditLog.action, 'auth.login_failed'))
    .orderBy(desc(schema.auditLog.id))
    .limit(1);
  expect(entry!.after).toMatchObject({ username });
  return entry!.ip;
}

describe('with no proxy configured (the default)', () => {
  it('ignores a forged X-Forwarded-For', async () => {
    expect(await addressSeenFor(ctx.app, '198.51.100.20', '203.0.113.99')).toBe('198.51.100.20');
  });

  it('keeps the per-address wait however the header changes', async () => {
    const attempt = (i: number) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'trainer', password: `guess ${i}` },
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
        remoteAddress: '198.51.100.21',
      });
    for (let i = 0; i < 5; i++) expect((await attempt(i)).statusCode).toBe(401);
    expect((await attempt(5)).json().code).toBe('sign_in_throttled');
  });
});

describe('with TRUST_PROXY naming the proxy', () => {
  let proxied: App;
  beforeAll(async () => {
    proxied = await buildApp({
      db: ctx.db.db,
      search: ctx.app.searchEngine,
      secrets: { idNumberKey: randomBytes(32) },
      files: ctx.app.files,
      trustProxy: ['10.0.0.1', '10.1.0.0/16'],
    });
  });
  afterAll(async () => {
    await proxied?.close();
  });

  it('believes X-Forwarded-For from the proxy\'s address or range', async () => {
    expect(await addressSeenFor(proxied, '10.0.0.1', '203.0.113.50')).toBe('203.0.113.50');
    expect(await addressSeenFor(proxied, '10.1.4.2', '203.0.113.51, 10.1.4.1')).toBe('203.0.113.51');
  });

  it('ignores it from any other address', async () => {
    expect(await addressSeenFor(proxied, '10.0.0.2', '203.0.113.52')).toBe('10.0.0.2');
  });

  it('takes the address the proxy saw, not one the client put in front of it', async () => {
    expect(await addressSeenFor(proxied, '10.0.0.1', '192.0.2.66, 203.0.113.53')).toBe('203.0.113.53');
  });
});

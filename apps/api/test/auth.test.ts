import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { useTestApp } from './test-app.ts';

const ctx = useTestApp('auth');
const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers });

describe('sign-in', () => {
  it('signs in with the right password and sets an httpOnly, SameSite session cookie', async () => {
    const response = await login('admin', 'correct horse battery');
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'fs_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const body = response.json();
    expect(body.user.username).toBe('admin');
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.csrfToken).toMatch(/.{20,}/);
    expect(body.orgUnitPath).toEqual(['白玉县']);
  });

  it('answers a wrong password and an unknown user alike, as problem+json', async () => {
    const wrong = await login('trainer', 'not the password');
    const unknown = await login('nobody-here', 'not the password');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 401, code: 'invalid_credentials' });
    }
  });

  it('makes an address that keeps failing wait, even for the right password, and audits the failures', async () => {
    for (let i = 0; i < 5; i++) expect((await login('hepo-admin', `wrong ${i}`)).statusCode).toBe(401);
    const throttled = await login('hepo-admin', 'correct horse battery');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().code).toBe('sign_in_throttled');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    const failures = await ctx.db.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'auth.login_failed'));
    expect(failures.length).toBeGreaterThanOrEqual(5);
  });

  it('refuses a disabled account', async () => {
    await ctx.db.db.update(schema.users).set({ active: false }).where(eq(schema.users.username, 'acha-secretary'));
    const response = await login('acha-secretary', 'correct horse battery');
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('account_disabled');
    await ctx.db.db.update(schema.users).set({ active: true }).where(eq(schema.users.username, 'acha-secretary'));
  });

  it('refuses a cross-site sign-in POST', async () => {
    const response = await login('admin', 'correct horse battery', { origin: 'https://evil.example', host: 'localhost:80' });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('csrf_invalid');
  });

  it('rejects malformed JSON, unknown fields and wrong types, naming the field', async () => {
    const malformed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "admin", ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('invalid_json');

    const unknown = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'x', role: 'admin' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'validation_failed', field: 'role' });
    expect(unknown.json().errors[0].code).toBe('unknown_field');

    const wrongType = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 42, password: 'x' } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().field).toBe('username');
  });

  it('rejects an oversized body with 413', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'x'.repeat(400_000) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('payload_too_large');
  });
});

describe('session', () => {
  it('needs a session for the api', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/farmers' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('unauthenticated');
  });

  it('rejects a write without the CSRF token, and with a wrong one', async () => {
    const session = await ctx.signIn('admin');
    const payload = { villageId: ctx.fixtures.genga.id, name: '扎西' };
    const missing = await ctx.app.inject({ method: 'POST', url: '/api/v1/farmers', headers: { cookie: session.cookie }, payload });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf_invalid');
    const wrong = await ctx.app.inject({ method: 'POST', url: '/api/v1/farmers', headers: { cookie: session.cookie, 'x-csrf-token': 'x'.repeat(32) }, payload });
    expect(wrong.statusCode).toBe(403);
    const count = await ctx.db.db.select().from(schema.farmers);
    expect(count).toHaveLength(0);
  });

  it('returns the session, then signs out and the cookie stops working', async () => {
    const session = await ctx.signIn('trainer');
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: session.headers });
    expect(me.json().user.role).toBe('trainer');
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session.headers });
    expect(out.statusCode).toBe(204);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: session.headers });
    expect(after.statusCode).toBe(401);
  });

  it('changes the password: wrong current password refused, weak new one refused, old one stops working', async () => {
    const session = await ctx.signIn('secretary');
    const change = (currentPassword: string, newPassword: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: session.headers, payload: { currentPassword, newPassword } });
    const wrongCurrent = await change('nope nope nope', 'a new long passphrase');
    expect(wrongCurrent.json()).toMatchObject({ code: 'password_incorrect', field: 'currentPassword' });
    const weak = await change('correct horse battery', 'aaaaaaaaaaaa');
    expect(weak.json()).toMatchObject({ code: 'password_too_weak', field: 'newPassword' });
    expect((await change('correct horse battery', 'yak butter tea 2026')).statusCode).toBe(204);
    expect((await login('secretary', 'correct horse battery')).statusCode).toBe(401);
    expect((await login('secretary', 'yak butter tea 2026')).statusCode).toBe(200);
  });
});

describe('own profile', () => {
  it('lets a user change their language, but not their role', async () => {
    const session = await ctx.signIn('trainer');
    const changed = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: session.headers, payload: { locale: 'en' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ locale: 'en', role: 'trainer' });
    const promote = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: session.headers, payload: { role: 'admin' } });
    expect(promote.json()).toMatchObject({ status: 400, code: 'validation_failed', field: 'role' });
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: session.headers });
    expect(me.json().user).toMatchObject({ locale: 'en', role: 'trainer' });
  });
});

describe('health and docs', () => {
  it('reports the database, the search engine and the outbox', async () => {
    await ctx.drainOutbox();
    const response = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', database: { ok: true }, search: { ok: true }, outbox: { pending: 0 } });
  });

  it('serves the OpenAPI document', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json().paths)).toContain('/api/v1/farmers');
  });

  it('answers unknown api paths with a problem+json 404', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not_found');
  });
});

describe('security headers', () => {
  it('sends a content security policy that allows only our own scripts and no framing', async () => {
    // A page's policy: the OpenAPI page is the HTML document the api serves without the web app.
    const response = await ctx.app.inject({ method: 'GET', url: '/api/docs/' });
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

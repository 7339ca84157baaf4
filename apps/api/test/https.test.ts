import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, type App } from '../src/app.ts';
import { PASSWORD } from './fixtures.ts';
import { useTestApp } from './test-app.ts';

// Secure cookies and HSTS exactly when the browser reached us over HTTPS: through a proxy
// named in TRUST_PROXY, or the api's own TLS; never on plain HTTP (the demo on localhost).

const dist = mkdtempSync(path.join(tmpdir(), 'fieldschool-https-dist-'));
writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><head></head></html>');
const ctx = useTestApp('https', { webDist: dist });
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const PROXY = '10.0.0.1';

function appWith(extra: { trustProxy?: string[]; https?: { key: Buffer; cert: Buffer } }): Promise<App> {
  return buildApp({ db: ctx.db.db, search: ctx.app.searchEngine, secrets: { idNumberKey: randomBytes(32) }, files: ctx.app.files, webDist: dist, ...extra });
}

/** The Set-Cookie of a sign-in and the HSTS of the page and an api answer, over inject. */
async function seenThrough(app: App, remoteAddress: string, headers: Record<string, string>) {
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'trainer', password: PASSWORD }, remoteAddress, headers });
  expect(login.statusCode).toBe(200);
  const page = await app.inject({ method: 'GET', url: '/', remoteAddress, headers });
  const health = await app.inject({ method: 'GET', url: '/api/health', remoteAddress, headers });
  return { cookie: String(login.headers['set-cookie']), pageHsts: page.headers['strict-transport-security'], apiHsts: health.headers['strict-transport-security'] };
}

describe('plain HTTP', () => {
  it('sends no Secure cookie and no HSTS to loopback, page or api', async () => {
    const seen = await seenThrough(ctx.app, '127.0.0.1', {});
    expect(seen.cookie).toMatch(/^fs_session=/);
    expect(seen.cookie).not.toMatch(/;\s*Secure/i);
    expect(seen.pageHsts).toBeUndefined();
    expect(seen.apiHsts).toBeUndefined();
  });

  it('believes no X-Forwarded-Proto when no proxy is trusted', async () => {
    const seen = await seenThrough(ctx.app, '203.0.113.7', { 'x-forwarded-proto': 'https' });
    expect(seen.cookie).not.toMatch(/;\s*Secure/i);
    expect(seen.pageHsts).toBeUndefined();
  });
});

describe('HTTPS through a trusted proxy', () => {
  let proxied: App;
  beforeAll(async () => {
    proxied = await appWith({ trustProxy: [PROXY] });
  });
  afterAll(async () => {
    await proxied?.close();
  });

  it('marks the session cookie Secure and sends HSTS on the page and the api', async () => {
    const seen = await seenThrough(proxied, PROXY, { 'x-forwarded-proto': 'https' });
    expect(seen.cookie).toMatch(/;\s*Secure/i);
    expect(seen.pageHsts).toBe('max-age=31536000; includeSubDomains');
    expect(seen.apiHsts).toBe('max-age=31536000; includeSubDomains');
  });

  it('sends neither when the proxy says the browser came over HTTP', async () => {
    const seen = await seenThrough(proxied, PROXY, { 'x-forwarded-proto': 'http' });
    expect(seen.cookie).not.toMatch(/;\s*Secure/i);
    expect(seen.pageHsts).toBeUndefined();
  });

  it('ignores X-Forwarded-Proto from an address that is not the proxy', async () => {
    const seen = await seenThrough(proxied, '10.0.0.2', { 'x-forwarded-proto': 'https' });
    expect(seen.cookie).not.toMatch(/;\s*Secure/i);
    expect(seen.apiHsts).toBeUndefined();
  });
});

describe('HTTPS served by the api itself (TLS_CERT_FILE, TLS_KEY_FILE)', () => {
  const keys = mkdtempSync(path.join(tmpdir(), 'fieldschool-tls-'));
  let served: App;
  let cert: Buffer;
  let port: number;
  beforeAll(async () => {
    // A throwaway self-signed certificate for 127.0.0.1, made with Debian's openssl.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(keys, 'key.pem'), '-out', path.join(keys, 'cert.pem')], { stdio: 'ignore' });
    cert = readFileSync(path.join(keys, 'cert.pem'));
    served = await appWith({ https: { key: readFileSync(path.join(keys, 'key.pem')), cert } });
    await served.listen({ port: 0, host: '127.0.0.1' });
    port = (served.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await served?.close();
    rmSync(keys, { recursive: true, force: true });
  });

  function call(method: string, url: string, body?: unknown): Promise<{ status: number; headers: IncomingHttpHeaders }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path: url, ca: cert, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
      });
      req.on('error', reject);
      req.end(body ? JSON.stringify(body) : undefined);
    });
  }

  it('marks the session cookie Secure and sends HSTS', async () => {
    const login = await call('POST', '/api/v1/auth/login', { username: 'trainer', password: PASSWORD });
    expect(login.status).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/;\s*Secure/i);
    expect(login.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const page = await call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OutgoingHttpHeaders } from 'node:http';
import { useTestApp } from './test-app.ts';

// A built web app: the page, a hashed script, a service worker and an icon at the root.
const dist = mkdtempSync(path.join(tmpdir(), 'fieldschool-headers-dist-'));
function writeBuilt(relative: string, text: string): void {
  const file = path.join(dist, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}
writeBuilt('index.html', '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head></html>');
writeBuilt('assets/index-Ab12Cd34.js', 'export const x = 1;\n');
writeBuilt('sw.js', "self.addEventListener('fetch', () => {});\n");
writeBuilt('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');

const ctx = useTestApp('security-headers', { webDist: dist });
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });

/** Headers only a document needs: none of them may reach a JSON answer or a hashed file. */
const DOCUMENT_ONLY = ['x-frame-options', 'cross-origin-opener-policy', 'origin-agent-cluster', 'x-xss-protection', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies'];

function expectDocumentHeaders(headers: OutgoingHttpHeaders, url: string) {
  const policy = String(headers['content-security-policy']);
  expect(policy, url).toContain("default-src 'self'");
  expect(policy, url).toContain("script-src 'self'");
  expect(policy, url).toContain("frame-ancestors 'none'");
  expect(policy, url).not.toContain('upgrade-insecure-requests');
  expect(headers['x-content-type-options'], url).toBe('nosniff');
  expect(headers['x-frame-options'], url).toBe('SAMEORIGIN');
  expect(headers['cross-origin-opener-policy'], url).toBe('same-origin');
  expect(headers['cross-origin-resource-policy'], url).toBe('same-origin');
  expect(headers['referrer-policy'], url).toBe('no-referrer');
}

function expectApiHeaders(headers: OutgoingHttpHeaders, url: string) {
  expect(headers['content-security-policy'], url).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(headers['x-content-type-options'], url).toBe('nosniff');
  expect(headers['cross-origin-resource-policy'], url).toBe('same-origin');
  expect(headers['referrer-policy'], url).toBe('no-referrer');
  for (const name of DOCUMENT_ONLY) expect(headers[name], `${url} ${name}`).toBeUndefined();
}

describe('security headers by kind of response', () => {
  it('gives the page its full policy, also when it answers an app path', async () => {
    for (const url of ['/', '/index.html', '/farmers/123?tab=history']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expectDocumentHeaders(response.headers, url);
    }
  });

  it('gives a service worker script at the root the document policy: a worker takes it from its own response', async () => {
    const response = await get('/sw.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expectDocumentHeaders(response.headers, '/sw.js');
  });

  it('gives the OpenAPI page (HTML under /api) the document policy', async () => {
    const response = await get('/api/docs/');
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expectDocumentHeaders(response.headers, '/api/docs/');
  });

  it('gives hashed assets and other static files nosniff and CORP only', async () => {
    for (const url of ['/assets/index-Ab12Cd34.js', '/favicon.svg']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['cross-origin-resource-policy'], url).toBe('same-origin');
      expect(response.headers['content-security-policy'], url).toBeUndefined();
      expect(response.headers['referrer-policy'], url).toBeUndefined();
      for (const name of DOCUMENT_ONLY) expect(response.headers[name], `${url} ${name}`).toBeUndefined();
    }
  });

  it('gives JSON answers the short api set, with no cache-control when nobody is signed in', async () => {
    for (const url of ['/api/health', '/api/v1/farmers', '/api/v1/no-such-route', '/assets/Gone-Old0Hash.js']) {
      const response = await get(url);
      expect(response.headers['content-type'], url).toMatch(/json/);
      expectApiHeaders(response.headers, url);
      expect(response.headers['cache-control'], url).toBeUndefined();
    }
  });

  it('keeps a signed-in user’s answers out of every cache', async () => {
    const admin = await ctx.signIn('admin');
    const page = await get('/api/v1/farmers?limit=5', admin.headers);
    expect(page.statusCode).toBe(200);
    expectApiHeaders(page.headers, '/api/v1/farmers');
    expect(page.headers['cache-control']).toBe('no-store');

    const problem = await get('/api/v1/farmers?limit=0', admin.headers);
    expect(problem.statusCode).toBe(400);
    expect(problem.headers['cache-control']).toBe('no-store');
  });

  it('keeps a JSON answer’s headers small: under 0.4 kB in all (helmet’s page set alone is ~0.95 kB)', async () => {
    const admin = await ctx.signIn('admin');
    const response = await get('/api/v1/farmers?limit=1', admin.headers);
    // As on the wire: "name: value\r\n" per header.
    const bytes = Object.entries(response.headers).reduce((sum, [name, value]) => sum + name.length + String(value).length + 4, 0);
    expect(bytes).toBeLessThan(400);
  });
});

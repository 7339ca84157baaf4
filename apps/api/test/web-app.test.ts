import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { useTestApp } from './test-app.ts';

// A built web app as Vite and vite-plugin-compression2 lay it out: hashed files under assets/,
// each text file with a .br and a .gz copy beside it.
const dist = mkdtempSync(path.join(tmpdir(), 'fieldschool-web-dist-'));
const script = `export const greeting = ${JSON.stringify('农民培训 '.repeat(400))};\n`;
const page = '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body></body></html>';
function writeBuilt(relative: string, text: string): void {
  const file = path.join(dist, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  writeFileSync(`${file}.br`, brotliCompressSync(text));
  writeFileSync(`${file}.gz`, gzipSync(text));
}
writeBuilt('index.html', page);
writeBuilt('assets/index-Ab12Cd34.js', script);
// A file the build left without compressed copies (as it does for images, or below its threshold).
const icon = `<svg xmlns="http://www.w3.org/2000/svg">${'<circle r="1"/>'.repeat(200)}</svg>`;
writeFileSync(path.join(dist, 'favicon.svg'), icon);

const ctx = useTestApp('web-app', { webDist: dist });
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
const ASSET = '/assets/index-Ab12Cd34.js';

describe('the built web app', () => {
  it('sends a hashed asset brotli-compressed to a browser that accepts br, cacheable for a year', async () => {
    const response = await get(ASSET, { 'accept-encoding': 'gzip, deflate, br' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers.etag).toBeUndefined();
    expect(response.headers['last-modified']).toBeUndefined();
    expect(brotliDecompressSync(response.rawPayload).toString('utf8')).toBe(script);
    expect(response.rawPayload.length).toBeLessThan(Buffer.byteLength(script) / 5);
  });

  it('sends gzip to a browser that accepts only gzip, and the plain file to one that accepts neither', async () => {
    const gzipped = await get(ASSET, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(gzipped.rawPayload).toString('utf8')).toBe(script);

    const plain = await get(ASSET, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('sends a file the build did not compress as it is: nothing is compressed on the fly outside /api', async () => {
    const response = await get('/favicon.svg', { 'accept-encoding': 'br, gzip' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toBe(icon);
  });

  it('has index.html revalidated on every visit, also when it answers an app path', async () => {
    for (const url of ['/', '/index.html', '/library?q=医保', '/farmers/123']) {
      const response = await get(url, { 'accept-encoding': 'br' });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(brotliDecompressSync(response.rawPayload).toString('utf8'), url).toBe(page);
    }
    // Revalidating costs a 304 and no body while the page is unchanged.
    const first = await get('/', { 'accept-encoding': 'br' });
    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('answers a hashed file that no longer exists with a 404, not with the page', async () => {
    // A tab opened before a new build asks for its old chunks: HTML in their place would fail as a script.
    const response = await get('/assets/LibrarySearchView-Old0Hash.js', { 'accept-encoding': 'br' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('leaves /api to the api: no static caching, a small answer plain, unknown routes stay problem+json', async () => {
    const health = await get('/api/health', { 'accept-encoding': 'br' });
    expect(health.headers['content-type']).toContain('application/json');
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.headers['cache-control']).toBeUndefined();
    expect(health.json()).toHaveProperty('status');

    const unknown = await get('/api/v1/no-such-thing', { 'accept-encoding': 'br' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.headers['cache-control']).toBeUndefined();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import compression from '../src/plugins/compression.ts';
import { useTestApp, type Session } from './test-app.ts';

const ctx = useTestApp('compression');

const FARMERS = 30;
const ROSTER = `/api/v1/farmers?limit=${FARMERS}`;
let admin: Session;

beforeAll(async () => {
  admin = await ctx.signIn('admin');
  for (let i = 0; i < FARMERS; i += 1) {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/farmers',
      headers: admin.headers,
      payload: { villageId: ctx.fixtures.genga.id, name: `泽仁拉姆${i}`, gender: 'female', birthYear: 1980 + (i % 20), householdNo: String(i).padStart(3, '0') },
    });
    if (response.statusCode !== 201) throw new Error(`farmer ${i}: ${response.body}`);
  }
});

const roster = (acceptEncoding?: string) =>
  ctx.app.inject({ method: 'GET', url: ROSTER, headers: { ...admin.headers, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) } });

describe('compressed api answers', () => {
  it('sends a large JSON answer brotli-compressed to a client that prefers br, and it decodes to the same JSON', async () => {
    const plain = await roster();
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(4096);
    expect(plain.json().items).toHaveLength(FARMERS);

    const br = await roster('br, gzip');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('application/json');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  it('sends gzip to a client that accepts only gzip', async () => {
    const plain = await roster();
    const gzip = await roster('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  it('sends a small answer as it is, even to a client that accepts br', async () => {
    const health = await ctx.app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'br, gzip' } });
    expect(health.statusCode).toBe(200);
    expect(health.rawPayload.length).toBeLessThan(1024);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toHaveProperty('status');
  });

  it('sends plain JSON to a client that accepts no encoding we offer', async () => {
    for (const acceptEncoding of ['identity', 'deflate']) {
      const response = await roster(acceptEncoding);
      expect(response.headers['content-encoding'], acceptEncoding).toBeUndefined();
      expect(response.json().items, acceptEncoding).toHaveLength(FARMERS);
    }
  });
});

describe('what is never compressed on the fly', () => {
  // A route of each kind on a bare app with just this plugin: the api has no event stream yet.
  const big = 'x'.repeat(8 * 1024);
  const app = Fastify();
  beforeAll(async () => {
    await app.register(compression);
    app.get('/api/events', (_request, reply) => reply.type('text/event-stream').send(`data: ${big}\n\n`));
    app.get('/assets/app.js', (_request, reply) => reply.type('text/javascript').send(big));
    await app.ready();
    return () => app.close();
  });

  it('leaves an event stream alone: events must reach the browser as they are sent', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/events', headers: { 'accept-encoding': 'br, gzip' } });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toBe(`data: ${big}\n\n`);
  });

  it('leaves routes outside /api alone: the web app sends the copies compressed at build time', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/app.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toBe(big);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, parseError, request, setCsrfToken, setUnauthenticatedHandler } from './client.ts';

function problem(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}

describe('parseError', () => {
  it('reads code, field and field errors from problem+json', async () => {
    const error = await parseError(
      problem(400, {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        code: 'id_number_invalid',
        detail: 'check digit',
        field: 'idNumber',
        errors: [{ field: 'idNumber', code: 'id_number_invalid', message: 'bad check digit' }, { nonsense: true }],
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('id_number_invalid');
    expect(error.field).toBe('idNumber');
    expect(error.errors).toEqual([{ field: 'idNumber', code: 'id_number_invalid', message: 'bad check digit' }]);
    expect(error.message).toBe('check digit');
  });

  it('reads Retry-After on 429', async () => {
    const error = await parseError(problem(429, { code: 'rate_limited', status: 429 }, { 'retry-after': '30' }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfter).toBe(30);
  });

  it('falls back to a code from the status when the body is not a problem', async () => {
    const html = new Response('<h1>Bad Gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } });
    const error = await parseError(html);
    expect(error.code).toBe('internal_error');
    expect(error.errors).toEqual([]);
    expect((await parseError(new Response('', { status: 404 }))).code).toBe('not_found');
  });
});

describe('request', () => {
  afterEach(() => {
    setCsrfToken(null);
    setUnauthenticatedHandler(null);
    vi.unstubAllGlobals();
  });

  it('sends JSON and the CSRF token on unsafe methods only, same-origin credentials', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ ok: true }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok-1');

    await request('POST', '/farmers', { body: { name: '泽仁拉姆' } });
    await request('GET', '/farmers', { query: { q: 'zrlm', orgUnitId: undefined, cursor: '' } });

    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    const [postUrl, post] = calls[0]!;
    expect(postUrl).toBe('/api/v1/farmers');
    expect(post.credentials).toBe('same-origin');
    expect(post.headers).toMatchObject({ 'x-csrf-token': 'tok-1', 'content-type': 'application/json' });
    expect(post.body).toBe('{"name":"泽仁拉姆"}');
    const [getUrl, get] = calls[1]!;
    expect(getUrl).toBe('/api/v1/farmers?q=zrlm');
    expect(get.headers).not.toHaveProperty('x-csrf-token');
  });

  it('repeats array query keys and sends FormData as multipart with the CSRF token', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ ok: true }), { status: 201 }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok-2');

    await request('GET', '/search', { query: { q: '医保', topic: ['healthcare', 'law'], region: [] } });
    const form = new FormData();
    form.append('file', new Blob(['x'], { type: 'text/plain' }), 'a.txt');
    await request('POST', '/documents', { body: form });

    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls[0]![0]).toBe(`/api/v1/search?q=${encodeURIComponent('医保')}&topic=healthcare&topic=law`);
    const [, post] = calls[1]!;
    expect(post.body).toBe(form);
    // The browser writes the multipart content-type with its boundary; we must not.
    expect(post.headers).not.toHaveProperty('content-type');
    expect(post.headers).toMatchObject({ 'x-csrf-token': 'tok-2' });
  });

  it('returns undefined for 204 and calls the session-ended handler on 401', async () => {
    const onEnded = vi.fn();
    setUnauthenticatedHandler(onEnded);
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })));
    await expect(request('POST', '/auth/logout')).resolves.toBeUndefined();

    vi.stubGlobal('fetch', vi.fn(async () => problem(401, { code: 'unauthenticated', status: 401 })));
    await expect(request('GET', '/farmers')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(onEnded).toHaveBeenCalledTimes(1);
    await expect(request('GET', '/auth/session', { expectUnauthenticated: true })).rejects.toBeInstanceOf(ApiError);
    expect(onEnded).toHaveBeenCalledTimes(1);
  });

  it('reports a network failure as network_error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(request('GET', '/farmers')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});

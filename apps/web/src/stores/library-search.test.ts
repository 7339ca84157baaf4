import type { SearchResult } from '@fieldschool/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryFromState, stateFromQuery, toggleYear, useLibrarySearchStore, yearSelected, type SearchState } from './library-search.ts';

function result(title: string, overrides: Partial<SearchResult> = {}): SearchResult {
  return {
    hits: [
      {
        documentId: '00000000-0000-4000-8000-000000000001',
        title,
        titleHighlighted: title,
        snippet: '',
        heading: null,
        docNumber: '白府发〔2024〕7号',
        issuingBody: '白玉县人民政府',
        issuedOn: '2024-02-20',
        validity: 'valid',
        topics: ['healthcare'],
        region: '白玉县',
        tags: [],
        published: true,
      },
    ],
    total: 1,
    page: 1,
    pageSize: 10,
    totalPages: 1,
    facets: { topic: { healthcare: 1 }, issuingBody: { 白玉县人民政府: 1 }, validity: { valid: 1 }, region: { 白玉县: 1 }, year: { '2024': 1 } },
    normalizedQuery: title,
    processingTimeMs: 1,
    ...overrides,
  };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' } });
}

describe('search state and the URL', () => {
  it('round-trips every filter through the query string, leaving defaults out', () => {
    const state: SearchState = {
      q: '醫療保險',
      topic: ['healthcare', 'poverty_relief'],
      issuingBody: ['白玉县医疗保障局'],
      validity: ['valid', 'revised'],
      region: ['白玉县', '甘孜州'],
      yearFrom: 2022,
      yearTo: 2024,
      sort: 'newest',
      page: 3,
    };
    const query = queryFromState(state);
    expect(query).toMatchObject({ q: '醫療保險', topic: ['healthcare', 'poverty_relief'], yearFrom: '2022', sort: 'newest', page: '3' });
    expect(stateFromQuery(query as never)).toEqual(state);

    const blank = stateFromQuery({});
    expect(queryFromState(blank)).toEqual({});
    expect(blank).toMatchObject({ q: '', topic: [], sort: 'relevance', page: 1 });
  });

  it('reads a single value as a list and drops values a hand-edited link made up', () => {
    const state = stateFromQuery({ topic: 'law', validity: ['valid', 'bogus'], sort: 'oldest', page: '-2', yearFrom: '2030', yearTo: '1800' });
    expect(state.topic).toEqual(['law']);
    expect(state.validity).toEqual(['valid']);
    expect(state.sort).toBe('relevance');
    expect(state.page).toBe(1);
    expect(state.yearFrom).toBe(2030);
    expect(state.yearTo).toBeNull();
    // A reversed range is put the right way round.
    expect(stateFromQuery({ yearFrom: '2024', yearTo: '2020' })).toMatchObject({ yearFrom: 2020, yearTo: 2024 });
  });

  it('ticks years as a range', () => {
    let range = toggleYear({ yearFrom: null, yearTo: null }, 2023);
    expect(range).toEqual({ yearFrom: 2023, yearTo: 2023 });
    range = toggleYear(range, 2021);
    expect(range).toEqual({ yearFrom: 2021, yearTo: 2023 });
    expect(yearSelected(range, 2022)).toBe(true);
    range = toggleYear(range, 2023);
    expect(range).toEqual({ yearFrom: 2021, yearTo: 2022 });
    range = toggleYear(toggleYear(range, 2021), 2022);
    expect(range).toEqual({ yearFrom: null, yearTo: null });
  });
});

describe('library search store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('sends the state from the URL to the api with repeated keys', async () => {
    const fetchMock = vi.fn(async () => json(result('白玉县城乡居民基本医疗保险报销实施办法')));
    vi.stubGlobal('fetch', fetchMock);
    const store = useLibrarySearchStore();
    expect(store.applyQuery({ q: '医保', topic: ['healthcare', 'law'], sort: 'newest', page: '2' })).toBe(true);
    await store.search();
    const url = new URL(String((fetchMock.mock.calls[0] as unknown[])[0]), 'http://x');
    expect(url.pathname).toBe('/api/v1/search');
    expect(url.searchParams.get('q')).toBe('医保');
    expect(url.searchParams.getAll('topic')).toEqual(['healthcare', 'law']);
    expect(url.searchParams.get('sort')).toBe('newest');
    expect(url.searchParams.get('page')).toBe('2');
    expect(store.result?.total).toBe(1);
    expect(store.filterCount).toBe(2);
    // The same URL again (Back to an already shown search) needs no new request.
    expect(store.applyQuery({ q: '医保', topic: ['healthcare', 'law'], sort: 'newest', page: '2' })).toBe(false);
  });

  it('ignores a slow response that a newer search overtook', async () => {
    let releaseSlow: (() => void) | undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string, init: RequestInit) =>
        url.includes('q=slow')
          ? new Promise<Response>((resolve, reject) => {
              init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
              releaseSlow = () => resolve(json(result('旧的结果')));
            })
          : Promise.resolve(json(result('新的结果'))),
      ),
    );
    const store = useLibrarySearchStore();
    store.applyQuery({ q: 'slow' });
    const slow = store.search();
    store.applyQuery({ q: 'fast' });
    await store.search();
    releaseSlow?.();
    await slow;
    expect(store.result?.hits[0]?.title).toBe('新的结果');
    expect(store.loading).toBe(false);
    expect(store.error).toBeNull();
  });

  it('marks the library unavailable on 503 search_unavailable, and recovers', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ status: 503, code: 'search_unavailable', title: 'Service Unavailable' }, 503)));
    const store = useLibrarySearchStore();
    store.applyQuery({ q: '低保' });
    await store.search();
    expect(store.unavailable).toBe(true);
    expect(store.error).toMatchObject({ status: 503, code: 'search_unavailable' });

    vi.stubGlobal('fetch', vi.fn(async () => json({ status: 400, code: 'query_invalid' }, 400)));
    await store.search();
    expect(store.unavailable).toBe(false);
    expect(store.error).toMatchObject({ code: 'query_invalid' });

    vi.stubGlobal('fetch', vi.fn(async () => json(result('白玉县农村最低生活保障实施细则'))));
    await store.search();
    expect(store.unavailable).toBe(false);
    expect(store.result?.hits).toHaveLength(1);
    store.$reset();
    expect(store.result).toBeNull();
    expect(store.state.q).toBe('');
  });

  it('keeps the other values of a facet listed while one of them is ticked', async () => {
    const fetchMock = vi.fn(async (url: string) =>
      url.includes('region=')
        ? json(result('a', { facets: { topic: {}, issuingBody: {}, validity: {}, region: { 白玉县: 3 }, year: {} } }))
        : json(result('a', { facets: { topic: {}, issuingBody: {}, validity: {}, region: { 白玉县: 3, 甘孜州: 2 }, year: {} } })),
    );
    vi.stubGlobal('fetch', fetchMock);
    const store = useLibrarySearchStore();
    store.applyQuery({});
    await store.search();
    store.applyQuery({ region: '白玉县' });
    await store.search();
    expect(store.knownValues.region).toEqual(['白玉县', '甘孜州']);
  });
});

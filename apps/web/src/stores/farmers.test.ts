import type { Farmer, FarmerPage } from '@fieldschool/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useFarmersStore } from './farmers.ts';

function farmer(n: number): Farmer {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    villageId: '00000000-0000-4000-8000-aaaaaaaaaaaa',
    villageName: '根呷村',
    townshipName: '河坡乡',
    householdNo: null,
    name: `农民${n}`,
    gender: null,
    birthYear: null,
    phoneMasked: '138****5678',
    idNumberLast4: '1234',
    provisional: false,
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
  };
}

function page(body: FarmerPage): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

describe('farmers store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('searches with filters, then appends the next page by cursor', async () => {
    const fetchMock = vi.fn(async (url: string) =>
      url.includes('cursor=c1') ? page({ items: [farmer(3)], nextCursor: null }) : page({ items: [farmer(1), farmer(2)], nextCursor: 'c1' }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const store = useFarmersStore();

    await store.search({ q: ' zrlm ', orgUnitId: '00000000-0000-4000-8000-aaaaaaaaaaaa' });
    expect(store.items.map((f) => f.name)).toEqual(['农民1', '农民2']);
    expect(store.nextCursor).toBe('c1');
    const firstUrl = new URL(String(fetchMock.mock.calls[0]![0]), 'http://x');
    expect(firstUrl.searchParams.get('q')).toBe('zrlm');
    expect(firstUrl.searchParams.get('orgUnitId')).toBe('00000000-0000-4000-8000-aaaaaaaaaaaa');

    await store.loadMore();
    expect(store.items.map((f) => f.name)).toEqual(['农民1', '农民2', '农民3']);
    expect(store.nextCursor).toBeNull();
    await store.loadMore();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('lets only the newest search write the list', async () => {
    let releaseSlow: (() => void) | undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string, init: RequestInit) =>
        url.includes('q=slow')
          ? new Promise<Response>((resolve, reject) => {
              init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
              releaseSlow = () => resolve(page({ items: [farmer(9)], nextCursor: null }));
            })
          : Promise.resolve(page({ items: [farmer(1)], nextCursor: null })),
      ),
    );
    const store = useFarmersStore();
    const slow = store.search({ q: 'slow' });
    await store.search({ q: 'fast' });
    releaseSlow?.();
    await slow;
    expect(store.items.map((f) => f.name)).toEqual(['农民1']);
    expect(store.loading).toBe(false);
    expect(store.error).toBeNull();
  });

  it('keeps the error for the view and clears it with $reset', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('offline'))));
    const store = useFarmersStore();
    await store.search();
    expect(store.error).toMatchObject({ code: 'network_error' });
    store.$reset();
    expect(store.error).toBeNull();
    expect(store.items).toEqual([]);
  });
});

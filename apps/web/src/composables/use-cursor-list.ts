import { ref, type Ref } from 'vue';
import { useLatestRequest } from './use-latest-request.ts';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list the api hands out page by page by cursor: `loadFirst` replaces the items, `loadMore`
 * appends the next page. Typing fires loads quickly; only the newest one may write the list.
 */
export function useCursorList<T>(fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<CursorPage<T>>) {
  const items = ref<T[]>([]) as Ref<T[]>;
  const nextCursor = ref<string | null>(null);
  /** Whether the items match the current filters (false before the first load). */
  const loaded = ref(false);
  const { loading, error, run, reset: resetRequest } = useLatestRequest();

  function load(cursor: string | null): Promise<void> {
    return run(
      (signal) => fetchPage(cursor ?? undefined, signal),
      (page) => {
        items.value = cursor ? [...items.value, ...page.items] : page.items;
        nextCursor.value = page.nextCursor;
        loaded.value = true;
      },
    );
  }

  function loadFirst(): Promise<void> {
    return load(null);
  }

  function loadMore(): Promise<void> {
    if (!nextCursor.value || loading.value) return Promise.resolve();
    return load(nextCursor.value);
  }

  function reset(): void {
    resetRequest();
    items.value = [];
    nextCursor.value = null;
    loaded.value = false;
  }

  return { items, nextCursor, loaded, loading, error, loadFirst, loadMore, reset };
}

import { getCurrentScope, onScopeDispose, ref } from 'vue';

/**
 * One request at a time, with its loading and error state: a new call aborts the one before, and
 * only the newest may write its result. The pending request is aborted when the owning component
 * unmounts (or the store is disposed).
 */
export function useLatestRequest() {
  const loading = ref(false);
  const error = ref<unknown>(null);
  let controller: AbortController | null = null;

  /** Starts `fetch`; `apply` gets its result unless a newer call or a reset came first. */
  async function run<T>(fetch: (signal: AbortSignal) => Promise<T>, apply: (result: T) => void): Promise<void> {
    controller?.abort();
    const own = new AbortController();
    controller = own;
    loading.value = true;
    error.value = null;
    try {
      const result = await fetch(own.signal);
      if (!own.signal.aborted) apply(result);
    } catch (cause) {
      if (!own.signal.aborted) error.value = cause;
    } finally {
      if (controller === own) {
        loading.value = false;
        controller = null;
      }
    }
  }

  /** Drops the pending request and clears loading and error. */
  function reset(): void {
    controller?.abort();
    controller = null;
    loading.value = false;
    error.value = null;
  }

  if (getCurrentScope()) onScopeDispose(() => controller?.abort());
  return { loading, error, run, reset };
}

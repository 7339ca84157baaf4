import { onScopeDispose } from 'vue';

/** Calls fn once typing pauses for `ms`; a pending call is dropped when the component unmounts. */
export function useDebouncedFn<A extends unknown[]>(fn: (...args: A) => void, ms = 300) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const run = (...args: A) => {
    cancel();
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  onScopeDispose(cancel);
  return { run, cancel };
}

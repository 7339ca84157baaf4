import { onScopeDispose, ref, type Ref } from 'vue';

/** Phones get the drawer menu and card lists below this width (naive-ui's "s" breakpoint is 640). */
export const PHONE_QUERY = '(max-width: 767.98px)';

/** A ref that follows a CSS media query; stops listening when the component unmounts. */
export function useMediaQuery(query: string): Ref<boolean> {
  const matches = ref(false);
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return matches;
  const list = window.matchMedia(query);
  matches.value = list.matches;
  const onChange = (event: MediaQueryListEvent) => {
    matches.value = event.matches;
  };
  list.addEventListener('change', onChange);
  onScopeDispose(() => list.removeEventListener('change', onChange));
  return matches;
}

export function useIsPhone(): Ref<boolean> {
  return useMediaQuery(PHONE_QUERY);
}

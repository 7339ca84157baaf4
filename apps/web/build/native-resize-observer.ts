import type { Plugin } from 'vite';

const POLYFILL = '@juggle/resize-observer';
const NATIVE = '\0native-resize-observer';

/**
 * Replaces the @juggle/resize-observer polyfill with the browser's own ResizeObserver in the
 * production build. vueuc, under naive-ui, already prefers the browser's and keeps the
 * polyfill only as a fallback; every browser the build targets (Vite's default,
 * baseline-widely-available: Chrome 111, Safari 16.4, Firefox 114) has one, so the fallback
 * was 19 KB of script the first page never ran.
 */
export function nativeResizeObserver(): Plugin {
  return {
    name: 'fieldschool:native-resize-observer',
    // Unit tests run in jsdom, which has no ResizeObserver: they keep the polyfill.
    apply: 'build',
    enforce: 'pre',
    resolveId: (id) => (id === POLYFILL ? NATIVE : null),
    load: (id) => (id === NATIVE ? 'export const ResizeObserver = globalThis.ResizeObserver;\n' : null),
  };
}

import { fileURLToPath, URL } from 'node:url';
import vueI18n from '@intlify/unplugin-vue-i18n/vite';
import type { PluginOption } from 'vite';

/** The message files, one per language and area, each a bare `export default {…}` (the plugin reads no TypeScript). */
const LOCALE_MESSAGES = `${fileURLToPath(new URL('../src/locales/', import.meta.url))}{zh-CN,en}/*.ts`;

/**
 * Compiles the locale messages at build time (@intlify/unplugin-vue-i18n), so the browser gets
 * vue-i18n without its message compiler: 6 kB brotli off every first load. Build only: unit
 * tests, like `vite dev`, keep the full vue-i18n and the messages as written (locales.test.ts
 * checks their text). The plugin sets vue-i18n's feature flags itself, over vite.config's
 * `define`, so they are given here too: Composition API only, no <i18n-t> components or v-t.
 */
export function precompiledMessages(): PluginOption {
  const plugins = vueI18n({ include: [LOCALE_MESSAGES], dropMessageCompiler: true, compositionOnly: true, fullInstall: false });
  return [plugins].flat().map((plugin) => ({ ...plugin, apply: 'build' as const }));
}

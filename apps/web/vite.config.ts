import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';
import { nativeResizeObserver } from './build/native-resize-observer.ts';
import { precompiledMessages } from './build/precompiled-messages.ts';
import { qrScannerWorker } from './build/qr-scanner-worker.ts';

/**
 * Many pages have forms and cards, but not the search page most people open first: naive-ui's
 * form, radio and card code and the async-validator behind the forms stay out of the common
 * chunk (12 kB brotli) and load with the pages that use them.
 */
const FORM_MACHINERY = /[\\/](async-validator|naive-ui[\\/]es[\\/](form|radio|card))[\\/]/;
/**
 * The heavy widgets that many office pages share but the check-in page, the one opened on a
 * phone in a village, never shows: date and time pickers (with date-fns and date-fns-tz),
 * tables, calendars, uploads, selects, trees, checkboxes, dialogs, lists and spaces. Kept out
 * of the common chunk, they form chunks of their own for the pages that use them.
 */
const OFFICE_WIDGETS = /[\\/](date-fns|date-fns-tz|naive-ui[\\/]es[\\/](modal|dialog|date-picker|time-picker|data-table|calendar|upload|pagination|tree|tree-select|input-number|checkbox|select|list|space))[\\/]/;
/**
 * Our own code that five or more office pages share but the search page does not use: the
 * components built on those widgets, the form, card, list and page-head components, the form
 * rules and composables, and the stores and api modules of units, courses, sessions and
 * secretaries (6 kB brotli). They must be named: a module that common captures takes into
 * common whatever it imports, whatever the group's test says of those.
 */
const OFFICE_CODE =
  /[\\/]src[\\/](components[\\/](org-unit[\\/]|library[\\/]|schedule[\\/]|app[\\/]App(FormDialog|DialogScope|Form\w*|Card|LoadMore|PageHead)\.vue)|composables[\\/]use-(form|cursor)-|utils[\\/](form-rules|datetime|upload)\.ts|(stores|api)[\\/](org-units|courses|sessions|secretaries)\.ts)/;

export default defineConfig({
  plugins: [
    vue(),
    nativeResizeObserver(),
    precompiledMessages(),
    qrScannerWorker(),
    // An installable app whose shell and check-in page open with no network (DESIGN §8):
    // our own service worker (src/sw/sw.ts) precaches the build; the page registers it itself
    // (src/offline/register-sw.ts), late, so the first load over a weak link is not slowed.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      manifest: {
        name: 'FieldSchool 农民培训',
        short_name: '农民培训',
        description: '农民培训签到、课程安排与政策文件',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#2f7d4f',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512-maskable.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        rollupFormat: 'iife',
        // Every page's code and styles, the icons and the decoder's worker; never the .br/.gz copies.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['sw.js'],
      },
    }),
    // A brotli and a gzip copy beside every text file, made once at build time at the highest
    // level; the api sends the one the browser accepts (apps/api/src/plugins/web-app.ts).
    compression({ algorithms: ['brotliCompress', 'gzip'], logLevel: 'silent' }),
  ],
  // vue-i18n's feature flags, which its docs ask the bundler to set: we use only the Composition
  // API (createI18n({ legacy: false })), no <i18n-t> components or v-t, and no devtools in production.
  define: {
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // The api keeps the session in a cookie, so the dev server serves both from one origin.
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The api serves files under assets/ (the hashed ones) as immutable; keep the name in step.
    assetsDir: 'assets',
    // Over a 150 ms mobile link every file costs a round trip and about 1 kB of headers, and
    // the default split gave the search page 31 scripts and 6 style sheets. So what five or more
    // pages share (Vue, the router, vue-i18n and the naive-ui parts nearly every page uses) is
    // in one chunk; each page keeps its own chunk for the rest. Each chunk keeps its own style
    // sheet, though: the pages' scoped CSS and FullCalendar's came to 50 kB, of which the search
    // page uses 2 (1.6 kB brotli in five small sheets, against 9.5 kB in one); Vite loads a
    // page's sheets beside its code and renders it once they are in.
    cssCodeSplit: true,
    // .vite/manifest.json: which chunks a page loads (bench/checkin-phone.ts sums the check-in page's).
    manifest: true,
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'common', minShareCount: 5, test: (id) => !FORM_MACHINERY.test(id) && !OFFICE_WIDGETS.test(id) && !OFFICE_CODE.test(id) }] } },
    },
  },
});

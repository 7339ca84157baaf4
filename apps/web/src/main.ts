import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { setUnauthenticatedHandler } from './api/client.ts';
import { currentLocale, i18n, loadLocaleMessages } from './locales/index.ts';
import { registerServiceWorkerWhenIdle } from './offline/register-sw.ts';
import { createAppRouter } from './router/index.ts';
import { recordStores, resetStores } from './stores/reset.ts';

const app = createApp(App);
const pinia = createPinia().use(recordStores);
const router = createAppRouter();
app.use(pinia).use(i18n).use(router);
document.documentElement.lang = currentLocale();

// The session ended on the server (expired, or signed out on another tab): back to sign-in,
// returning to the same page afterwards.
setUnauthenticatedHandler(() => {
  const here = router.currentRoute.value;
  if (here.meta.public) return;
  resetStores();
  void router.replace({ name: 'login', query: { redirect: here.fullPath, expired: '1' } });
});

// A device set to English mounts once its messages are in (they load beside the page's own
// files), rather than showing Chinese first; if they cannot be fetched, it mounts in Chinese.
void loadLocaleMessages(currentLocale())
  .catch(() => undefined)
  .then(() => app.mount('#app'));

// The app shell goes into the service worker's cache once this first page has settled.
registerServiceWorkerWhenIdle();

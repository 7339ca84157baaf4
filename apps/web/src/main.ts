import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { setUnauthenticatedHandler } from './api/client.ts';
import { currentLocale, i18n } from './locales/index.ts';
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

app.mount('#app');

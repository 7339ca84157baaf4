import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { i18n, loadMessageAreas, type MessageArea } from '@/locales/index.ts';
import { useSessionStore } from '@/stores/session.ts';
import { routes } from './routes.ts';
import { safeRedirect } from './safe-redirect.ts';

export async function guard(to: RouteLocationNormalized) {
  const session = useSessionStore();
  if (!session.restored) await session.restore();

  if (to.meta.public) {
    return session.isAuthenticated && to.name === 'login' ? safeRedirect(to.query.redirect) : true;
  }
  if (!session.isAuthenticated) {
    if (to.meta.offline && !session.reachable) return true;
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  if (to.meta.roles && !session.hasRole(...to.meta.roles)) {
    return { name: 'forbidden', replace: true };
  }
  return true;
}

export function setTitle(to: RouteLocationNormalized): void {
  const { t } = i18n.global;
  document.title = to.meta.titleKey ? `${t(to.meta.titleKey)} · ${t('app.name')}` : t('app.name');
}

function messageAreasOf(to: RouteLocationNormalized): MessageArea[] {
  return to.matched.flatMap((record) => record.meta.messages ?? []);
}

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes });
  // The page's messages are fetched beside the session check and the page's code, and awaited
  // before it renders: never a raw key on screen. A failure surfaces in beforeResolve.
  router.beforeEach((to) => {
    loadMessageAreas(messageAreasOf(to)).catch(() => undefined);
  });
  router.beforeEach(guard);
  router.beforeResolve((to) => loadMessageAreas(messageAreasOf(to)));
  router.afterEach((to) => setTitle(to));
  return router;
}

import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { useSessionStore } from '@/stores/session.ts';
import { guard } from './index.ts';
import { routes } from './routes.ts';

function router() {
  const r = createRouter({ history: createMemoryHistory(), routes });
  r.beforeEach(guard);
  return r;
}

function sessionAs(role: 'admin' | 'trainer' | 'secretary') {
  const session = useSessionStore();
  session.info = {
    csrfToken: 't',
    orgUnitPath: ['白玉县'],
    user: {
      id: '00000000-0000-4000-8000-000000000001',
      username: role,
      displayName: role,
      role,
      orgUnitId: '00000000-0000-4000-8000-000000000002',
      orgUnitName: '白玉县',
      phone: null,
      locale: 'zh-CN',
      active: true,
      createdAt: '2024-01-01T00:00:00Z',
      updatedAt: '2024-01-01T00:00:00Z',
    },
  };
  session.restored = true;
}

describe('router guard', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('sends a signed-out user to /login with the page to return to', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"code":"unauthenticated"}', { status: 401, headers: { 'content-type': 'application/problem+json' } })));
    const r = router();
    await r.push('/farmers?q=zrlm');
    expect(r.currentRoute.value.name).toBe('login');
    expect(r.currentRoute.value.query.redirect).toBe('/farmers?q=zrlm');
  });

  it('shows the 403 page for a role that may not open the page', async () => {
    sessionAs('trainer');
    const r = router();
    await r.push('/users');
    expect(r.currentRoute.value.name).toBe('forbidden');
    await r.push('/farmers');
    expect(r.currentRoute.value.name).toBe('farmers');
  });

  it('lets an admin in everywhere and away from /login', async () => {
    sessionAs('admin');
    const r = router();
    await r.push('/org-units');
    expect(r.currentRoute.value.name).toBe('org-units');
    await r.push('/login?redirect=/users');
    expect(r.currentRoute.value.name).toBe('users');
  });
});

import type { SessionInfo } from '@fieldschool/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { request } from '@/api/client.ts';
import { i18n } from '@/locales/index.ts';
import { useSessionStore } from './session.ts';

const info: SessionInfo = {
  csrfToken: 'csrf-abc',
  orgUnitPath: ['白玉县', '河坡乡', '根呷村'],
  user: {
    id: '00000000-0000-4000-8000-000000000001',
    username: 'secretary',
    displayName: '泽仁拉姆',
    role: 'secretary',
    orgUnitId: '00000000-0000-4000-8000-000000000002',
    orgUnitName: '根呷村',
    phone: null,
    locale: 'en',
    active: true,
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
  },
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

describe('session store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    localStorage.clear();
    i18n.global.locale.value = 'zh-CN';
  });
  afterEach(() => vi.unstubAllGlobals());

  it('restores nobody on 401 and remembers that it asked', async () => {
    const fetchMock = vi.fn(async () => json(401, { code: 'unauthenticated', status: 401 }));
    vi.stubGlobal('fetch', fetchMock);
    const session = useSessionStore();
    await Promise.all([session.restore(), session.restore()]);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(session.restored).toBe(true);
    expect(session.isAuthenticated).toBe(false);
  });

  it('signs in, then sends the CSRF token on writes, and signs out', async () => {
    const fetchMock = vi.fn(async (url: string) => (url.endsWith('/auth/login') ? json(200, info) : new Response(null, { status: 204 })));
    vi.stubGlobal('fetch', fetchMock);
    const session = useSessionStore();

    await session.login({ username: 'secretary', password: 'fieldschool-secretary' });
    expect(session.isAuthenticated).toBe(true);
    expect(session.hasRole('secretary')).toBe(true);
    expect(session.hasRole('admin', 'trainer')).toBe(false);
    expect(session.isAdmin).toBe(false);
    // No language chosen on this device yet, so the account's language applies.
    expect(session.locale).toBe('en');

    await request('POST', '/something', { body: {} });
    const init = (fetchMock.mock.calls as unknown as [string, RequestInit][])[1]![1];
    expect(init.headers).toMatchObject({ 'x-csrf-token': 'csrf-abc' });

    await session.logout();
    expect(session.isAuthenticated).toBe(false);
    expect(session.user).toBeNull();
  });

  it('keeps the language chosen on this device over the account language', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(200, info)));
    const session = useSessionStore();
    session.setLocale('zh-CN');
    await session.login({ username: 'secretary', password: 'x' });
    expect(session.locale).toBe('zh-CN');
    expect(localStorage.getItem('fieldschool.locale')).toBe('zh-CN');
  });

  it('remembers a newly chosen language on the account, and keeps it on the device when offline', async () => {
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) =>
      url.endsWith('/auth/me') ? json(200, { ...info.user, locale: JSON.parse(String(init?.body)).locale }) : json(200, info),
    );
    vi.stubGlobal('fetch', fetchMock);
    const session = useSessionStore();
    await session.login({ username: 'secretary', password: 'x' });
    await session.chooseLocale('zh-CN');
    expect(session.user?.locale).toBe('zh-CN');
    const patch = (fetchMock.mock.calls as unknown as [string, RequestInit][]).find(([url]) => url.endsWith('/auth/me'));
    expect(patch?.[1].method).toBe('PATCH');

    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('offline'))));
    await session.chooseLocale('en');
    expect(session.locale).toBe('en');
  });
});

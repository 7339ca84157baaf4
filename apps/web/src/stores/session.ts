import type { ChangePasswordRequest, Locale, LoginRequest, Role, SessionInfo } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as authApi from '@/api/auth.ts';
import { ApiError, setCsrfToken } from '@/api/client.ts';
import { currentLocale, setLocale as applyLocale, storedLocale } from '@/locales/index.ts';

export const useSessionStore = defineStore('session', () => {
  const info = ref<SessionInfo | null>(null);
  /** True once we asked the api whether a cookie session exists (first navigation waits for it). */
  const restored = ref(false);
  /** False while the api could not be reached at all (no network), as opposed to a 401. */
  const reachable = ref(true);
  const locale = ref<Locale>(currentLocale());

  const user = computed(() => info.value?.user ?? null);
  const isAuthenticated = computed(() => info.value !== null);
  const role = computed<Role | null>(() => info.value?.user.role ?? null);
  const isAdmin = computed(() => role.value === 'admin');
  const orgUnitPath = computed(() => info.value?.orgUnitPath ?? []);

  function hasRole(...roles: Role[]): boolean {
    return role.value !== null && roles.includes(role.value);
  }

  function setLocale(next: Locale): void {
    applyLocale(next);
    locale.value = next;
  }

  /**
   * Switches the language here and remembers it on the account, for the user's other
   * devices. Offline the switch still happens; only the account keeps its old language.
   */
  async function chooseLocale(next: Locale): Promise<void> {
    setLocale(next);
    if (!info.value || info.value.user.locale === next) return;
    try {
      const user = await authApi.updateOwnProfile({ locale: next });
      if (info.value) info.value = { ...info.value, user };
    } catch {
      // the device's choice stands
    }
  }

  function apply(next: SessionInfo | null): void {
    info.value = next;
    setCsrfToken(next?.csrfToken ?? null);
    // A choice made on this device wins; otherwise use the language set on the account.
    if (next && storedLocale() === null && next.user.locale !== locale.value) setLocale(next.user.locale);
  }

  let restoring: Promise<void> | null = null;
  /** Asks the api for the cookie session once; later calls share the first answer. */
  function restore(): Promise<void> {
    restoring ??= authApi
      .getSession()
      .then((next) => {
        reachable.value = true;
        apply(next);
      })
      .catch((error: unknown) => {
        // 401 just means nobody is signed in; anything else (network down) also leaves us signed out.
        if (!(error instanceof ApiError)) throw error;
        reachable.value = error.status !== 0;
        apply(null);
      })
      .finally(() => {
        restored.value = true;
      });
    return restoring;
  }

  /** Asks the api again (the network came back after a page opened offline). */
  function restoreAgain(): Promise<void> {
    restoring = null;
    return restore();
  }

  async function login(credentials: LoginRequest): Promise<void> {
    apply(await authApi.login(credentials));
    restored.value = true;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      apply(null);
      // The phone forgets downloaded rosters; check-ins not yet sent stay (src/offline/db.ts).
      await import('@/offline/db.ts').then(async ({ offlineDb, wipeOnSignOut }) => wipeOnSignOut(await offlineDb())).catch(() => undefined);
    }
  }

  function changePassword(body: ChangePasswordRequest): Promise<void> {
    return authApi.changePassword(body);
  }

  /** Forget the session locally (it ended on the server); the device's language stays. */
  function $reset(): void {
    apply(null);
    restored.value = true;
    restoring = null;
  }

  return {
    info,
    restored,
    reachable,
    locale,
    user,
    isAuthenticated,
    role,
    isAdmin,
    orgUnitPath,
    hasRole,
    setLocale,
    chooseLocale,
    restore,
    restoreAgain,
    login,
    logout,
    changePassword,
    $reset,
  };
});

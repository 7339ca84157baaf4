import type { Principal } from './principal.ts';

export interface CachedSession {
  principal: Principal;
  csrfToken: string;
  tokenHash: string;
  lastSeenAt: Date;
}

/**
 * Signed-in sessions remembered for a few seconds, so a page of requests does not look
 * the same session up in PostgreSQL each time (measured: the lookup alone capped a
 * signed-in endpoint at about 1,500 req/s). Sign-out, password changes and account
 * changes made through this process forget the entries at once; made through another
 * api instance, they take effect here within TTL_MS.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
const entries = new Map<string, { session: CachedSession; until: number }>();

export const sessionCache = {
  get(tokenHash: string): CachedSession | undefined {
    const entry = entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until < Date.now()) {
      entries.delete(tokenHash);
      return undefined;
    }
    return entry.session;
  },
  set(session: CachedSession): void {
    // A Map iterates oldest first: past the cap, drop the oldest entry.
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entries.set(session.tokenHash, { session, until: Date.now() + TTL_MS });
  },
  forget(tokenHash: string): void {
    entries.delete(tokenHash);
  },
  forgetUser(userId: string): void {
    for (const [key, entry] of entries) if (entry.session.principal.id === userId) entries.delete(key);
  },
};

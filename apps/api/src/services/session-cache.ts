import { LRUCache } from 'lru-cache';
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
 * signed-in endpoint at about 1,500 req/s). One cache per app instance (it hangs on the
 * app, see plugins/auth.ts), so two apps in one process never see each other's sessions.
 * Sign-out, password changes and account changes made through this instance forget the
 * entries at once; made through another api instance, they take effect here within TTL_MS.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export class SessionCache {
  // Keyed by the token's hash, like the auth_sessions table.
  readonly #entries = new LRUCache<string, CachedSession>({ max: MAX_ENTRIES, ttl: TTL_MS });

  get(tokenHash: string): CachedSession | undefined {
    return this.#entries.get(tokenHash);
  }

  set(session: CachedSession): void {
    this.#entries.set(session.tokenHash, session);
  }

  forget(tokenHash: string): void {
    this.#entries.delete(tokenHash);
  }

  /** Every session of the user: their role, unit, password or status changed. */
  forgetUser(userId: string): void {
    // Collected first: deleting from the cache while iterating it is not safe.
    const theirs = [...this.#entries.entries()].filter(([, session]) => session.principal.id === userId);
    for (const [tokenHash] of theirs) this.#entries.delete(tokenHash);
  }
}

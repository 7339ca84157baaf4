import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { AppError } from '../errors.ts';
import { decoyPasswordHash, verifyPassword } from './passwords.ts';
import { recordAudit, type Actor } from './audit.ts';
import { toPrincipal } from './principal.ts';
import type { CachedSession, SessionCache } from './session-cache.ts';

/** Failures allowed before waiting; then 30 s, doubling each time, at most an hour. */
const FREE_FAILURES = 5;
const FIRST_LOCK_SECONDS = 30;
const MAX_LOCK_SECONDS = 3600;
export const SESSION_DAYS = 14;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewSession {
  token: string;
  csrfToken: string;
  userId: string;
  expiresAt: Date;
}

/**
 * Checks a username and password and opens a session. Unknown users and wrong passwords
 * answer alike, and both count towards the lock on that username.
 */
export async function signIn(
  db: Database,
  credentials: { username: string; password: string },
  client: { ip: string; userAgent: string | undefined; requestId: string },
): Promise<NewSession> {
  const key = credentials.username.trim().toLowerCase();
  const [throttle] = await db.select().from(schema.loginThrottle).where(eq(schema.loginThrottle.key, key));
  if (throttle?.lockedUntil && throttle.lockedUntil > new Date()) {
    const seconds = Math.ceil((throttle.lockedUntil.getTime() - Date.now()) / 1000);
    throw new AppError(423, 'account_locked', `Too many failed sign-ins; try again in ${seconds} s`, undefined, undefined, {
      'retry-after': String(seconds),
    });
  }
  const [user] = await db.select().from(schema.users).where(eq(schema.users.username, key));
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), credentials.password);
  const actor: Actor = { userId: user?.id ?? null, ip: client.ip, requestId: client.requestId };
  if (!user || !passwordOk) {
    await recordFailure(db, key);
    await recordAudit(db, actor, { action: 'auth.login_failed', entity: 'user', entityId: user?.id ?? null, after: { username: key } });
    throw new AppError(401, 'invalid_credentials', 'Wrong username or password');
  }
  if (!user.active) throw new AppError(403, 'account_disabled', 'This account is disabled');
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.transaction(async (tx) => {
    await tx.delete(schema.loginThrottle).where(eq(schema.loginThrottle.key, key));
    await tx.insert(schema.authSessions).values({
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken,
      expiresAt,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(tx, actor, { action: 'auth.login', entity: 'user', entityId: user.id });
  });
  return { token, csrfToken, userId: user.id, expiresAt };
}

async function recordFailure(db: Database, key: string): Promise<void> {
  // One statement, so two failures at once both count.
  await db.execute(sql`
    INSERT INTO login_throttle (key, failures, last_failure_at) VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = login_throttle.failures + 1,
      last_failure_at = now(),
      locked_until = CASE WHEN login_throttle.failures + 1 >= ${FREE_FAILURES}
        THEN now() + make_interval(secs => LEAST(${MAX_LOCK_SECONDS}, ${FIRST_LOCK_SECONDS} * power(2, login_throttle.failures + 1 - ${FREE_FAILURES})))
        ELSE NULL END`);
}

export async function signOut(db: Database, sessions: SessionCache, token: string, actor: Actor): Promise<void> {
  sessions.forget(hashToken(token));
  await db.transaction(async (tx) => {
    await tx.delete(schema.authSessions).where(eq(schema.authSessions.tokenHash, hashToken(token)));
    await recordAudit(tx, actor, { action: 'auth.logout', entity: 'user', entityId: actor.userId });
  });
}

/** The live session behind a cookie token: who is signed in and the session's CSRF token. */
export async function findSession(db: Database, sessions: SessionCache, token: string): Promise<CachedSession | undefined> {
  const tokenHash = hashToken(token);
  const cached = sessions.get(tokenHash);
  if (cached) return cached;
  const [row] = await db
    .select({
      session: schema.authSessions,
      user: schema.users,
      orgUnitPath: schema.orgUnits.path,
    })
    .from(schema.authSessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.authSessions.userId))
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.users.orgUnitId))
    .where(and(eq(schema.authSessions.tokenHash, tokenHash), gt(schema.authSessions.expiresAt, new Date()), eq(schema.users.active, true)));
  if (!row) return undefined;
  const session: CachedSession = {
    principal: toPrincipal(row.user, row.orgUnitPath),
    csrfToken: row.session.csrfToken,
    tokenHash,
    lastSeenAt: row.session.lastSeenAt,
  };
  sessions.set(session);
  return session;
}

/** Slide the expiry forward, at most once every few minutes per session. */
export async function touchSession(db: Database, session: CachedSession): Promise<void> {
  if (Date.now() - session.lastSeenAt.getTime() < 5 * 60_000) return;
  session.lastSeenAt = new Date();
  const tokenHash = session.tokenHash;
  await db
    .update(schema.authSessions)
    .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000) })
    .where(eq(schema.authSessions.tokenHash, tokenHash));
}

import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { SessionInfo } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';
import { decoyPasswordHash, verifyPassword } from './passwords.ts';
import { recordAudit, type Actor } from './audit.ts';
import { toPrincipal } from './principal.ts';
import type { CachedSession, SessionCache } from './session-cache.ts';
import { describeSession } from './session-info.ts';
import { admitSignInAttempt, defaultThrottlePolicy, signedIn, type SignInAttempt, type ThrottlePolicy } from './sign-in-throttle.ts';

export const SESSION_DAYS = 14;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewSession {
  token: string;
  expiresAt: Date;
  info: SessionInfo;
}

/**
 * Checks a username and password and opens a session. Unknown users and wrong passwords
 * answer alike, and both count towards the waits of sign-in-throttle.ts; an attempt that
 * must wait is refused before its password is looked at.
 */
export async function signIn(
  db: Database,
  credentials: { username: string; password: string },
  client: { ip: string; userAgent: string | undefined; requestId: string },
  policy: ThrottlePolicy = defaultThrottlePolicy,
): Promise<NewSession> {
  const attempt: SignInAttempt = { username: credentials.username.trim().toLowerCase(), ip: client.ip };
  const wait = await admitSignInAttempt(db, attempt, policy);
  if (wait > 0) {
    throw new AppError('sign_in_throttled', `Too many failed sign-ins; try again in ${wait} s`, {
      headers: { 'retry-after': String(wait) },
    });
  }
  const [user] = await db.select().from(schema.users).where(eq(schema.users.username, attempt.username));
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), credentials.password);
  const actor: Actor = { userId: user?.id ?? null, ip: client.ip, requestId: client.requestId };
  if (!user || !passwordOk) {
    await recordAudit(db, actor, { action: 'auth.login_failed', entity: 'user', entityId: user?.id ?? null, after: { username: attempt.username } });
    throw new AppError('invalid_credentials', 'Wrong username or password');
  }
  // Left counted as a failure: a disabled account cannot sign in, whatever the password.
  if (!user.active) throw new AppError('account_disabled', 'This account is disabled');
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.transaction(async (tx) => {
    await signedIn(tx, attempt, policy);
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
  return { token, expiresAt, info: await describeSession(db, user.id, csrfToken) };
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

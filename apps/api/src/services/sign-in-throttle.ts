import { and, eq, inArray, sql } from 'drizzle-orm';
import ipaddr from 'ipaddr.js';
import { schema, type Database } from '@fieldschool/db';

type Scope = (typeof schema.signInThrottleScopes)[number];

export interface ThrottleRule {
  /** Failures allowed before the first wait. */
  failuresBeforeWait: number;
  /** The first wait; each further failure doubles it, up to maxWaitSeconds. */
  firstWaitSeconds: number;
  maxWaitSeconds: number;
}
export type ThrottlePolicy = Record<Scope, ThrottleRule>;

/**
 * OWASP's advice against password guessing, without handing strangers a way to lock
 * people out: one source guessing one account is slowed hard (account_address), one
 * source trying many accounts is slowed too (address), and many sources guessing one
 * account meet a ceiling that only delays, briefly (account), so the real user waits
 * at most a minute however many strangers guess, while guessing stays slow.
 */
export const defaultThrottlePolicy: ThrottlePolicy = {
  account_address: { failuresBeforeWait: 5, firstWaitSeconds: 30, maxWaitSeconds: 15 * 60 },
  address: { failuresBeforeWait: 20, firstWaitSeconds: 30, maxWaitSeconds: 15 * 60 },
  account: { failuresBeforeWait: 10, firstWaitSeconds: 5, maxWaitSeconds: 60 },
};

/** A count with no new failure for this long starts again from zero; longer than any wait. */
const FORGET_AFTER_SECONDS = 3600;

/** One sign-in attempt: the lower-cased username as typed (known or not) and the client's address. */
export interface SignInAttempt {
  username: string;
  ip: string;
}

/**
 * The address a throttle counts: IPv4 as is (also when it arrives IPv4-mapped), IPv6 by
 * its /64, since one subscriber is handed a whole /64 to pick addresses from.
 */
export function throttledAddress(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toString()}/64`;
}

function rows(attempt: SignInAttempt): { scope: Scope; username: string; ip: string }[] {
  const ip = throttledAddress(attempt.ip);
  return [
    { scope: 'account', username: attempt.username, ip: '' },
    { scope: 'address', username: '', ip },
    { scope: 'account_address', username: attempt.username, ip },
  ];
}

const rowKeys = (attempt: SignInAttempt) =>
  sql.join(
    rows(attempt).map((row) => sql`(${row.scope}, ${row.username}, ${row.ip})`),
    sql`, `,
  );

/** How long a count of failures makes the next attempt wait, in seconds (0: none). */
export function waitAfter(failures: number, rule: ThrottleRule): number {
  if (failures < rule.failuresBeforeWait) return 0;
  return Math.min(rule.maxWaitSeconds, rule.firstWaitSeconds * 2 ** (failures - rule.failuresBeforeWait));
}

/** Seconds until this attempt may be checked at all; 0 when it may be now. */
export async function secondsUntilAllowed(db: Database, attempt: SignInAttempt): Promise<number> {
  const { rows: [row] } = await db.execute<{ wait: number | null }>(sql`
    SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS wait
    FROM sign_in_throttle
    WHERE (scope, username, ip) IN (${rowKeys(attempt)}) AND locked_until > now()`);
  return row?.wait ?? 0;
}

/**
 * Counts a failed attempt in all three scopes. The increment is one statement, so
 * failures at the same moment on several api instances all count; a wait is only ever
 * lengthened, never shortened by a slower concurrent writer.
 */
export async function recordFailedSignIn(db: Database, attempt: SignInAttempt, policy: ThrottlePolicy = defaultThrottlePolicy): Promise<void> {
  await db.transaction(async (tx) => {
    const stale = sql`t.last_failure_at < now() - make_interval(secs => ${FORGET_AFTER_SECONDS})`;
    const { rows: counted } = await tx.execute<{ scope: Scope; username: string; ip: string; failures: number }>(sql`
      INSERT INTO sign_in_throttle AS t (scope, username, ip, failures)
      SELECT scope, username, ip, 1 FROM (VALUES ${rowKeys(attempt)}) AS v(scope, username, ip)
      ON CONFLICT (scope, username, ip) DO UPDATE SET
        failures = CASE WHEN ${stale} THEN 1 ELSE t.failures + 1 END,
        locked_until = CASE WHEN ${stale} THEN NULL ELSE t.locked_until END,
        last_failure_at = now()
      RETURNING scope, username, ip, failures`);
    for (const row of counted) {
      const wait = waitAfter(row.failures, policy[row.scope]);
      if (wait === 0) continue;
      await tx.execute(sql`
        UPDATE sign_in_throttle SET locked_until = GREATEST(locked_until, now() + make_interval(secs => ${wait}))
        WHERE scope = ${row.scope} AND username = ${row.username} AND ip = ${row.ip}`);
    }
    // SKIP LOCKED: a row another sign-in is counting right now is left for later, so two
    // sign-ins never wait on each other here (which could deadlock).
    await tx.execute(sql`
      DELETE FROM sign_in_throttle WHERE ctid IN (
        SELECT ctid FROM sign_in_throttle
        WHERE last_failure_at < now() - make_interval(secs => ${FORGET_AFTER_SECONDS})
        FOR UPDATE SKIP LOCKED)`);
  });
}

/**
 * After a right password: this account's counts start again. The address's count stays,
 * or signing in to one's own account would reset a spray of guesses at others.
 */
export async function forgetFailedSignIns(db: Pick<Database, 'execute'>, attempt: SignInAttempt): Promise<void> {
  const [account, , pair] = rows(attempt);
  await db.execute(sql`
    DELETE FROM sign_in_throttle
    WHERE (scope, username, ip) IN ((${account!.scope}, ${account!.username}, ''), (${pair!.scope}, ${pair!.username}, ${pair!.ip}))`);
}

/** An admin lets a user try again at once, from anywhere. */
export async function unlockSignIn(db: Pick<Database, 'delete'>, username: string): Promise<number> {
  const removed = await db
    .delete(schema.signInThrottle)
    .where(and(eq(schema.signInThrottle.username, username), inArray(schema.signInThrottle.scope, ['account', 'account_address'])))
    .returning({ scope: schema.signInThrottle.scope });
  return removed.length;
}

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
const forgetAfter = sql`make_interval(secs => ${FORGET_AFTER_SECONDS})`;

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

type CountKey = {
  scope: Scope;
  username: string;
  ip: string;
};

/** The three counts an attempt touches, in the order rows are always locked (scope name order). */
function countsOf(attempt: SignInAttempt): CountKey[] {
  const ip = throttledAddress(attempt.ip);
  return [
    { scope: 'account', username: attempt.username, ip: '' },
    { scope: 'account_address', username: attempt.username, ip },
    { scope: 'address', username: '', ip },
  ];
}

const keyList = (keys: CountKey[]) =>
  sql.join(
    keys.map((key) => sql`(${key.scope}, ${key.username}, ${key.ip})`),
    sql`, `,
  );

/** How long a count of failures makes the next attempt wait, in seconds (0: none). */
export function waitAfter(failures: number, rule: ThrottleRule): number {
  if (failures < rule.failuresBeforeWait) return 0;
  return Math.min(rule.maxWaitSeconds, rule.firstWaitSeconds * 2 ** (failures - rule.failuresBeforeWait));
}

/**
 * Before a password is checked: refuses the attempt with the seconds it must wait, or
 * counts it as a failure and answers 0. Counting first, under row locks, means a burst
 * of simultaneous guesses (from one api instance or several) gets no more tries than
 * the same guesses one after another; a right password then takes its count back
 * (signedIn). A refused attempt counts nowhere, so retrying while made to wait never
 * makes the real user's own wait longer.
 */
export async function admitSignInAttempt(db: Database, attempt: SignInAttempt, policy: ThrottlePolicy = defaultThrottlePolicy): Promise<number> {
  const keys = countsOf(attempt);
  const waitSeconds = await db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO sign_in_throttle (scope, username, ip, failures)
      SELECT scope, username, ip, 0 FROM (VALUES ${keyList(keys)}) AS v(scope, username, ip)
      ON CONFLICT DO NOTHING`);
    const { rows } = await tx.execute<CountKey & { failures: number; wait: number | null; stale: boolean }>(sql`
      SELECT scope, username, ip, failures,
             ceil(extract(epoch FROM locked_until - now()))::int AS wait,
             last_failure_at < now() - ${forgetAfter} AS stale
      FROM sign_in_throttle
      WHERE (scope, username, ip) IN (${keyList(keys)})
      ORDER BY scope, username, ip
      FOR UPDATE`);
    const wait = Math.max(0, ...rows.map((row) => row.wait ?? 0));
    if (wait > 0) return wait;
    const counted = rows.map((row) => {
      const failures = (row.stale ? 0 : row.failures) + 1;
      return sql`(${row.scope}, ${row.username}, ${row.ip}, ${failures}::int, ${waitAfter(failures, policy[row.scope])}::int)`;
    });
    await tx.execute(sql`
      UPDATE sign_in_throttle AS t SET
        failures = v.failures,
        last_failure_at = now(),
        locked_until = CASE WHEN v.wait > 0 THEN now() + make_interval(secs => v.wait) END
      FROM (VALUES ${sql.join(counted, sql`, `)}) AS v(scope, username, ip, failures, wait)
      WHERE t.scope = v.scope AND t.username = v.username AND t.ip = v.ip`);
    return 0;
  });
  if (waitSeconds === 0) await forgetStaleCounts(db);
  return waitSeconds;
}

/**
 * After a right password: the account's counts start again. The address keeps its count
 * less this attempt, or signing in to one's own account would reset a spray of guesses
 * at others.
 */
export async function signedIn(db: Pick<Database, 'execute'>, attempt: SignInAttempt, policy: ThrottlePolicy = defaultThrottlePolicy): Promise<void> {
  const [account, pair, address] = countsOf(attempt);
  await db.execute(sql`DELETE FROM sign_in_throttle WHERE (scope, username, ip) IN (${keyList([account!, pair!])})`);
  await db.execute(sql`
    UPDATE sign_in_throttle SET
      failures = greatest(failures - 1, 0),
      locked_until = CASE WHEN failures - 1 < ${policy.address.failuresBeforeWait} THEN NULL ELSE locked_until END
    WHERE scope = ${address!.scope} AND username = ${address!.username} AND ip = ${address!.ip}`);
}

/** Rows nobody failed from for an hour. SKIP LOCKED: never wait for a sign-in being counted. */
async function forgetStaleCounts(db: Pick<Database, 'execute'>): Promise<void> {
  await db.execute(sql`
    DELETE FROM sign_in_throttle WHERE ctid IN (
      SELECT ctid FROM sign_in_throttle WHERE last_failure_at < now() - ${forgetAfter}
      FOR UPDATE SKIP LOCKED)`);
}

/** An admin lets a user try again at once, from anywhere. Answers how many counts were cleared. */
export async function unlockSignIn(db: Pick<Database, 'delete'>, username: string): Promise<number> {
  const removed = await db
    .delete(schema.signInThrottle)
    .where(and(eq(schema.signInThrottle.username, username), inArray(schema.signInThrottle.scope, ['account', 'account_address'])))
    .returning({ scope: schema.signInThrottle.scope });
  return removed.length;
}

import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { AppError } from '../src/errors.ts';
import { signIn } from '../src/services/login.ts';
import { defaultThrottlePolicy, throttledAddress, waitAfter, type ThrottlePolicy } from '../src/services/sign-in-throttle.ts';
import { PASSWORD } from './fixtures.ts';
import { useTestApp } from './test-app.ts';

const ctx = useTestApp('sign-in-throttle');

/** A sign-in from the given client address, as the api sees it behind no proxy. */
const login = (username: string, password: string, remoteAddress: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });

async function failTimes(times: number, username: string, remoteAddress: string) {
  for (let i = 0; i < times; i++) expect((await login(username, `wrong guess ${i}`, remoteAddress)).statusCode).toBe(401);
}

function expectThrottled(response: Awaited<ReturnType<typeof login>>) {
  expect(response.statusCode).toBe(429);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ status: 429, code: 'sign_in_throttled' });
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  return retryAfter;
}

describe('sign-in waits', () => {
  it('slows one address guessing one account, even for the right password, while the real user signs in from elsewhere', async () => {
    await failTimes(5, 'hepo-admin', '198.51.100.1');
    const retryAfter = expectThrottled(await login('hepo-admin', PASSWORD, '198.51.100.1'));
    expect(retryAfter).toBeLessThanOrEqual(defaultThrottlePolicy.account_address.firstWaitSeconds);
    expect((await login('hepo-admin', PASSWORD, '198.51.100.2')).statusCode).toBe(200);
  });

  it('answers an unknown username exactly as a known one', async () => {
    // Interleaved, so both waits start within a password check of each other.
    for (let i = 0; i < 5; i++) {
      await failTimes(1, 'nobody-here', '198.51.100.3');
      await failTimes(1, 'hepo-admin', '198.51.100.4');
    }
    const unknown = await login('nobody-here', 'anything at all', '198.51.100.3');
    const known = await login('hepo-admin', 'anything at all', '198.51.100.4');
    // The same answer but for the seconds left, which tick between the requests.
    expect(Math.abs(expectThrottled(unknown) - expectThrottled(known))).toBeLessThanOrEqual(2);
    const withoutSeconds = (response: typeof known) => ({ ...response.json(), detail: response.json().detail.replace(/\d+/g, 'N') });
    expect(withoutSeconds(unknown)).toEqual(withoutSeconds(known));
  });

  it('slows one address trying many accounts', async () => {
    const rule = defaultThrottlePolicy.address;
    for (let i = 0; i < rule.failuresBeforeWait; i++) expect((await login(`sprayed-${i}`, 'summer2026', '198.51.100.5')).statusCode).toBe(401);
    expectThrottled(await login('admin', PASSWORD, '198.51.100.5'));
  });

  it('counts IPv6 clients by their /64, IPv4-mapped clients by their IPv4 address', () => {
    expect(throttledAddress('2001:db8:1:2:aaaa::1')).toBe(throttledAddress('2001:db8:1:2:bbbb::2'));
    expect(throttledAddress('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(throttledAddress('2001:db8:1:3::1')).not.toBe(throttledAddress('2001:db8:1:2::1'));
    expect(throttledAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('doubles each wait up to the rule\'s ceiling', () => {
    const rule = { failuresBeforeWait: 5, firstWaitSeconds: 30, maxWaitSeconds: 900 };
    expect([4, 5, 6, 7, 9, 10, 50].map((failures) => waitAfter(failures, rule))).toEqual([0, 30, 60, 120, 480, 900, 900]);
  });

  it('holds many strangers guessing one account to a short ceiling: the real user waits at most a minute, further guesses are refused', async () => {
    const ceiling = defaultThrottlePolicy.account;
    let guesses = 0;
    let refused = 0;
    // Each stranger stays under the per-address limits.
    for (let stranger = 1; stranger <= 30; stranger++) {
      for (let i = 0; i < 2; i++) {
        const response = await login('secretary', `guess ${stranger}-${i}`, `203.0.113.${stranger}`);
        if (response.statusCode === 429) refused++;
        else guesses++;
      }
    }
    expect(guesses).toBe(ceiling.failuresBeforeWait);
    expect(refused).toBe(60 - ceiling.failuresBeforeWait);
    const [account] = await ctx.db.db
      .select()
      .from(schema.signInThrottle)
      .where(and(eq(schema.signInThrottle.scope, 'account'), eq(schema.signInThrottle.username, 'secretary')));
    expect(account!.failures).toBe(ceiling.failuresBeforeWait);
    const wait = expectThrottled(await login('secretary', PASSWORD, '192.0.2.200'));
    expect(wait).toBeLessThanOrEqual(ceiling.maxWaitSeconds);
  });

  it('gives a burst of simultaneous guesses no more tries than guesses one after another', async () => {
    const sameAddress = await Promise.all(Array.from({ length: 20 }, (_, i) => login('burst-target', `guess ${i}`, '198.51.100.30')));
    expect(sameAddress.filter((response) => response.statusCode === 401)).toHaveLength(defaultThrottlePolicy.account_address.failuresBeforeWait);
    expect(sameAddress.filter((response) => response.statusCode === 429)).toHaveLength(20 - defaultThrottlePolicy.account_address.failuresBeforeWait);

    const crowd = await Promise.all(Array.from({ length: 25 }, (_, i) => login('crowd-target', `guess ${i}`, `192.0.2.${150 + i}`)));
    expect(crowd.filter((response) => response.statusCode === 401)).toHaveLength(defaultThrottlePolicy.account.failuresBeforeWait);
  });

  it('lets the real user in once the short delay has passed, however many strangers guessed', async () => {
    // The same rules with seconds instead of minutes, so the test can wait them out.
    const policy: ThrottlePolicy = {
      account_address: { failuresBeforeWait: 3, firstWaitSeconds: 1, maxWaitSeconds: 30 },
      address: { failuresBeforeWait: 10, firstWaitSeconds: 1, maxWaitSeconds: 30 },
      account: { failuresBeforeWait: 4, firstWaitSeconds: 3, maxWaitSeconds: 3 },
    };
    const attempt = (password: string, ip: string) =>
      signIn(ctx.db.db, { username: 'acha-secretary', password }, { ip, userAgent: undefined, requestId: 'test' }, policy);
    for (let stranger = 1; stranger <= 20; stranger++) {
      await attempt('a guess', `192.0.2.${stranger}`).catch((error: AppError) => expect([401, 429]).toContain(error.status));
    }
    const refused = await attempt(PASSWORD, '192.0.2.100').catch((error: AppError) => error);
    expect(refused).toBeInstanceOf(AppError);
    const wait = Number((refused as AppError).headers!['retry-after']);
    expect(wait).toBeLessThanOrEqual(policy.account.maxWaitSeconds);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
    const session = await attempt(PASSWORD, '192.0.2.100');
    expect(session.info.user.username).toBe('acha-secretary');
  });

  it('starts the account\'s count again after a right password, but not the address\'s', async () => {
    await failTimes(4, 'admin', '198.51.100.6');
    expect((await login('admin', PASSWORD, '198.51.100.6')).statusCode).toBe(200);
    await failTimes(4, 'admin', '198.51.100.6');
    expect((await login('admin', PASSWORD, '198.51.100.6')).statusCode).toBe(200);
    const [address] = await ctx.db.db
      .select()
      .from(schema.signInThrottle)
      .where(and(eq(schema.signInThrottle.scope, 'address'), eq(schema.signInThrottle.ip, '198.51.100.6')));
    expect(address!.failures).toBe(8);
  });
});

describe('the flood guard in front of password checks', () => {
  it('answers a burst from one address with 429 problem+json and Retry-After', async () => {
    const burst = () => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin' }, remoteAddress: '198.51.100.99' });
    for (let i = 0; i < 30; i++) expect((await burst()).statusCode).toBe(400);
    const refused = await burst();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('unlocking a user', () => {
  it('lets an admin lift the waits at once, and audits it', async () => {
    await failTimes(5, 'trainer', '198.51.100.7');
    expectThrottled(await login('trainer', PASSWORD, '198.51.100.7'));
    const admin = await ctx.signIn('admin');
    const [trainer] = await ctx.db.db.select().from(schema.users).where(eq(schema.users.username, 'trainer'));
    const [adminUser] = await ctx.db.db.select().from(schema.users).where(eq(schema.users.username, 'admin'));
    const unlock = await ctx.app.inject({ method: 'POST', url: `/api/v1/users/${trainer!.id}/unlock`, headers: admin.headers });
    expect(unlock.statusCode).toBe(204);
    expect((await login('trainer', PASSWORD, '198.51.100.7')).statusCode).toBe(200);
    const [entry] = await ctx.db.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'user.unlock_sign_in'));
    expect(entry).toMatchObject({ entity: 'user', entityId: trainer!.id, actorId: adminUser!.id });
    expect(entry!.after).toMatchObject({ username: 'trainer', cleared: 2 });
  });

  it('is for admins, inside their own area', async () => {
    const [trainer] = await ctx.db.db.select().from(schema.users).where(eq(schema.users.username, 'trainer'));
    const asTrainer = await ctx.signIn('trainer');
    const byTrainer = await ctx.app.inject({ method: 'POST', url: `/api/v1/users/${trainer!.id}/unlock`, headers: asTrainer.headers });
    expect(byTrainer.json()).toMatchObject({ status: 403, code: 'forbidden' });
    const township = await ctx.signIn('hepo-admin');
    const outside = await ctx.app.inject({ method: 'POST', url: `/api/v1/users/${trainer!.id}/unlock`, headers: township.headers });
    expect(outside.json()).toMatchObject({ status: 404, code: 'not_found' });
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from './test-app.ts';

// Two apps in one process, each on its own database (as two test files, or two
// deployments in one runner, would be).
const first = useTestApp('sessions-a');
const second = useTestApp('sessions-b');

describe('session cache', () => {
  it('belongs to one app: a session remembered by one app is unknown to another', async () => {
    const session = await first.signIn('admin');
    // The farmers list reads only the cached principal, not the user again.
    const here = await first.app.inject({ method: 'GET', url: '/api/v1/farmers', headers: session.headers });
    expect(here.statusCode).toBe(200);
    // The other app's database never saw this session, and its cache must not have it either.
    const there = await second.app.inject({ method: 'GET', url: '/api/v1/farmers', headers: session.headers });
    expect(there.statusCode).toBe(401);
  });

  it('forgets every session of a disabled user at once, and only theirs', async () => {
    const admin = await first.signIn('admin');
    const onPhone = await first.signIn('trainer');
    const onLaptop = await first.signIn('trainer');
    const bystander = await first.signIn('secretary');
    const session = (headers: Record<string, string>) => first.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers });
    // Each session is now in this app's cache.
    for (const signedIn of [onPhone, onLaptop, bystander]) expect((await session(signedIn.headers)).statusCode).toBe(200);
    const users = await first.app.inject({ method: 'GET', url: '/api/v1/users?q=trainer', headers: admin.headers });
    const trainerId = users.json().items[0].id;
    const disabled = await first.app.inject({ method: 'PATCH', url: `/api/v1/users/${trainerId}`, headers: admin.headers, payload: { active: false } });
    expect(disabled.statusCode).toBe(200);
    expect((await session(onPhone.headers)).statusCode).toBe(401);
    expect((await session(onLaptop.headers)).statusCode).toBe(401);
    expect((await session(bystander.headers)).statusCode).toBe(200);
  });
});

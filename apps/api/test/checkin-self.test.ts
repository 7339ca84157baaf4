import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { CHECKIN_CODE_STEP_SECONDS, checkinCode, checkinCodeStep } from '@fieldschool/contracts';
import { useTestApp, type Session } from './test-app.ts';
import { scheduleSession, seedCheckin } from './checkin-fixtures.ts';

const ctx = useTestApp('checkin-self');
let seeded: Awaited<ReturnType<typeof seedCheckin>>;
let admin: Session;

/** A session running now (started 10 minutes ago), with its code secret. */
async function sessionNow(day: string) {
  const id = await scheduleSession(ctx.app, admin, seeded, ctx.fixtures, day);
  const startsAt = new Date(Date.now() - 10 * 60_000);
  const [row] = await ctx.db.db
    .update(schema.trainingSessions)
    .set({ startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000) })
    .where(eq(schema.trainingSessions.id, id))
    .returning();
  return { id, secret: row!.checkinSecret };
}

const codeAt = (secret: string, stepsAgo = 0) => checkinCode(secret, checkinCodeStep(new Date()) - stepsAgo);
const post = (payload: object, cookie?: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/self-checkin', payload, headers: cookie ? { cookie } : {} });

beforeAll(async () => {
  seeded = await seedCheckin(ctx.db.db, ctx.fixtures);
  admin = await ctx.signIn('admin');
});

describe('self check-in', () => {
  it('shows the farmer’s phone the course and time, without an account', async () => {
    const { id } = await sessionNow('2031-07-01');
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/self-checkin/${id}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ sessionId: id, courseTitle: '马铃薯规模化种植', villageName: '根呷村', venue: '村活动室', status: 'scheduled' });
  });

  it('checks in an invited farmer by name and last 4 digits with the current or the previous code, once', async () => {
    const { id, secret } = await sessionNow('2031-07-02');
    const first = await post({ sessionId: id, code: await codeAt(secret), name: '根呷1', idNumberLast4: '1000' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ result: 'created', farmerName: '根呷1', courseTitle: '马铃薯规模化种植' });
    const device = first.cookies.find((c) => c.name === 'fs_device')!;
    expect(device.httpOnly).toBe(true);
    const cookie = `fs_device=${device.value}`;
    const again = await post({ sessionId: id, code: await codeAt(secret, 1), name: '根呷1', idNumberLast4: '1000' }, cookie);
    expect(again.json().result).toBe('duplicate');
    const rows = await ctx.db.db.select().from(schema.attendances).where(eq(schema.attendances.sessionId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ method: 'session_qr', status: 'present', farmerId: seeded.farmers.genga[0] });
    expect(rows[0]!.deviceId).toMatch(/^self:/);
    expect(rows[0]!.deviceId).not.toContain(device.value);
  });

  it('refuses an expired or forged code with a stable error, before looking at the name', async () => {
    const { id, secret } = await sessionNow('2031-07-03');
    const expired = await post({ sessionId: id, code: await codeAt(secret, 2), name: '根呷2', idNumberLast4: '1001' });
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toMatchObject({ code: 'checkin_code_invalid', field: 'code' });
    const current = await codeAt(secret);
    const forged = String((Number(current) + 1) % 100_000_000).padStart(8, '0');
    expect((await post({ sessionId: id, code: forged, name: '没有这个人', idNumberLast4: '0000' })).json()).toMatchObject({ code: 'checkin_code_invalid' });
    // Another session's code is forged too.
    const other = await sessionNow('2031-07-04');
    expect((await post({ sessionId: id, code: await codeAt(other.secret), name: '根呷2', idNumberLast4: '1001' })).json()).toMatchObject({ code: 'checkin_code_invalid' });
    expect(CHECKIN_CODE_STEP_SECONDS).toBe(30);
  });

  it('finds only invited farmers, and one phone checks in at most two people per session', async () => {
    const { id, secret } = await sessionNow('2031-07-07');
    const code = await codeAt(secret);
    const notInvited = await post({ sessionId: id, code, name: '阿察1', idNumberLast4: '1000' });
    expect(notInvited.json()).toMatchObject({ code: 'checkin_farmer_unknown', field: 'name' });
    const wrongDigits = await post({ sessionId: id, code, name: '根呷1', idNumberLast4: '9999' });
    expect(wrongDigits.json()).toMatchObject({ code: 'checkin_farmer_unknown' });
    const cookie = 'fs_device=the-same-phone-all-along';
    expect((await post({ sessionId: id, code, name: '根呷2', idNumberLast4: '1001' }, cookie)).json().result).toBe('created');
    expect((await post({ sessionId: id, code, name: '马门1', idNumberLast4: '1000' }, cookie)).json().result).toBe('created');
    const third = await post({ sessionId: id, code, name: '根呷3', idNumberLast4: '1002' }, cookie);
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ code: 'checkin_device_limit' });
    expect(await ctx.db.db.select().from(schema.attendances).where(eq(schema.attendances.sessionId, id))).toHaveLength(2);
  });

  it('is closed for a cancelled session', async () => {
    const { id, secret } = await sessionNow('2031-07-08');
    await ctx.db.db.update(schema.trainingSessions).set({ status: 'cancelled' }).where(eq(schema.trainingSessions.id, id));
    const response = await post({ sessionId: id, code: await codeAt(secret), name: '根呷1', idNumberLast4: '1000' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'checkin_closed' });
  });
});

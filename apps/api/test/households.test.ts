import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { useTestApp } from './test-app.ts';

const ctx = useTestApp('households');

beforeAll(async () => {
  const farmer = (name: string, villageId: string, householdNo: string, extra: Partial<typeof schema.farmers.$inferInsert> = {}) => ({ name, villageId, householdNo, cardToken: `card-${name}-${householdNo}`, ...extra });
  await ctx.db.db.insert(schema.farmers).values([
    farmer('泽仁', ctx.fixtures.genga.id, '07', { birthYear: 1968, partyMember: true }),
    farmer('拉姆', ctx.fixtures.genga.id, '07', { birthYear: 1972, householdCategory: 'dibao' }),
    farmer('扎西', ctx.fixtures.genga.id, '12', { householdCategory: 'monitored' }),
    farmer('次仁', ctx.fixtures.achaVillage.id, '01'),
  ]);
});

const url = (villageId: string, householdNo: string) => `/api/v1/households/${villageId}/${encodeURIComponent(householdNo)}`;

describe('household records (民情)', () => {
  it('list a village\'s households with category and party membership taken from the member farmers', async () => {
    const secretary = await ctx.signIn('secretary');
    const list = await ctx.app.inject({ method: 'GET', url: `/api/v1/households?villageId=${ctx.fixtures.genga.id}`, headers: secretary.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ householdNo: '07', memberCount: 2, householdCategory: 'dibao', partyMemberHousehold: true, incomeBand: null }),
      expect.objectContaining({ householdNo: '12', memberCount: 1, householdCategory: 'monitored', partyMemberHousehold: false }),
    ]);
  });

  it('record income, ways of earning and needs; the category follows the farmer when it changes there', async () => {
    const secretary = await ctx.signIn('secretary');
    const updated = await ctx.app.inject({ method: 'PATCH', url: url(ctx.fixtures.genga.id, '07'), headers: secretary.headers, payload: { incomeBand: '5k_10k', livelihoods: ['herding', 'cordyceps'] } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ incomeBand: '5k_10k', livelihoods: ['herding', 'cordyceps'], members: [expect.objectContaining({ name: '泽仁' }), expect.objectContaining({ name: '拉姆' })] });
    const need = await ctx.app.inject({ method: 'POST', url: `${url(ctx.fixtures.genga.id, '07')}/needs`, headers: secretary.headers, payload: { notedOn: '2026-11-20', need: '老人需要办理慢性病门诊' } });
    expect(need.statusCode).toBe(201);
    expect(need.json().needs).toEqual([expect.objectContaining({ need: '老人需要办理慢性病门诊', recordedByName: 'secretary', notedOn: '2026-11-20' })]);

    await ctx.db.db.update(schema.farmers).set({ householdCategory: 'wubao' }).where(and(eq(schema.farmers.name, '拉姆'), eq(schema.farmers.villageId, ctx.fixtures.genga.id)));
    const admin = await ctx.signIn('hepo-admin');
    const read = await ctx.app.inject({ method: 'GET', url: url(ctx.fixtures.genga.id, '07'), headers: admin.headers });
    expect(read.json()).toMatchObject({ householdCategory: 'wubao', needCount: 1 });
    // Never stored twice: the household row has no category or party column to drift.
    expect(Object.keys(schema.households)).not.toContain('householdCategory');
  });

  it('answer 404 to another township\'s admin, another village\'s secretary and a missing household; 403 to a trainer', async () => {
    const acha = await ctx.signIn('acha-secretary');
    expect((await ctx.app.inject({ method: 'GET', url: url(ctx.fixtures.genga.id, '07'), headers: acha.headers })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/households?villageId=${ctx.fixtures.genga.id}`, headers: acha.headers })).statusCode).toBe(404);
    const hepoAdmin = await ctx.signIn('hepo-admin');
    expect((await ctx.app.inject({ method: 'GET', url: url(ctx.fixtures.achaVillage.id, '01'), headers: hepoAdmin.headers })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'PATCH', url: url(ctx.fixtures.achaVillage.id, '01'), headers: hepoAdmin.headers, payload: { incomeBand: 'under_5k' } })).statusCode).toBe(404);
    const county = await ctx.signIn('admin');
    expect((await ctx.app.inject({ method: 'GET', url: url(ctx.fixtures.achaVillage.id, '01'), headers: county.headers })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: url(ctx.fixtures.genga.id, '99'), headers: county.headers })).statusCode).toBe(404);
    const trainer = await ctx.signIn('trainer');
    expect((await ctx.app.inject({ method: 'GET', url: url(ctx.fixtures.genga.id, '07'), headers: trainer.headers })).statusCode).toBe(403);
  });

  it('put every read in the audit log, with who read it', async () => {
    const [admin] = await ctx.db.db.select().from(schema.users).where(eq(schema.users.username, 'admin'));
    const before = await ctx.db.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'household.read'), eq(schema.auditLog.actorId, admin!.id)));
    const session = await ctx.signIn('admin');
    await ctx.app.inject({ method: 'GET', url: url(ctx.fixtures.genga.id, '12'), headers: session.headers });
    const after = await ctx.db.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'household.read'), eq(schema.auditLog.actorId, admin!.id)));
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({ entity: 'household', entityId: `${ctx.fixtures.genga.id}:12` });
    expect(after.at(-1)!.requestId).toBeTruthy();
    const lists = await ctx.db.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'household.list'));
    expect(lists.length).toBeGreaterThan(0);
  });
});

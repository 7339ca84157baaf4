import { describe, expect, it } from 'vitest';
import { useTestApp } from './test-app.ts';

const ctx = useTestApp('farmer-attributes');

/** Party membership and household category: admins of the area and the village's own secretary only. */
describe('farmer attributes', () => {
  const open = async (username: string, id: string) => ctx.app.inject({ method: 'GET', url: `/api/v1/farmers/${id}`, headers: (await ctx.signIn(username)).headers });

  it('are set and seen by the admin and the village secretary, and left out for a trainer, in detail and lists', async () => {
    const admin = await ctx.signIn('admin');
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/farmers',
      headers: admin.headers,
      payload: { villageId: ctx.fixtures.genga.id, name: '四郎', partyMember: true, householdCategory: 'dibao' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ partyMember: true, householdCategory: 'dibao' });
    const id = created.json().id as string;

    for (const username of ['admin', 'hepo-admin', 'secretary']) {
      expect((await open(username, id)).json(), username).toMatchObject({ partyMember: true, householdCategory: 'dibao' });
    }
    const trainerView = (await open('trainer', id)).json();
    expect(trainerView.name).toBe('四郎');
    expect(trainerView).not.toHaveProperty('partyMember');
    expect(trainerView).not.toHaveProperty('householdCategory');
    // The secretary of another village does not see the farmer at all.
    expect((await open('acha-secretary', id)).statusCode).toBe(404);

    const trainer = await ctx.signIn('trainer');
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/farmers?q=四郎', headers: trainer.headers });
    expect(list.json().items[0]).not.toHaveProperty('partyMember');
  });

  it('may be changed by the village secretary, not by a trainer (403 on the field)', async () => {
    const secretary = await ctx.signIn('secretary');
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/farmers', headers: secretary.headers, payload: { villageId: ctx.fixtures.genga.id, name: '益西' } });
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({ partyMember: false, householdCategory: null });

    const changed = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/farmers/${id}`, headers: secretary.headers, payload: { householdCategory: 'monitored' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().householdCategory).toBe('monitored');

    const trainer = await ctx.signIn('trainer');
    const refused = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/farmers/${id}`, headers: trainer.headers, payload: { partyMember: true } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden', field: 'partyMember' });
    // The trainer may still change what everyone sees.
    const named = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/farmers/${id}`, headers: trainer.headers, payload: { birthYear: 1970 } });
    expect(named.statusCode).toBe(200);
    expect(named.json()).not.toHaveProperty('householdCategory');
    expect((await open('admin', id)).json()).toMatchObject({ partyMember: false, householdCategory: 'monitored', birthYear: 1970 });
  });

  it('are refused with an unknown category', async () => {
    const admin = await ctx.signIn('admin');
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/farmers', headers: admin.headers, payload: { villageId: ctx.fixtures.genga.id, name: '达瓦', householdCategory: 'rich' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().field).toBe('householdCategory');
  });
});

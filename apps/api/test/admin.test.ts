import { describe, expect, it } from 'vitest';
import { useTestApp } from './test-app.ts';

const ctx = useTestApp('admin');

describe('users and org units', () => {
  it('forbids a trainer from admin endpoints', async () => {
    const trainer = await ctx.signIn('trainer');
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/users', headers: trainer.headers });
    expect(list.statusCode).toBe(403);
    expect(list.json().code).toBe('forbidden');
    const create = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/org-units',
      headers: trainer.headers,
      payload: { parentId: ctx.fixtures.hepo.id, name: '新村', code: 'xincun' },
    });
    expect(create.statusCode).toBe(403);
  });

  it('lets an admin create a user and refuses a taken username', async () => {
    const admin = await ctx.signIn('admin');
    const payload = { username: 'Dawa', displayName: '达瓦', password: 'plateau barley 9', role: 'trainer', orgUnitId: ctx.fixtures.hepo.id };
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'dawa', role: 'trainer', orgUnitName: '河坡乡' });
    expect(created.json()).not.toHaveProperty('passwordHash');
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'username_taken', field: 'username' });
    expect((await ctx.signIn('dawa', 'plateau barley 9')).csrf).toBeTruthy();
  });

  it('keeps a township admin inside their township', async () => {
    const hepoAdmin = await ctx.signIn('hepo-admin');
    const users = await ctx.app.inject({ method: 'GET', url: '/api/v1/users', headers: hepoAdmin.headers });
    const names = users.json().items.map((u: { username: string }) => u.username);
    expect(names).toContain('secretary');
    expect(names).not.toContain('acha-secretary');
    expect(names).not.toContain('admin');
    const outside = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: hepoAdmin.headers,
      payload: { username: 'intruder', displayName: 'x', password: 'plateau barley 9', role: 'admin', orgUnitId: ctx.fixtures.county.id },
    });
    expect(outside.json()).toMatchObject({ code: 'org_unit_invalid', field: 'orgUnitId' });
    const units = await ctx.app.inject({ method: 'GET', url: '/api/v1/org-units', headers: hepoAdmin.headers });
    const unitNames = units.json().items.map((u: { name: string }) => u.name);
    expect(unitNames).toEqual(expect.arrayContaining(['白玉县', '河坡乡', '根呷村', '马门村']));
    expect(unitNames).not.toContain('阿察村');
  });

  it('creates a village under a township, not under a village, and refuses a duplicate code', async () => {
    const admin = await ctx.signIn('admin');
    const post = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/org-units', headers: admin.headers, payload });
    const village = await post({ parentId: ctx.fixtures.hepo.id, name: '新建村', code: 'xinjian' });
    expect(village.statusCode).toBe(201);
    expect(village.json()).toMatchObject({ level: 'village', parentId: ctx.fixtures.hepo.id });
    const underVillage = await post({ parentId: village.json().id, name: '组', code: 'zu' });
    expect(underVillage.json()).toMatchObject({ code: 'org_unit_invalid', field: 'parentId' });
    const duplicate = await post({ parentId: ctx.fixtures.hepo.id, name: '又一村', code: 'xinjian' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().field).toBe('code');
    const renamed = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/org-units/${village.json().id}`, headers: admin.headers, payload: { name: `新建'村"; --` } });
    expect(renamed.json().name).toBe(`新建'村"; --`);
  });

  it('disabling a user ends their sessions', async () => {
    const admin = await ctx.signIn('admin');
    const secretary = await ctx.signIn('acha-secretary');
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/users?q=acha-secretary', headers: admin.headers });
    const id = list.json().items[0].id;
    const disabled = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: admin.headers, payload: { active: false } });
    expect(disabled.json().active).toBe(false);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: secretary.headers });
    expect(after.statusCode).toBe(401);
  });
});

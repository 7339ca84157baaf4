import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { useTestApp } from './test-app.ts';
import { seedScheduling } from './scheduling-fixtures.ts';

const ctx = useTestApp('trainers');
beforeAll(async () => {
  await seedScheduling(ctx.db.db, ctx.fixtures);
});

const list = (headers: Record<string, string>, query = '') => ctx.app.inject({ method: 'GET', url: `/api/v1/trainers${query}`, headers });
const names = async (headers: Record<string, string>, query = '') => (await list(headers, query)).json().items.map((t: { displayName: string }) => t.displayName);

describe('trainers', () => {
  it('lets a trainer list everyone who can teach in their area, never secretaries', async () => {
    const trainer = await ctx.signIn('trainer');
    const response = await list(trainer.headers);
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toContainEqual({ id: expect.any(String), displayName: 'hepo-trainer', orgUnitId: ctx.fixtures.hepo.id, orgUnitName: '河坡乡' });
    expect(await names(trainer.headers)).toEqual(['admin', 'hepo-admin', 'hepo-trainer', 'trainer', 'trainer2']);
  });

  it('gives a township admin their township’s trainers and the county’s, not another township’s', async () => {
    const hepoAdmin = await ctx.signIn('hepo-admin');
    expect(await names(hepoAdmin.headers)).toEqual(['admin', 'hepo-admin', 'hepo-trainer', 'trainer', 'trainer2']);
    // 阿察村 is outside 河坡乡: as for farmers, a bad value of the filter.
    const outside = await list(hepoAdmin.headers, `?villageId=${ctx.fixtures.achaVillage.id}`);
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ code: 'org_unit_invalid', field: 'villageId' });
  });

  it('narrows to those whose area holds one village', async () => {
    const admin = await ctx.signIn('admin');
    expect(await names(admin.headers, `?villageId=${ctx.fixtures.achaVillage.id}`)).toEqual(['admin', 'trainer', 'trainer2']);
    expect(await names(admin.headers, `?villageId=${ctx.fixtures.genga.id}`)).toEqual(['admin', 'hepo-admin', 'hepo-trainer', 'trainer', 'trainer2']);
  });

  it('refuses secretaries and leaves out disabled trainers', async () => {
    const secretary = await ctx.signIn('secretary');
    expect((await list(secretary.headers)).statusCode).toBe(403);
    await ctx.db.db.update(schema.users).set({ active: false }).where(eq(schema.users.username, 'trainer2'));
    const admin = await ctx.signIn('admin');
    expect(await names(admin.headers)).not.toContain('trainer2');
  });
});

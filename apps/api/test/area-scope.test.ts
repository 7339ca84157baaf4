import { describe, expect, it } from 'vitest';
import { schema } from '@fieldschool/db';
import { inArea, inAreaSql } from '../src/services/principal.ts';
import { useTestApp } from './test-app.ts';

const ctx = useTestApp('area-scope');

describe('the area-scope rule', () => {
  it('selects in SQL exactly the units it accepts for a row, for every area', async () => {
    const units = await ctx.db.db.select({ id: schema.orgUnits.id, path: schema.orgUnits.path }).from(schema.orgUnits);
    expect(units.length).toBeGreaterThanOrEqual(6);
    for (const area of units) {
      const inside = await ctx.db.db.select({ id: schema.orgUnits.id }).from(schema.orgUnits).where(inAreaSql(area.path, schema.orgUnits.path));
      const expected = units.filter((unit) => inArea(area.path, unit.path)).map((unit) => unit.id);
      expect(inside.map((unit) => unit.id).sort()).toEqual(expected.sort());
      expect(expected).toContain(area.id);
    }
  });

  it('takes an area path as plain text: LIKE wildcards in it match only themselves', async () => {
    const rows = await ctx.db.db.select({ id: schema.orgUnits.id }).from(schema.orgUnits).where(inAreaSql('%', schema.orgUnits.path));
    expect(rows).toEqual([]);
    expect(inArea('%', ctx.fixtures.county.path)).toBe(false);
  });

  it('keeps a township admin to the farmers of their township', async () => {
    const admin = await ctx.signIn('admin');
    const inHepo = { villageId: ctx.fixtures.mamen.id, name: '多吉' };
    const inAcha = { villageId: ctx.fixtures.achaVillage.id, name: '拉姆' };
    for (const payload of [inHepo, inAcha]) {
      const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/farmers', headers: admin.headers, payload });
      expect(created.statusCode).toBe(201);
    }
    const hepoAdmin = await ctx.signIn('hepo-admin');
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/farmers', headers: hepoAdmin.headers });
    expect(list.json().items.map((f: { name: string }) => f.name)).toEqual(['多吉']);
  });
});

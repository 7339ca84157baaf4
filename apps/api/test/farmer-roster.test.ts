import { describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Pool } from 'pg';
import { farmerRoster, GENERIC_PLAN_OPTIONS } from '../src/services/farmers.ts';
import { useTestApp } from './test-app.ts';

const ctx = useTestApp('farmer-roster');

describe('the prepared farmers roster', () => {
  it('runs a plain county or village page on its generic plan, with the rows a custom plan finds', async () => {
    const admin = await ctx.signIn('admin');
    const { county, mamen, achaVillage } = ctx.fixtures;
    for (const [villageId, name] of [[mamen.id, '多吉'], [mamen.id, '次仁'], [achaVillage.id, '拉姆']] as const) {
      const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/farmers', headers: admin.headers, payload: { villageId, name } });
      expect(created.statusCode).toBe(201);
    }
    const roster = farmerRoster(ctx.db.db);
    const pool = (ctx.db.db as unknown as { $client: Pool }).$client;
    // A county page matches village paths; a village's page reads its own index.
    const statements = [county.path, mamen.path].map((area) => roster.statementFor(area, { limit: 10 }));
    const generic = new pg.Client({ connectionString: pool.options.connectionString, options: GENERIC_PLAN_OPTIONS });
    await generic.connect();
    try {
      for (const statement of statements) {
        expect(statement.connectionOptions).toBe(GENERIC_PLAN_OPTIONS);
        // Unnamed, on the app's pool: planned for these very values.
        const expected = await pool.query({ text: statement.text, values: statement.values });
        expect(expected.rows.length, statement.name).toBeGreaterThan(0);
        for (let i = 0; i < 3; i += 1) {
          const { rows } = await generic.query({ name: statement.name, text: statement.text, values: statement.values });
          expect(rows, statement.name).toEqual(expected.rows);
        }
        const [plans] = (await generic.query('SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1', [statement.name])).rows;
        expect(plans, statement.name).toMatchObject({ custom_plans: '0' });
        expect(Number(plans.generic_plans), statement.name).toBeGreaterThanOrEqual(3);
      }
    } finally {
      await generic.end();
      await roster.close();
    }
  });

  it('plans a township page and a search for their values: the township’s share and the pattern decide the plan', () => {
    const roster = farmerRoster(ctx.db.db);
    expect(roster.statementFor(ctx.fixtures.hepo.path, {}).connectionOptions).toBeNull();
    expect(roster.statementFor(ctx.fixtures.county.path, { q: 'nima' }).connectionOptions).toBeNull();
  });
});

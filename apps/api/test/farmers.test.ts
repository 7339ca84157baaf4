import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { useTestApp } from './test-app.ts';

const ctx = useTestApp('farmers');

// Valid GB 11643 numbers (check digits computed by hand for these test values).
const VALID_ID = '11010519491231002X';
const VALID_ID_2 = '51333119880506001X';

const create = (headers: Record<string, string>, payload: Record<string, unknown>) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/farmers', headers, payload });

describe('farmers', () => {
  it('registers a farmer: keeps the name whole, stores only the hash and last 4 of the ID number, masks the phone in lists', async () => {
    const admin = await ctx.signIn('admin');
    const response = await create(admin.headers, {
      villageId: ctx.fixtures.genga.id,
      name: '泽仁拉姆',
      gender: 'female',
      birthYear: 1985,
      phone: '13812345678',
      idNumber: VALID_ID,
      householdNo: '017',
    });
    expect(response.statusCode).toBe(201);
    const farmer = response.json();
    expect(farmer).toMatchObject({ name: '泽仁拉姆', villageName: '根呷村', townshipName: '河坡乡', idNumberLast4: '002X', phone: '13812345678' });
    expect(JSON.stringify(farmer)).not.toContain(VALID_ID);

    const [row] = await ctx.db.db.select().from(schema.farmers).where(eq(schema.farmers.id, farmer.id));
    expect(row!.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(VALID_ID);
    const [audit] = await ctx.db.db.select().from(schema.auditLog).where(eq(schema.auditLog.entityId, farmer.id));
    expect(audit).toMatchObject({ action: 'farmer.create', entity: 'farmer' });
    expect(JSON.stringify(audit!.after)).not.toContain(row!.idNumberHash!);

    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/farmers?q=泽仁', headers: admin.headers });
    expect(list.json().items[0]).toMatchObject({ name: '泽仁拉姆', phoneMasked: '138****5678' });
    // A roster row shows every field of the opened farmer but the full phone and the confidential attributes.
    const { phone: _phone, partyMember: _partyMember, householdCategory: _householdCategory, ...shown } = farmer;
    expect(list.json().items[0]).toEqual(shown);
  });

  it('finds farmers by pinyin initials, phone digits and the last 4 ID digits', async () => {
    const admin = await ctx.signIn('admin');
    const search = async (q: string) =>
      (await ctx.app.inject({ method: 'GET', url: `/api/v1/farmers?q=${encodeURIComponent(q)}`, headers: admin.headers })).json().items.map((f: { name: string }) => f.name);
    expect(await search('zrlm')).toContain('泽仁拉姆');
    expect(await search('zerenlamu')).toContain('泽仁拉姆');
    expect(await search('1234567')).toContain('泽仁拉姆');
    // Three digits are phone digits, not the start of the ID's last four (002X).
    expect(await search('002')).not.toContain('泽仁拉姆');
    expect(await search('5678')).toContain('泽仁拉姆');
  });

  it('refuses an invalid ID number and a second farmer with the same one', async () => {
    const admin = await ctx.signIn('admin');
    const invalid = await create(admin.headers, { villageId: ctx.fixtures.genga.id, name: '扎西', idNumber: '110105194912310021' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'id_number_invalid', field: 'idNumber' });
    const malformed = await create(admin.headers, { villageId: ctx.fixtures.genga.id, name: '扎西', idNumber: '12345' });
    expect(malformed.json()).toMatchObject({ code: 'validation_failed', field: 'idNumber' });
    const duplicate = await create(admin.headers, { villageId: ctx.fixtures.mamen.id, name: '另一人', idNumber: VALID_ID.toLowerCase() });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'id_number_taken', field: 'idNumber' });
    const rows = await ctx.db.db.select().from(schema.farmers).where(eq(schema.farmers.name, '扎西'));
    expect(rows).toHaveLength(0);
  });

  it('stores SQL metacharacters verbatim in every text field', async () => {
    const admin = await ctx.signIn('admin');
    const nasty = `O'Brien"; DROP TABLE farmers; -- %_\\`;
    const response = await create(admin.headers, { villageId: ctx.fixtures.genga.id, name: nasty, householdNo: `'; --%` });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ name: nasty, householdNo: `'; --%` });
    const list = await ctx.app.inject({ method: 'GET', url: `/api/v1/farmers?q=${encodeURIComponent("O'Brien\"; DROP")}`, headers: admin.headers });
    expect(list.json().items.map((f: { name: string }) => f.name)).toEqual([nasty]);
    // A bare % matches only names containing a literal %.
    const percent = await ctx.app.inject({ method: 'GET', url: `/api/v1/farmers?q=${encodeURIComponent('%')}`, headers: admin.headers });
    expect(percent.json().items.map((f: { name: string }) => f.name)).toEqual([nasty]);
  });

  it('keeps a secretary to their own village: others are filtered from lists and 404 when opened', async () => {
    const admin = await ctx.signIn('admin');
    const elsewhere = (await create(admin.headers, { villageId: ctx.fixtures.achaVillage.id, name: '次仁多吉', idNumber: VALID_ID_2 })).json();
    const secretary = await ctx.signIn('secretary');
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/farmers?limit=200', headers: secretary.headers });
    const villages = new Set(list.json().items.map((f: { villageId: string }) => f.villageId));
    expect([...villages]).toEqual([ctx.fixtures.genga.id]);
    const open = await ctx.app.inject({ method: 'GET', url: `/api/v1/farmers/${elsewhere.id}`, headers: secretary.headers });
    expect(open.statusCode).toBe(404);
    const filtered = await ctx.app.inject({ method: 'GET', url: `/api/v1/farmers?orgUnitId=${ctx.fixtures.achaVillage.id}`, headers: secretary.headers });
    expect(filtered.statusCode).toBe(400);
    const edit = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/farmers/${elsewhere.id}`, headers: secretary.headers, payload: { name: 'x' } });
    expect(edit.statusCode).toBe(404);
    const move = await create(secretary.headers, { villageId: ctx.fixtures.achaVillage.id, name: '卓玛' });
    expect(move.json()).toMatchObject({ code: 'org_unit_invalid', field: 'villageId' });
  });

  it('pages through the roster by cursor without repeats', async () => {
    const admin = await ctx.signIn('admin');
    for (let i = 0; i < 7; i++) await create(admin.headers, { villageId: ctx.fixtures.mamen.id, name: `格桑${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/farmers?orgUnitId=${ctx.fixtures.mamen.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await ctx.app.inject({ method: 'GET', url: query, headers: admin.headers })).json();
      seen.push(...page.items.map((f: { id: string }) => f.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(new Set(seen).size);
    expect(seen.length).toBeGreaterThanOrEqual(7);
    const bad = await ctx.app.inject({ method: 'GET', url: '/api/v1/farmers?cursor=garbage', headers: admin.headers });
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'query.cursor' });
  });

  it('pages a search across the whole county in pinyin order, the same on every run of its statement', async () => {
    const admin = await ctx.signIn('admin');
    // Created out of order, in three villages of two townships.
    await create(admin.headers, { villageId: ctx.fixtures.genga.id, name: '尼玛多吉' });
    await create(admin.headers, { villageId: ctx.fixtures.achaVillage.id, name: '尼玛' });
    await create(admin.headers, { villageId: ctx.fixtures.mamen.id, name: '尼玛次仁' });
    const pages = async () => {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/farmers?q=nima&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await ctx.app.inject({ method: 'GET', url, headers: admin.headers })).json();
        names.push(...page.items.map((f: { name: string }) => f.name));
        cursor = page.nextCursor;
      } while (cursor);
      return names;
    };
    // nima < nimaciren < nimaduoji
    expect(await pages()).toEqual(['尼玛', '尼玛次仁', '尼玛多吉']);
    // The second time every page runs an already prepared statement.
    expect(await pages()).toEqual(['尼玛', '尼玛次仁', '尼玛多吉']);
  });

  it('edits a farmer and records before and after in the audit log', async () => {
    const trainer = await ctx.signIn('trainer');
    const created = (await create(trainer.headers, { villageId: ctx.fixtures.genga.id, name: '央金' })).json();
    const edited = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/farmers/${created.id}`, headers: trainer.headers, payload: { name: '央金卓玛', birthYear: 1990 } });
    expect(edited.json()).toMatchObject({ name: '央金卓玛', birthYear: 1990 });
    const [audit] = await ctx.db.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'farmer.update'));
    expect(audit).toMatchObject({ before: expect.objectContaining({ name: '央金' }), after: expect.objectContaining({ name: '央金卓玛' }) });
  });
});

import { describe, expect, it } from 'vitest';
import { buffer } from 'node:stream/consumers';
import { eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { exifOf, hasGps, phoneJpeg } from './secretary-fixtures.ts';
import { useTestApp } from './test-app.ts';
import { uploadRequest } from './upload.ts';

const ctx = useTestApp('matters');

const create = async (username: string, payload: Record<string, unknown>) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/matters', headers: (await ctx.signIn(username)).headers, payload });

describe('practical matters (实事)', () => {
  it('are added by the village secretary and admins of the area, and moved to done with a date', async () => {
    const road = await create('secretary', { villageId: ctx.fixtures.genga.id, title: '硬化通村路2公里', category: 'road', fundsFen: 120_000_000, beneficiaryHouseholds: 71, status: 'under_way', startedOn: '2026-05-01' });
    expect(road.statusCode).toBe(201);
    expect(road.json()).toMatchObject({ villageName: '根呷村', townshipName: '河坡乡', status: 'under_way', doneOn: null, fundsFen: 120_000_000, files: [] });
    const secretary = await ctx.signIn('secretary');
    const done = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/matters/${road.json().id}`, headers: secretary.headers, payload: { status: 'done', doneOn: '2026-09-30' } });
    expect(done.json()).toMatchObject({ status: 'done', doneOn: '2026-09-30' });
    const early = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/matters/${road.json().id}`, headers: secretary.headers, payload: { doneOn: '2026-04-01' } });
    expect(early.statusCode).toBe(400);
    expect(early.json().field).toBe('doneOn');
    expect((await create('hepo-admin', { villageId: ctx.fixtures.mamen.id, title: '马门村通村路', category: 'road', status: 'done' })).json().doneOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await create('admin', { villageId: ctx.fixtures.achaVillage.id, title: '安全饮水', category: 'water', status: 'done', fundsFen: 50_000_00, beneficiaryHouseholds: 40 })).statusCode).toBe(201);
    const audit = await ctx.db.db.select().from(schema.auditLog).where(eq(schema.auditLog.entityId, road.json().id));
    expect(audit.map((row) => row.action)).toEqual(['matter.create', 'matter.update']);
  });

  it('refuse another village, a trainer, and another village\'s secretary changing one', async () => {
    const other = await create('secretary', { villageId: ctx.fixtures.mamen.id, title: '不是我的村', category: 'other' });
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({ code: 'org_unit_invalid', field: 'villageId' });
    expect((await create('trainer', { villageId: ctx.fixtures.genga.id, title: '培训', category: 'training' })).statusCode).toBe(403);
    const admin = await ctx.signIn('admin');
    const list = await ctx.app.inject({ method: 'GET', url: `/api/v1/matters?orgUnitId=${ctx.fixtures.genga.id}`, headers: admin.headers });
    const id = list.json().items[0].id as string;
    const acha = await ctx.signIn('acha-secretary');
    expect((await ctx.app.inject({ method: 'PATCH', url: `/api/v1/matters/${id}`, headers: acha.headers, payload: { title: 'x' } })).statusCode).toBe(404);
    const trainer = await ctx.signIn('trainer');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/matters/${id}`, headers: trainer.headers })).statusCode).toBe(200);
  });

  it('add up by category for the county and a township: villages with a road done, funds and households', async () => {
    const admin = await ctx.signIn('admin');
    const county = (await ctx.app.inject({ method: 'GET', url: '/api/v1/matters/totals', headers: admin.headers })).json();
    const byCategory = Object.fromEntries(county.categories.map((c: { category: string }) => [c.category, c]));
    expect(county.orgUnitName).toBe('白玉县');
    expect(byCategory.road).toMatchObject({ villagesDone: 2, done: 2, underWay: 0, fundsFen: 120_000_000, beneficiaryHouseholds: 71 });
    expect(byCategory.water).toMatchObject({ villagesDone: 1, fundsFen: 5_000_000 });
    expect(byCategory.venue).toMatchObject({ villagesDone: 0, done: 0 });
    const hepo = (await ctx.app.inject({ method: 'GET', url: `/api/v1/matters/totals?orgUnitId=${ctx.fixtures.hepo.id}`, headers: admin.headers })).json();
    expect(hepo.categories.find((c: { category: string }) => c.category === 'water').villagesDone).toBe(0);
    const hepoAdmin = await ctx.signIn('hepo-admin');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/matters/totals?orgUnitId=${ctx.fixtures.acha.id}`, headers: hepoAdmin.headers })).statusCode).toBe(400);
  });

  it('take photos without their GPS EXIF and PDFs, and refuse anything else', async () => {
    const secretary = await ctx.signIn('secretary');
    const matter = (await create('secretary', { villageId: ctx.fixtures.genga.id, title: '村活动室改建', category: 'venue' })).json();
    const photo = await phoneJpeg();
    expect(hasGps(await exifOf(photo))).toBe(true);
    const added = await ctx.app.inject(uploadRequest(secretary, `/api/v1/matters/${matter.id}/files`, { name: 'venue.jpg', bytes: photo, type: 'image/jpeg' }));
    expect(added.statusCode).toBe(201);
    const [file] = added.json().files;
    expect(file).toMatchObject({ fileName: 'venue.jpg', mediaType: 'image/jpeg' });
    const download = await ctx.app.inject({ method: 'GET', url: `/api/v1/matters/${matter.id}/files/${file.id}`, headers: secretary.headers });
    expect(download.statusCode).toBe(200);
    expect(await exifOf(download.rawPayload)).toBeUndefined();
    const [row] = await ctx.db.db.select().from(schema.practicalMatterFiles).where(eq(schema.practicalMatterFiles.id, file.id));
    expect(hasGps(await exifOf(await buffer(ctx.app.files.open(row!.sha256))))).toBe(false);

    const pdf = await ctx.app.inject(uploadRequest(secretary, `/api/v1/matters/${matter.id}/files`, { name: 'approval.pdf', bytes: '%PDF-1.4\n%%EOF\n', type: 'application/pdf' }));
    expect(pdf.json().files.map((f: { mediaType: string }) => f.mediaType)).toEqual(['image/jpeg', 'application/pdf']);
    const text = await ctx.app.inject(uploadRequest(secretary, `/api/v1/matters/${matter.id}/files`, { name: 'a.exe', bytes: 'MZ not an image', type: 'image/jpeg' }));
    expect(text.statusCode).toBe(400);
    expect(text.json()).toMatchObject({ code: 'file_type_unsupported', field: 'file' });
  });

  it('take a file off again: its keepers only, audited, and a second removal is 404', async () => {
    const secretary = await ctx.signIn('secretary');
    const matter = (await create('secretary', { villageId: ctx.fixtures.genga.id, title: '文化活动室', category: 'venue' })).json();
    const added = await ctx.app.inject(uploadRequest(secretary, `/api/v1/matters/${matter.id}/files`, { name: 'wrong.pdf', bytes: '%PDF-1.4\n%%EOF\n', type: 'application/pdf' }));
    const fileId = added.json().files[0].id as string;
    const url = `/api/v1/matters/${matter.id}/files/${fileId}`;
    const trainer = await ctx.signIn('trainer');
    expect((await ctx.app.inject({ method: 'DELETE', url, headers: trainer.headers })).statusCode).toBe(403);
    const acha = await ctx.signIn('acha-secretary');
    expect((await ctx.app.inject({ method: 'DELETE', url, headers: acha.headers })).statusCode).toBe(404);
    const removed = await ctx.app.inject({ method: 'DELETE', url, headers: secretary.headers });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().files).toEqual([]);
    expect((await ctx.app.inject({ method: 'GET', url, headers: secretary.headers })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'DELETE', url, headers: secretary.headers })).statusCode).toBe(404);
    const audit = await ctx.db.db.select().from(schema.auditLog).where(eq(schema.auditLog.entityId, matter.id));
    expect(audit.map((row) => row.action)).toEqual(['matter.create', 'matter.file_add', 'matter.file_remove']);
  });
});

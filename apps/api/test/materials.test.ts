import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Value } from 'typebox/value';
import { schema } from '@fieldschool/db';
import { DistributionSyncItem } from '@fieldschool/contracts';
import { distributionItems } from '../src/services/sync/distribution-items.ts';
import type { Principal } from '../src/services/principal.ts';
import { useTestApp, type Session } from './test-app.ts';
import { at, seedScheduling, sessionBody } from './scheduling-fixtures.ts';

const ctx = useTestApp('materials');
let scheduling: Awaited<ReturnType<typeof seedScheduling>>;
let admin: Session;
let trainer: Session;
let documentId: string;
let sessionId: string;
let farmerId: string;

beforeAll(async () => {
  scheduling = await seedScheduling(ctx.db.db, ctx.fixtures);
  admin = await ctx.signIn('admin');
  trainer = await ctx.signIn('trainer');
  const [document] = await ctx.db.db.insert(schema.documents).values({ title: '马铃薯脱毒种薯技术规程', docNumber: '甘农发〔2024〕3号', topics: ['agri_tech'] }).returning();
  documentId = document!.id;
  const session = await ctx.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: admin.headers, payload: sessionBody(scheduling, ctx.fixtures) });
  expect(session.statusCode).toBe(201);
  sessionId = session.json().sessions[0].id;
  const farmer = await ctx.app.inject({ method: 'POST', url: '/api/v1/farmers', headers: admin.headers, payload: { villageId: ctx.fixtures.genga.id, name: '泽仁拉姆' } });
  farmerId = farmer.json().id;
});

const createMaterial = (headers: Record<string, string>, payload: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: '/api/v1/materials', headers, payload });
const distribute = (headers: Record<string, string>, items: Array<Record<string, unknown>>, session = sessionId) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/sessions/${session}/distributions`, headers, payload: { deviceId: 'phone-1', items } });
const getMaterial = async (id: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/materials/${id}`, headers: admin.headers })).json();
const item = (materialId: string, overrides: Record<string, unknown> = {}) => ({ id: randomUUID(), materialId, quantity: 1, distributedAt: at('2031-03-04T10:00'), ...overrides });

describe('the materials catalogue', () => {
  it('keeps a material with its policy document, format, stock per township store and the courses that hand it out', async () => {
    const response = await createMaterial(admin.headers, {
      title: '马铃薯种植明白纸',
      topic: 'agri_tech',
      format: 'leaflet',
      documentId,
      stock: [{ townshipId: ctx.fixtures.hepo.id, quantity: 500 }, { townshipId: ctx.fixtures.acha.id, quantity: 20 }],
      courseIds: [scheduling.courseId],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      title: '马铃薯种植明白纸',
      format: 'leaflet',
      document: { id: documentId, docNumber: '甘农发〔2024〕3号' },
      // Stores in the order of their codes: acha before hepo.
      stock: [{ townshipId: ctx.fixtures.acha.id, townshipName: '阿察镇', quantity: 20 }, { townshipName: '河坡乡', quantity: 500 }],
      courses: [{ id: scheduling.courseId, title: '马铃薯规模化种植' }],
      distributed: 0,
      beyondStock: 0,
    });
    const course = await ctx.app.inject({ method: 'GET', url: `/api/v1/courses/${scheduling.courseId}`, headers: trainer.headers });
    expect(course.json().materials).toEqual([{ id: response.json().id, title: '马铃薯种植明白纸' }]);
    const document = await ctx.app.inject({ method: 'GET', url: `/api/v1/documents/${documentId}`, headers: trainer.headers });
    expect(document.json().linkedFrom).toContainEqual({ kind: 'material', id: response.json().id, title: '马铃薯种植明白纸' });
  });

  it('lets the course form set its materials, and refuses an unknown one naming the field', async () => {
    const material = (await createMaterial(admin.headers, { title: '医保政策挂图', topic: 'healthcare', format: 'poster' })).json();
    const course = await ctx.app.inject({ method: 'POST', url: '/api/v1/courses', headers: trainer.headers, payload: { title: '医保宣讲', topic: 'healthcare', materialIds: [material.id] } });
    expect(course.statusCode).toBe(201);
    expect(course.json().materials).toEqual([{ id: material.id, title: '医保政策挂图' }]);
    const cleared = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/courses/${course.json().id}`, headers: trainer.headers, payload: { materialIds: [] } });
    expect(cleared.json().materials).toEqual([]);
    const unknown = await ctx.app.inject({ method: 'POST', url: '/api/v1/courses', headers: trainer.headers, payload: { title: '医保宣讲', topic: 'healthcare', materialIds: [randomUUID()] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'validation_failed', field: 'materialIds' });
  });

  it('refuses a bad format, a store that is not a township of the area, and anyone but an admin', async () => {
    expect((await createMaterial(admin.headers, { title: '手册', topic: 'law', format: 'scroll' })).json()).toMatchObject({ code: 'validation_failed', field: 'format' });
    const village = await createMaterial(admin.headers, { title: '手册', topic: 'law', format: 'booklet', stock: [{ townshipId: ctx.fixtures.genga.id, quantity: 5 }] });
    expect(village.json()).toMatchObject({ code: 'org_unit_invalid', field: 'stock' });
    const hepoAdmin = await ctx.signIn('hepo-admin');
    const otherArea = await createMaterial(hepoAdmin.headers, { title: '手册', topic: 'law', format: 'booklet', stock: [{ townshipId: ctx.fixtures.acha.id, quantity: 5 }] });
    expect(otherArea.json()).toMatchObject({ code: 'org_unit_invalid', field: 'stock' });
    expect((await createMaterial(trainer.headers, { title: '手册', topic: 'law', format: 'booklet' })).statusCode).toBe(403);
    const secretary = await ctx.signIn('secretary');
    expect((await createMaterial(secretary.headers, { title: '手册', topic: 'law', format: 'booklet' })).statusCode).toBe(403);
  });

  it('updates a store count and lists by format', async () => {
    const material = (await createMaterial(admin.headers, { title: '大棚蔬菜手册', topic: 'agri_tech', format: 'booklet', stock: [{ townshipId: ctx.fixtures.hepo.id, quantity: 10 }] })).json();
    const edited = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/materials/${material.id}`, headers: admin.headers, payload: { stock: [{ townshipId: ctx.fixtures.hepo.id, quantity: 300 }] } });
    expect(edited.json().stock).toEqual([{ townshipId: ctx.fixtures.hepo.id, townshipName: '河坡乡', quantity: 300 }]);
    const booklets = await ctx.app.inject({ method: 'GET', url: '/api/v1/materials?format=booklet', headers: trainer.headers });
    expect(booklets.json().items.map((m: { title: string }) => m.title)).toEqual(['大棚蔬菜手册']);
  });
});

describe('distributions', () => {
  let materialId: string;
  beforeAll(async () => {
    materialId = (await createMaterial(admin.headers, { title: '牦牛养殖传单', topic: 'agri_tech', format: 'leaflet', stock: [{ townshipId: ctx.fixtures.hepo.id, quantity: 10 }] })).json().id;
  });

  it('records per farmer and as a count; stock goes down in the session township’s store; a repeat is a no-op', async () => {
    const perFarmer = item(materialId, { farmerId });
    const count = item(materialId, { quantity: 4 });
    const response = await distribute(trainer.headers, [perFarmer, count]);
    expect(response.statusCode).toBe(200);
    expect(response.json().results).toEqual([
      { id: perFarmer.id, result: 'created', recordId: perFarmer.id },
      { id: count.id, result: 'created', recordId: count.id },
    ]);
    expect((await getMaterial(materialId)).stock[0].quantity).toBe(5);
    const again = await distribute(trainer.headers, [perFarmer, count]);
    expect(again.json().results.map((r: { result: string }) => r.result)).toEqual(['duplicate', 'duplicate']);
    expect((await getMaterial(materialId)).stock[0].quantity).toBe(5);
    const listed = (await ctx.app.inject({ method: 'GET', url: `/api/v1/sessions/${sessionId}/distributions`, headers: trainer.headers })).json();
    expect(listed.items).toHaveLength(2);
    expect(listed.items).toContainEqual(expect.objectContaining({ farmerId, farmerName: '泽仁拉姆', quantity: 1 }));
    expect(listed.totals).toEqual([{ materialId, materialTitle: '牦牛养殖传单', quantity: 5 }]);
  });

  it('accepts more than the stock and flags the excess for the admin', async () => {
    const over = item(materialId, { quantity: 8 });
    expect((await distribute(trainer.headers, [over])).json().results[0].result).toBe('created');
    const material = await getMaterial(materialId);
    expect(material).toMatchObject({ distributed: 13, beyondStock: 3, stock: [{ quantity: 0 }] });
    const flagged = (await ctx.app.inject({ method: 'GET', url: '/api/v1/materials?flagged=true', headers: admin.headers })).json();
    expect(flagged.items.map((m: { id: string }) => m.id)).toEqual([materialId]);
  });

  it('refuses a zero or negative count, naming the item', async () => {
    for (const quantity of [0, -3]) {
      const response = await distribute(trainer.headers, [item(materialId, { quantity })]);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed', field: 'items.0.quantity' });
    }
    expect(Value.Check(DistributionSyncItem, { kind: 'distribution', sessionId, ...item(materialId, { quantity: 0 }) })).toBe(false);
  });

  it('rejects per item an unknown material or farmer without failing the others; a secretary may not record', async () => {
    const good = item(materialId);
    const response = await distribute(trainer.headers, [item(randomUUID()), item(materialId, { farmerId: randomUUID() }), good]);
    expect(response.json().results.map((r: { result: string; reason?: string }) => [r.result, r.reason])).toEqual([
      ['rejected', 'material_invalid'],
      ['rejected', 'farmer_invalid'],
      ['created', undefined],
    ]);
    const secretary = await ctx.signIn('secretary');
    expect((await distribute(secretary.headers, [item(materialId)])).statusCode).toBe(403);
  });

  it('as a sync handler inside one transaction: another trainer’s or a cancelled session is rejected, the same batch twice gets the same answers', async () => {
    const [other] = await ctx.db.db.select().from(schema.users).where(eq(schema.users.username, 'trainer2'));
    const otherTrainer: Principal = { id: other!.id, username: 'trainer2', role: 'trainer', orgUnitId: ctx.fixtures.county.id, orgUnitPath: ctx.fixtures.county.path };
    const cancelled = await ctx.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: admin.headers, payload: sessionBody(scheduling, ctx.fixtures, { startsAt: at('2031-03-05T09:00'), endsAt: at('2031-03-05T10:00') }) });
    const cancelledId = cancelled.json().sessions[0].id;
    await ctx.app.inject({ method: 'POST', url: `/api/v1/sessions/${cancelledId}/cancel`, headers: admin.headers, payload: { reason: '下雪' } });
    const [me] = await ctx.db.db.select().from(schema.users).where(eq(schema.users.username, 'trainer'));
    const trainerPrincipal: Principal = { id: me!.id, username: 'trainer', role: 'trainer', orgUnitId: ctx.fixtures.county.id, orgUnitPath: ctx.fixtures.county.path };
    const batch = [
      { kind: 'distribution' as const, sessionId, ...item(materialId, { quantity: 2 }) },
      { kind: 'distribution' as const, sessionId: cancelledId, ...item(materialId) },
    ];
    const run = (principal: Principal) => ctx.db.db.transaction((tx) => distributionItems.handle({ tx, principal, deviceId: 'phone-2', receivedAt: new Date() }, batch));
    expect((await run(otherTrainer)).map((r) => r.reason)).toEqual(['session_invalid', 'session_invalid']);
    const first = await run(trainerPrincipal);
    expect(first.map((r) => [r.result, r.reason])).toEqual([
      ['created', undefined],
      ['rejected', 'session_cancelled'],
    ]);
    const second = await run(trainerPrincipal);
    expect(second.map((r) => [r.result, r.reason])).toEqual([
      ['duplicate', undefined],
      ['rejected', 'session_cancelled'],
    ]);
    const [row] = await ctx.db.db.select().from(schema.materialDistributions).where(eq(schema.materialDistributions.id, batch[0]!.id));
    expect(row).toMatchObject({ deviceId: 'phone-2', quantity: 2, beyondStock: 2, townshipId: ctx.fixtures.hepo.id });
    expect(distributionItems).toMatchObject({ kind: 'distribution', roles: ['trainer', 'admin'] });
  });
});

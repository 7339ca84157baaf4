import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@fieldschool/db';
import type { QualityItem } from '@fieldschool/contracts';
import { useTestApp, type Session } from './test-app.ts';
import { seedReports, type ReportFixtures } from './report-fixtures.ts';

const ctx = useTestApp('report-quality');
let data: ReportFixtures;
const as: Record<string, Session> = {};
let idleVillageId: string;

beforeAll(async () => {
  data = await seedReports(ctx.db.db, ctx.fixtures);
  // A village nobody has trained in, and one more farmer at 阿察村's session than 阿察村 has.
  idleVillageId = randomUUID();
  await ctx.db.db.insert(schema.orgUnits).values({ id: idleVillageId, parentId: ctx.fixtures.acha.id, level: 'village', name: '八吉村', code: 'baji', path: `${ctx.fixtures.acha.path}${idleVillageId}/` });
  await ctx.db.db.insert(schema.attendances).values({
    id: randomUUID(), sessionId: data.sessions.achaMay.id, farmerId: data.farmers.dorje.id, status: 'present', method: 'roster', deviceId: 'x', recordedBy: data.trainers.trainer.id, checkedInAt: data.sessions.achaMay.endsAt, createdAt: data.sessions.achaMay.endsAt,
  });
  for (const username of ['admin', 'hepo-admin', 'report-trainer']) as[username] = await ctx.signIn(username);
});

async function allFindings(username: string, query = '') {
  const items: QualityItem[] = [];
  let cursor: string | null = null;
  let counts: Record<string, number>;
  do {
    const response: Awaited<ReturnType<typeof ctx.app.inject>> = await ctx.app.inject({ method: 'GET', url: `/api/v1/reports/quality?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`, headers: as[username]!.headers });
    expect(response.statusCode, response.body).toBe(200);
    const page: { items: QualityItem[]; counts: Record<string, number>; nextCursor: string | null } = response.json();
    items.push(...page.items);
    counts = page.counts;
    cursor = page.nextCursor;
  } while (cursor);
  return { items, counts };
}

const keys = (items: QualityItem[]) => items.map((item) => `${item.rule}:${item.entityId}`);

describe('data-quality rules', () => {
  it('finds every rule’s cases across pages, each once, with where to fix it', async () => {
    const { items, counts } = await allFindings('admin');
    const s = data.sessions;
    expect(keys(items)).toEqual([
      `no_attendance:${s.achaEmpty.id}`,
      `over_capacity:${s.mamenApril.id}`,
      `over_population:${s.achaMay.id}`,
      ...[data.farmers.yangzom.id, data.farmers.yangzom2.id].sort().map((id) => `duplicate_farmer:${id}`),
      `no_materials:${s.mamenApril.id}`,
      `no_materials:${s.achaEmpty.id}`,
      `village_idle:${idleVillageId}`,
      `late_record:${s.achaMay.id}`,
    ]);
    expect(counts).toEqual({ no_attendance: 1, over_capacity: 1, over_population: 1, duplicate_farmer: 2, no_materials: 2, village_idle: 1, late_record: 1 });
    expect(items.find((item) => item.rule === 'over_capacity')).toMatchObject({ value: 3, limit: 2, link: `/schedule/sessions/${s.mamenApril.id}` });
    expect(items.find((item) => item.rule === 'over_population')).toMatchObject({ value: 4, limit: 3 });
    expect(items.find((item) => item.rule === 'duplicate_farmer')).toMatchObject({ label: '央宗 · 根呷村', value: 1, link: expect.stringMatching(/^\/farmers\//) });
    expect(items.find((item) => item.rule === 'late_record')).toMatchObject({ value: 1, limit: 7 });
  });

  it('keeps to the scope and filters by rule', async () => {
    const hepo = await allFindings('hepo-admin');
    expect(hepo.counts).toEqual({ no_attendance: 0, over_capacity: 1, over_population: 0, duplicate_farmer: 2, no_materials: 1, village_idle: 0, late_record: 0 });
    const trainer = await allFindings('report-trainer');
    expect(Object.keys(trainer.counts)).not.toContain('duplicate_farmer');
    expect(keys(trainer.items)).toEqual([`no_attendance:${data.sessions.achaEmpty.id}`, `over_capacity:${data.sessions.mamenApril.id}`, `no_materials:${data.sessions.mamenApril.id}`, `no_materials:${data.sessions.achaEmpty.id}`]);
    const onlyIdle = await allFindings('admin', '&rule=village_idle');
    expect(keys(onlyIdle.items)).toEqual([`village_idle:${idleVillageId}`]);
    const outside = await ctx.app.inject({ method: 'GET', url: `/api/v1/reports/quality?orgUnitId=${ctx.fixtures.acha.id}`, headers: as['hepo-admin']!.headers });
    expect(outside.json()).toMatchObject({ status: 400, code: 'org_unit_invalid', field: 'orgUnitId' });
    const badCursor = await ctx.app.inject({ method: 'GET', url: '/api/v1/reports/quality?cursor=nope', headers: as.admin!.headers });
    expect(badCursor.json()).toMatchObject({ code: 'validation_failed', field: 'query.cursor' });
  });
});

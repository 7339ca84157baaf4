import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { useTestApp } from './test-app.ts';
import { at, seedScheduling, sessionBody } from './scheduling-fixtures.ts';

const ctx = useTestApp('courses');
let scheduling: Awaited<ReturnType<typeof seedScheduling>>;
let documentId: string;
let deletedDocumentId: string;
beforeAll(async () => {
  scheduling = await seedScheduling(ctx.db.db, ctx.fixtures);
  const [live, deleted] = await ctx.db.db
    .insert(schema.documents)
    .values([
      { title: '四川省城乡居民基本医疗保险办法', docNumber: '川府发〔2024〕12号', topics: ['healthcare'] },
      { title: '已删除的通知', deletedAt: new Date() },
    ])
    .returning();
  documentId = live!.id;
  deletedDocumentId = deleted!.id;
});

const create = (headers: Record<string, string>, payload: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: '/api/v1/courses', headers, payload });
const titles = async (headers: Record<string, string>, query = '') =>
  (await ctx.app.inject({ method: 'GET', url: `/api/v1/courses?limit=200${query}`, headers })).json().items.map((course: { title: string }) => course.title);

describe('courses', () => {
  it('creates a course with objectives and the documents it teaches; the document lists it as linked from', async () => {
    const trainer = await ctx.signIn('trainer');
    const response = await create(trainer.headers, {
      title: '医保报销政策宣讲',
      topic: 'healthcare',
      description: '新农合与城乡居民医保',
      objectives: '会算报销比例；知道异地就医备案',
      documentIds: [documentId],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      title: '医保报销政策宣讲',
      topic: 'healthcare',
      objectives: '会算报销比例；知道异地就医备案',
      orgUnitName: '白玉县',
      documents: [{ id: documentId, title: '四川省城乡居民基本医疗保险办法', docNumber: '川府发〔2024〕12号' }],
      materials: [],
    });
    const document = await ctx.app.inject({ method: 'GET', url: `/api/v1/documents/${documentId}`, headers: trainer.headers });
    expect(document.json().linkedFrom).toContainEqual({ kind: 'course', id: response.json().id, title: '医保报销政策宣讲' });
  });

  it('keeps the grace before a check-in counts as late: 15 minutes unless set, 0 to 240, and a session’s check-ins follow it', async () => {
    const admin = await ctx.signIn('admin');
    const plain = await create(admin.headers, { title: '牦牛冬季补饲', topic: 'agri_tech' });
    expect(plain.json().lateAfterMinutes).toBe(15);
    const strict = await create(admin.headers, { title: '党员冬训', topic: 'party_building', lateAfterMinutes: 0 });
    expect(strict.json().lateAfterMinutes).toBe(0);
    const changed = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/courses/${plain.json().id}`, headers: admin.headers, payload: { lateAfterMinutes: 45 } });
    expect(changed.json().lateAfterMinutes).toBe(45);
    for (const bad of [-1, 241, 2.5, '15']) {
      const refused = await create(admin.headers, { title: '法律进村', topic: 'law', lateAfterMinutes: bad });
      expect(refused.json()).toMatchObject({ status: 400, code: 'validation_failed', field: 'lateAfterMinutes' });
    }
    // A check-in 30 minutes after the start: on time with 45 minutes' grace, late with none.
    const trainer = await ctx.signIn('trainer');
    const statusAt = async (courseId: string, day: string) => {
      const session = await ctx.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: admin.headers, payload: sessionBody(scheduling, ctx.fixtures, { courseId, startsAt: at(`${day}T09:00`), endsAt: at(`${day}T11:00`) }) });
      const sessionId = session.json().sessions[0].id as string;
      const [farmer] = await ctx.db.db.insert(schema.farmers).values({ villageId: ctx.fixtures.genga.id, name: '泽仁', cardToken: `t-${day}` }).returning();
      const item = { id: crypto.randomUUID(), sessionId, farmerId: farmer!.id, status: 'present', method: 'roster', checkedInAt: at(`${day}T09:30`) };
      await ctx.app.inject({ method: 'POST', url: '/api/v1/checkins/sync', headers: trainer.headers, payload: { deviceId: 'p', items: [item] } });
      const [row] = await ctx.db.db.select().from(schema.attendances).where(eq(schema.attendances.sessionId, sessionId));
      return row!.status;
    };
    expect(await statusAt(plain.json().id, '2031-06-03')).toBe('present');
    expect(await statusAt(strict.json().id, '2031-06-04')).toBe('late');
  });

  it('refuses an unknown or deleted document, a bad topic and an empty title, naming the field', async () => {
    const admin = await ctx.signIn('admin');
    for (const [payload, field] of [
      [{ title: '法律进村', topic: 'law', documentIds: [deletedDocumentId] }, 'documentIds'],
      [{ title: '法律进村', topic: 'law', documentIds: ['00000000-0000-4000-8000-000000000000'] }, 'documentIds'],
      [{ title: '法律进村', topic: 'astrology' }, 'topic'],
      [{ title: '', topic: 'law' }, 'title'],
    ] as const) {
      const response = await create(admin.headers, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ field });
    }
    expect(await titles(admin.headers, '&q=法律进村')).toEqual([]);
  });

  it('shows a course in its own area and above it, not in a neighbouring township', async () => {
    const hepoAdmin = await ctx.signIn('hepo-admin');
    expect((await create(hepoAdmin.headers, { title: '河坡乡牦牛养殖', topic: 'agri_tech' })).statusCode).toBe(201);
    const outside = await create(hepoAdmin.headers, { title: '阿察镇课程', topic: 'other', orgUnitId: ctx.fixtures.acha.id });
    expect(outside.json()).toMatchObject({ code: 'org_unit_invalid', field: 'orgUnitId' });
    expect(await titles((await ctx.signIn('admin')).headers)).toContain('河坡乡牦牛养殖');
    expect(await titles((await ctx.signIn('secretary')).headers)).toEqual(expect.arrayContaining(['河坡乡牦牛养殖', '马铃薯规模化种植']));
    expect(await titles((await ctx.signIn('acha-secretary')).headers)).not.toContain('河坡乡牦牛养殖');
    expect(await titles(hepoAdmin.headers, '&topic=agri_tech')).toEqual(expect.arrayContaining(['河坡乡牦牛养殖', '马铃薯规模化种植']));
    expect(await titles(hepoAdmin.headers, '&topic=law')).toEqual([]);
  });

  it('lets a trainer change their own course, not an admin’s, and a secretary none', async () => {
    const trainer = await ctx.signIn('trainer');
    const own = (await create(trainer.headers, { title: '温室大棚蔬菜', topic: 'agri_tech' })).json();
    const edited = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/courses/${own.id}`, headers: trainer.headers, payload: { objectives: '会搭大棚', documentIds: [documentId] } });
    expect(edited.json()).toMatchObject({ objectives: '会搭大棚', documents: [{ id: documentId }] });
    const adminCourse = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/courses/${scheduling.courseId}`, headers: trainer.headers, payload: { title: '改名' } });
    expect(adminCourse.statusCode).toBe(403);
    const secretary = await ctx.signIn('secretary');
    expect((await ctx.app.inject({ method: 'PATCH', url: `/api/v1/courses/${own.id}`, headers: secretary.headers, payload: { title: 'x' } })).statusCode).toBe(403);
  });

  it('deletes a course no session uses, and keeps one that was taught', async () => {
    const admin = await ctx.signIn('admin');
    const unused = (await create(admin.headers, { title: '临时课程', topic: 'other' })).json();
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/courses/${unused.id}`, headers: admin.headers })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/courses/${unused.id}`, headers: admin.headers })).statusCode).toBe(404);
    await ctx.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: admin.headers, payload: sessionBody(scheduling, ctx.fixtures, { startsAt: at('2031-02-03T09:00'), endsAt: at('2031-02-03T10:00') }) });
    const used = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/courses/${scheduling.courseId}`, headers: admin.headers });
    expect(used.statusCode).toBe(409);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/courses/${scheduling.courseId}`, headers: admin.headers })).statusCode).toBe(200);
  });
});

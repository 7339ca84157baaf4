import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { hashPassword } from '../src/services/passwords.ts';
import { PASSWORD, type Fixtures } from './fixtures.ts';

/** A time in Asia/Shanghai: local('2031-03-31T23:30') is 15:30 UTC that day. */
const local = (time: string) => new Date(`${time}:00+08:00`);

type Status = 'present' | 'late' | 'excused' | 'absent';

/**
 * What report tests add to the small county (根呷村 and 马门村 in 河坡乡, 阿察村 in 阿察镇),
 * written straight into the tables as any writer would leave them: farmers with every
 * attribute, sessions held, planned and cancelled, one that crosses midnight into April in
 * Asia/Shanghai (still March's), one that starts just after midnight local time (April, though
 * March in UTC), a farmer who attends in both townships, excused and absent records, records
 * at a cancelled session (never counted), materials, and a check-in recorded weeks late.
 */
export async function seedReports(db: Database, fixtures: Fixtures) {
  const passwordHash = await hashPassword(PASSWORD);
  const [admin] = await db.select().from(schema.users).where(eq(schema.users.username, 'admin'));
  const [trainer] = await db.select().from(schema.users).where(eq(schema.users.username, 'trainer'));
  const [trainerB] = await db
    .insert(schema.users)
    .values({ username: 'report-trainer', displayName: '扎西', passwordHash, role: 'trainer', orgUnitId: fixtures.county.id })
    .returning();
  const [potato, insurance] = await db
    .insert(schema.courses)
    .values([
      { title: '马铃薯规模化种植', topic: 'agri_tech', orgUnitId: fixtures.county.id, createdBy: admin!.id },
      { title: '城乡居民医保政策', topic: 'healthcare', orgUnitId: fixtures.county.id, createdBy: admin!.id },
    ])
    .returning();

  const farmer = (name: string, villageId: string, extra: Partial<typeof schema.farmers.$inferInsert> = {}) => ({
    id: randomUUID(),
    name,
    villageId,
    cardToken: randomBytes(12).toString('base64url'),
    ...extra,
  });
  const f = {
    /** Attends in 根呷村 (河坡乡) and in 阿察村 (阿察镇). */
    traveller: farmer('泽仁拉姆', fixtures.genga.id, { gender: 'female', partyMember: true, householdCategory: 'dibao', birthYear: 1980 }),
    dorje: farmer('多吉', fixtures.genga.id, { gender: 'male', householdCategory: 'wubao', birthYear: 1962 }),
    yangzom: farmer('央宗', fixtures.genga.id, { gender: 'female', birthYear: 1990 }),
    /** Same name, village and birth year as yangzom: a possible duplicate. */
    yangzom2: farmer('央宗', fixtures.genga.id, { gender: 'female', birthYear: 1990 }),
    tashi: farmer('扎西', fixtures.mamen.id, { gender: 'male', partyMember: true, birthYear: 1975 }),
    pema: farmer('白玛', fixtures.mamen.id, { gender: 'female', householdCategory: 'monitored', birthYear: 1985 }),
    lobsang: farmer('洛桑', fixtures.achaVillage.id, { gender: 'male', birthYear: 1970 }),
    drolma: farmer('卓玛', fixtures.achaVillage.id, { gender: 'female', partyMember: true, birthYear: 1995 }),
    /** Never attends anything. */
    never: farmer('次仁', fixtures.achaVillage.id, { gender: 'male', birthYear: 2000 }),
  };
  await db.insert(schema.farmers).values(Object.values(f));

  const session = (courseId: string, villageId: string, startsAt: string, endsAt: string, status: 'scheduled' | 'completed' | 'cancelled', capacity = 30) => ({
    id: randomUUID(),
    courseId,
    villageId,
    venue: '村活动室',
    startsAt: local(startsAt),
    endsAt: local(endsAt),
    capacity,
    status,
    checkinSecret: randomBytes(16).toString('hex'),
    createdBy: admin!.id,
  });
  const s = {
    gengaMarch: session(potato!.id, fixtures.genga.id, '2031-03-04T09:00', '2031-03-04T11:00', 'completed'),
    /** Crosses midnight: starts on 31 March local time, ends on 1 April. */
    gengaMidnight: session(insurance!.id, fixtures.genga.id, '2031-03-31T22:30', '2031-04-01T00:30', 'completed'),
    /** Starts at 00:30 on 1 April local time, which is still 31 March in UTC. */
    mamenApril: session(potato!.id, fixtures.mamen.id, '2031-04-01T00:30', '2031-04-01T03:00', 'completed', 2),
    achaMay: session(insurance!.id, fixtures.achaVillage.id, '2031-05-10T14:00', '2031-05-10T16:30', 'completed'),
    /** Held, but nobody was recorded. */
    achaEmpty: session(potato!.id, fixtures.achaVillage.id, '2031-05-20T09:00', '2031-05-20T10:00', 'completed'),
    cancelled: session(potato!.id, fixtures.mamen.id, '2031-04-15T09:00', '2031-04-15T11:00', 'cancelled'),
    planned: session(insurance!.id, fixtures.genga.id, '2031-06-01T09:00', '2031-06-01T11:00', 'scheduled'),
  };
  await db.insert(schema.trainingSessions).values(Object.values(s));
  await db.insert(schema.sessionTrainers).values([
    { sessionId: s.gengaMarch.id, trainerId: trainer!.id },
    { sessionId: s.gengaMarch.id, trainerId: trainerB!.id },
    { sessionId: s.gengaMidnight.id, trainerId: trainer!.id },
    { sessionId: s.mamenApril.id, trainerId: trainerB!.id },
    { sessionId: s.achaMay.id, trainerId: trainer!.id },
    { sessionId: s.achaEmpty.id, trainerId: trainerB!.id },
    { sessionId: s.cancelled.id, trainerId: trainer!.id },
    { sessionId: s.planned.id, trainerId: trainer!.id },
  ]);
  // 马门村's session also invites 根呷村.
  await db.insert(schema.sessionTargetVillages).values([
    { sessionId: s.mamenApril.id, villageId: fixtures.mamen.id },
    { sessionId: s.mamenApril.id, villageId: fixtures.genga.id },
  ]);

  const attend = (sessionRow: { id: string; endsAt: Date }, farmerRow: { id: string }, status: Status, createdAt?: Date) => ({
    id: randomUUID(),
    sessionId: sessionRow.id,
    farmerId: farmerRow.id,
    status,
    method: 'roster' as const,
    deviceId: 'report-fixture',
    recordedBy: trainer!.id,
    checkedInAt: sessionRow.endsAt,
    createdAt: createdAt ?? sessionRow.endsAt,
  });
  await db.insert(schema.attendances).values([
    attend(s.gengaMarch, f.traveller, 'present'),
    attend(s.gengaMarch, f.dorje, 'late'),
    attend(s.gengaMarch, f.yangzom, 'excused'),
    attend(s.gengaMarch, f.tashi, 'present'),
    attend(s.gengaMidnight, f.traveller, 'present'),
    attend(s.gengaMidnight, f.yangzom, 'present'),
    attend(s.gengaMidnight, f.dorje, 'absent'),
    // Three present against a capacity of two.
    attend(s.mamenApril, f.tashi, 'present'),
    attend(s.mamenApril, f.pema, 'late'),
    attend(s.mamenApril, f.dorje, 'present'),
    attend(s.achaMay, f.traveller, 'present'),
    attend(s.achaMay, f.lobsang, 'present'),
    // Recorded three weeks after the session.
    attend(s.achaMay, f.drolma, 'late', local('2031-06-01T10:00')),
    attend(s.cancelled, f.tashi, 'present'),
    attend(s.cancelled, f.pema, 'present'),
  ]);

  const [leaflet, booklet] = await db
    .insert(schema.materials)
    .values([
      { title: '马铃薯种植技术手册', topic: 'agri_tech', orgUnitId: fixtures.county.id },
      { title: '医保政策明白卡', topic: 'healthcare', orgUnitId: fixtures.county.id },
    ])
    .returning();
  const give = (sessionRow: { id: string; endsAt: Date }, materialId: string, quantity: number, farmerRow?: { id: string }) => ({
    id: randomUUID(),
    sessionId: sessionRow.id,
    materialId,
    farmerId: farmerRow?.id ?? null,
    quantity,
    recordedBy: trainer!.id,
    distributedAt: sessionRow.endsAt,
    // The store is the township of the session's village.
    townshipId: sql<string>`(SELECT v.parent_id FROM training_sessions s JOIN org_units v ON v.id = s.village_id WHERE s.id = ${sessionRow.id})`,
    deviceId: 'report-fixture',
  });
  await db.insert(schema.materialDistributions).values([
    give(s.gengaMarch, leaflet!.id, 1, f.traveller),
    give(s.gengaMarch, leaflet!.id, 1, f.dorje),
    give(s.gengaMidnight, booklet!.id, 12),
    give(s.achaMay, booklet!.id, 5, f.traveller),
    give(s.cancelled, leaflet!.id, 3),
  ]);
  return { farmers: f, sessions: s, courses: { potato: potato!, insurance: insurance! }, trainers: { trainer: trainer!, trainerB: trainerB! }, materials: { leaflet: leaflet!, booklet: booklet! } };
}
export type ReportFixtures = Awaited<ReturnType<typeof seedReports>>;

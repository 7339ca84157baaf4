import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { hashPassword } from '../src/services/passwords.ts';
import { PASSWORD, type Fixtures } from './fixtures.ts';
import type { Session } from './test-app.ts';

/**
 * What scheduling tests add to the small county: where its villages are (根呷村 and
 * 马门村 a few km apart in 河坡乡, 阿察村 about 60 km away), more trainers, and a course.
 */
export async function seedScheduling(db: Database, fixtures: Fixtures) {
  await db.insert(schema.villageLocations).values([
    { villageId: fixtures.genga.id, lat: 31.0, lon: 98.8 },
    { villageId: fixtures.mamen.id, lat: 31.03, lon: 98.82 },
    { villageId: fixtures.achaVillage.id, lat: 31.45, lon: 99.25 },
  ]);
  const passwordHash = await hashPassword(PASSWORD);
  const user = (username: string, orgUnitId: string) => ({ id: randomUUID(), username, displayName: username, passwordHash, role: 'trainer' as const, orgUnitId });
  const trainers = {
    county: user('trainer2', fixtures.county.id),
    /** Works in 河坡乡 only. */
    hepo: user('hepo-trainer', fixtures.hepo.id),
  };
  await db.insert(schema.users).values(Object.values(trainers));
  const [trainer] = await db.select().from(schema.users).where(eqUsername('trainer'));
  const [admin] = await db.select().from(schema.users).where(eqUsername('admin'));
  const [course] = await db
    .insert(schema.courses)
    .values({ title: '马铃薯规模化种植', topic: 'agri_tech', orgUnitId: fixtures.county.id, createdBy: admin!.id })
    .returning();
  return { trainerId: trainer!.id, adminId: admin!.id, trainer2Id: trainers.county.id, hepoTrainerId: trainers.hepo.id, courseId: course!.id };
}

const eqUsername = (username: string) => eq(schema.users.username, username);

/** A time in Asia/Shanghai as UTC ISO: at('2031-03-04T09:00') → '2031-03-04T01:00:00.000Z'. */
export const at = (local: string) => new Date(`${local}:00+08:00`).toISOString();

export function sessionBody(scheduling: Awaited<ReturnType<typeof seedScheduling>>, fixtures: Fixtures, overrides: Record<string, unknown> = {}) {
  return {
    courseId: scheduling.courseId,
    villageId: fixtures.genga.id,
    venue: '村活动室',
    trainerIds: [scheduling.trainerId],
    capacity: 40,
    startsAt: at('2031-03-04T09:00'),
    endsAt: at('2031-03-04T11:00'),
    ...overrides,
  };
}

export type Headers = Session['headers'];

import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { localDate } from '../src/services/secretaries/calendar.ts';
import type { Principal } from '../src/services/principal.ts';
import type { Fixtures } from './fixtures.ts';

/** The local date `daysAgo` days before today (Asia/Shanghai). */
export const daysAgo = (days: number, from = new Date()) => localDate(new Date(from.getTime() - days * 86_400_000));

/** A signed-in user as services see them, read from the fixtures' users. */
export async function principalOf(db: Database, username: string): Promise<Principal> {
  const [row] = await db
    .select({ id: schema.users.id, username: schema.users.username, role: schema.users.role, orgUnitId: schema.users.orgUnitId, orgUnitPath: schema.orgUnits.path })
    .from(schema.users)
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.users.orgUnitId))
    .where(eq(schema.users.username, username));
  return row!;
}

/** A course and a session held in 根呷村 (and one in 阿察村), for entries that link a session. */
export async function seedSecretarySessions(db: Database, fixtures: Fixtures) {
  const [course] = await db.insert(schema.courses).values({ title: '牦牛养殖', topic: 'agri_tech', orgUnitId: fixtures.county.id }).returning();
  const session = (villageId: string) => ({
    courseId: course!.id,
    villageId,
    startsAt: new Date(Date.now() - 86_400_000),
    endsAt: new Date(Date.now() - 86_400_000 + 7_200_000),
    capacity: 40,
    status: 'completed' as const,
    checkinSecret: randomUUID(),
  });
  const [genga, acha] = await db.insert(schema.trainingSessions).values([session(fixtures.genga.id), session(fixtures.achaVillage.id)]).returning();
  return { gengaSessionId: genga!.id, achaSessionId: acha!.id };
}

import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { App } from '../src/app.ts';
import type { Fixtures } from './fixtures.ts';
import { sessionBody, seedScheduling } from './scheduling-fixtures.ts';
import type { Session } from './test-app.ts';

/** The rows one side of the line owns: everything a path can name, in one village. */
export interface AreaRows {
  orgUnit: string;
  village: string;
  user: string;
  farmer: string;
  householdNo: string;
  course: string;
  session: string;
  matter: string;
  material: string;
  secretary: string;
}

/** Marks every row made outside the caller's area, so a leak shows in any list, export or report. */
export const OUTSIDE_MARK = '阿察界外';

/**
 * The same set of rows in 根呷村 (inside 河坡乡, the township admin's area, and the
 * secretary's own village) and in 阿察村 (outside both), made by the county admin.
 */
export async function seedAreaRows(app: App, db: Database, fixtures: Fixtures, admin: Session): Promise<{ inside: AreaRows; outside: AreaRows }> {
  const scheduling = await seedScheduling(db, fixtures);
  const idOf = async (username: string) => (await db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.username, username)))[0]!.id;
  const post = async (url: string, payload: object) => {
    const response = await app.inject({ method: 'POST', url, headers: admin.headers, payload });
    if (response.statusCode !== 201) throw new Error(`POST ${url}: ${response.statusCode} ${response.body}`);
    const saved = response.json();
    // Scheduling answers with the sessions it saved (one here).
    return (saved.sessions?.[0]?.id ?? saved.id) as string;
  };
  const side = async (village: { id: string }, township: { id: string }, secretaryName: string, mark: string, day: string): Promise<AreaRows> => {
    const [course] = await db.insert(schema.courses).values({ title: `${mark}课程`, topic: 'law', orgUnitId: township.id }).returning();
    const [material] = await db.insert(schema.materials).values({ title: `${mark}资料`, topic: 'law', orgUnitId: township.id }).returning();
    const secretary = await idOf(secretaryName);
    return {
      orgUnit: village.id,
      village: village.id,
      user: secretary,
      secretary,
      farmer: await post('/api/v1/farmers', { villageId: village.id, name: `${mark}农户`, householdNo: '01' }),
      householdNo: '01',
      course: course!.id,
      material: material!.id,
      session: await post('/api/v1/sessions', sessionBody(scheduling, fixtures, { villageId: village.id, venue: `${mark}活动室`, startsAt: `${day}T01:00:00.000Z`, endsAt: `${day}T03:00:00.000Z` })),
      matter: await post('/api/v1/matters', { villageId: village.id, title: `${mark}实事`, category: 'road' }),
    };
  };
  return {
    inside: await side(fixtures.genga, fixtures.hepo, 'secretary', '根呷', '2031-03-04'),
    outside: await side(fixtures.achaVillage, fixtures.acha, 'acha-secretary', OUTSIDE_MARK, '2031-03-05'),
  };
}

/** For resources no area owns (the county's library, synonyms): a row that does not exist. */
export const NO_ROW = randomUUID();

import { randomBytes } from 'node:crypto';
import { aliasedTable, eq, inArray } from 'drizzle-orm';
import { demoCourses, demoMaterials, demoSchedulePlan, demoTrainers, schema, type Database } from '@fieldschool/db';
import { createCourse } from './services/courses.ts';
import { createMaterial } from './services/materials/catalogue.ts';
import { ScheduleConflictError } from './services/conflicts.ts';
import { createSessions } from './services/sessions.ts';
import { createUser, findUserWithUnit } from './services/users.ts';
import { toPrincipal, type Principal } from './services/principal.ts';
import type { Actor } from './services/audit.ts';

/** Days a planned session moves on when its slot is taken, before it is dropped. */
const TRIES = 10;
const DAY_MS = 86_400_000;

/**
 * The demo county's year of training, made by the same services as the api: trainers,
 * courses linked to the sample library, and about 215 sessions, held ones recorded as
 * completed by the county admin. A slot the conflict rules refuse moves a day on.
 */
export async function seedDemoSchedule(db: Database, adminUsername: string, featuredVillageNames: readonly string[], now = new Date()): Promise<number> {
  const [admin] = await db.select().from(schema.users).where(eq(schema.users.username, adminUsername));
  const withUnit = admin && (await findUserWithUnit(db, admin.id));
  if (!withUnit) throw new Error(`seed: no user ${adminUsername}`);
  const principal = toPrincipal(withUnit.user, withUnit.orgUnitPath);
  const actor = { userId: principal.id };

  const trainerIds = new Map<string, string>([['trainer', (await db.select().from(schema.users).where(eq(schema.users.username, 'trainer')))[0]!.id]]);
  for (const trainer of demoTrainers) {
    // Demo colleagues to plan with, not accounts to sign in with: their passwords are thrown away.
    const user = await createUser(db, principal, actor, { username: trainer.username, displayName: trainer.displayName, password: randomBytes(18).toString('base64url'), role: 'trainer', orgUnitId: principal.orgUnitId });
    trainerIds.set(trainer.username, user.id);
  }

  const documents = await db.select({ id: schema.documents.id, topics: schema.documents.topics }).from(schema.documents).orderBy(schema.documents.issuedOn);
  const courseIds = new Map<string, string>();
  for (const course of demoCourses) {
    const documentIds = documents.filter((d) => d.topics.includes(course.topic)).slice(-2).map((d) => d.id);
    const created = await createCourse(db, principal, actor, { title: course.title, topic: course.topic, objectives: course.objectives, documentIds });
    courseIds.set(course.key, created.id);
  }
  await seedDemoMaterials(db, principal, actor, courseIds, documents);

  const township = aliasedTable(schema.orgUnits, 'township');
  const villages = await db
    .select({ id: schema.orgUnits.id, name: schema.orgUnits.name, townshipId: township.id })
    .from(schema.orgUnits)
    .innerJoin(township, eq(township.id, schema.orgUnits.parentId))
    .where(eq(schema.orgUnits.level, 'village'))
    .orderBy(schema.orgUnits.code);
  const featured = (await db.select({ id: schema.orgUnits.id }).from(schema.orgUnits).where(inArray(schema.orgUnits.name, [...featuredVillageNames]))).map((v) => v.id);

  let made = 0;
  for (const planned of demoSchedulePlan(villages, featured, now)) {
    for (let shift = 0; shift < TRIES; shift++) {
      const startsAt = new Date(planned.startsAt.getTime() + shift * DAY_MS);
      const endsAt = new Date(planned.endsAt.getTime() + shift * DAY_MS);
      const lastEnd = new Date(endsAt.getTime() + ((planned.weeks ?? 1) - 1) * 7 * DAY_MS);
      // A series is held or still to come as a whole: none straddles today.
      if (startsAt < now && lastEnd > now) continue;
      try {
        const saved = await createSessions(
          db,
          principal,
          actor,
          {
            courseId: courseIds.get(planned.course)!,
            villageId: planned.villageId,
            venue: planned.venue,
            trainerIds: [trainerIds.get(planned.trainer)!],
            capacity: planned.capacity,
            targetVillageIds: planned.targetVillageIds,
            startsAt: startsAt.toISOString(),
            endsAt: endsAt.toISOString(),
            ...(planned.weeks ? { recurrence: { freq: 'weekly' as const, count: planned.weeks } } : {}),
            status: lastEnd <= now ? 'completed' : 'scheduled',
          },
          now,
        );
        made += saved.sessions.length;
        break;
      } catch (error) {
        if (!(error instanceof ScheduleConflictError)) throw error;
      }
    }
  }
  return made;
}

/** The printed materials' catalogue, each linked to its courses and to a library document of its topic, stocked in every township. */
async function seedDemoMaterials(db: Database, principal: Principal, actor: Actor, courseIds: Map<string, string>, documents: { id: string; topics: string[] }[]): Promise<void> {
  const townships = await db.select({ id: schema.orgUnits.id }).from(schema.orgUnits).where(eq(schema.orgUnits.level, 'township'));
  for (const material of demoMaterials) {
    await createMaterial(db, principal, actor, {
      title: material.title,
      topic: material.topic,
      format: material.format,
      documentId: documents.findLast((d) => d.topics.includes(material.topic))?.id ?? null,
      stock: townships.map((township) => ({ townshipId: township.id, quantity: material.stockPerTownship })),
      courseIds: material.courses.map((key) => courseIds.get(key)!),
    });
  }
}

import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { OfflineSession } from '@fieldschool/contracts';
import { getSession } from '../sessions.ts';
import { inArea, type Principal } from '../principal.ts';

const f = schema.farmers;
const DAY_MS = 86_400_000;

/**
 * Who may show a session's rotating self check-in code: its own trainers, and the admins
 * of the area it is held in. Anyone else who may see the session gets its bundle without it.
 */
export function mayShowCheckinCode(principal: Principal, trainerIds: readonly string[], villagePath: string): boolean {
  if (principal.role === 'admin') return inArea(principal.orgUnitPath, villagePath);
  return principal.role === 'trainer' && trainerIds.includes(principal.id);
}

/**
 * Everything check-in needs with no network, and no more: the session, its invited villages,
 * the roster of those villages (farmers not merged away; name, pinyin, last 4 ID digits,
 * household and card token only), the course's materials, who is checked in already, and
 * when the phone should drop it (`offlineDays` after now).
 */
export async function offlineSession(db: Database, principal: Principal, sessionId: string, offlineDays: number, now = new Date()): Promise<OfflineSession> {
  // 404 when the session is outside what the caller may see.
  const session = await getSession(db, principal, sessionId);
  const [row] = await db
    .select({ secret: schema.trainingSessions.checkinSecret, lateAfterMinutes: schema.courses.lateAfterMinutes, villagePath: schema.orgUnits.path })
    .from(schema.trainingSessions)
    .innerJoin(schema.courses, eq(schema.courses.id, schema.trainingSessions.courseId))
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.trainingSessions.villageId))
    .where(eq(schema.trainingSessions.id, sessionId));
  const villages = [{ id: session.villageId, name: session.villageName }, ...session.targetVillages.filter((v) => v.id !== session.villageId)];
  const [roster, materials, checkedIn] = await Promise.all([
    db
      .select({
        id: f.id,
        name: f.name,
        namePinyinInitials: f.namePinyinInitials,
        namePinyin: f.namePinyin,
        idNumberLast4: f.idNumberLast4,
        villageId: f.villageId,
        householdNo: f.householdNo,
        cardToken: f.cardToken,
      })
      .from(f)
      .where(and(inArray(f.villageId, villages.map((v) => v.id)), isNull(f.mergedIntoId)))
      .orderBy(asc(f.namePinyin), asc(f.id)),
    db
      .select({ id: schema.materials.id, title: schema.materials.title })
      .from(schema.courseMaterials)
      .innerJoin(schema.materials, eq(schema.materials.id, schema.courseMaterials.materialId))
      .where(eq(schema.courseMaterials.courseId, session.courseId))
      .orderBy(asc(schema.materials.title)),
    db
      .select({ farmerId: schema.attendances.farmerId, status: schema.attendances.status, checkedInAt: schema.attendances.checkedInAt })
      .from(schema.attendances)
      .where(and(eq(schema.attendances.sessionId, sessionId), ne(schema.attendances.status, 'absent'))),
  ]);
  const showCode = mayShowCheckinCode(principal, session.trainers.map((t) => t.id), row!.villagePath);
  return {
    session: {
      id: session.id,
      courseId: session.courseId,
      courseTitle: session.courseTitle,
      topic: session.topic,
      villageId: session.villageId,
      villageName: session.villageName,
      venue: session.venue,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      status: session.status,
      capacity: session.capacity,
      lateAfterMinutes: row!.lateAfterMinutes,
    },
    villages,
    roster,
    materials,
    // Empty for whoever may not show the code: the contract keeps the field a string.
    checkinSecret: showCode ? row!.secret : '',
    checkedIn: checkedIn.map((a) => ({ farmerId: a.farmerId, status: a.status, checkedInAt: a.checkedInAt.toISOString() })),
    generatedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + offlineDays * DAY_MS).toISOString(),
  };
}

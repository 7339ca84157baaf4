import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { TrainerList, TrainerQuery } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';
import { inArea, inAreaSql, type Principal } from './principal.ts';

/** A county has a few dozen planners; one answer holds them all. */
const MAX_TRAINERS = 500;

/**
 * The trainers a planner can put on a session: active trainers and admins who work inside
 * the planner's area, or whose own area holds the planner's (a county trainer teaches in
 * every township). With `villageId`, only those whose area holds that village, the rule
 * a saved session is checked against.
 */
export async function listTrainers(db: Database, principal: Principal, query: TrainerQuery): Promise<TrainerList> {
  const conditions = [
    eq(schema.users.active, true),
    inArray(schema.users.role, ['trainer', 'admin']),
    or(inAreaSql(principal.orgUnitPath, schema.orgUnits.path), inAreaSql(schema.orgUnits.path, principal.orgUnitPath))!,
  ];
  if (query.villageId) {
    const [village] = await db.select({ path: schema.orgUnits.path, level: schema.orgUnits.level }).from(schema.orgUnits).where(eq(schema.orgUnits.id, query.villageId));
    if (!village || village.level !== 'village' || !inArea(principal.orgUnitPath, village.path)) {
      throw new AppError('org_unit_invalid', 'No such village in your area', { field: 'villageId' });
    }
    conditions.push(inAreaSql(schema.orgUnits.path, village.path));
  }
  const rows = await db
    .select({ id: schema.users.id, displayName: schema.users.displayName, orgUnitId: schema.users.orgUnitId, orgUnitName: schema.orgUnits.name })
    .from(schema.users)
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.users.orgUnitId))
    .where(and(...conditions))
    .orderBy(asc(schema.users.displayName), asc(schema.users.id))
    .limit(MAX_TRAINERS);
  return { items: rows };
}

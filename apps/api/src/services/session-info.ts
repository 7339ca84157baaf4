import { inArray } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { SessionInfo } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';
import { idsOnPath } from './org-units.ts';
import { findUserWithUnit, toUserDto } from './users.ts';

/** What the web app learns about a session: the user, their CSRF token and the names of their units, county first. */
export async function describeSession(db: Database, userId: string, csrfToken: string): Promise<SessionInfo> {
  const row = await findUserWithUnit(db, userId);
  if (!row) throw new AppError('unauthenticated', 'Sign in first');
  const ids = idsOnPath(row.orgUnitPath);
  const units = await db.select().from(schema.orgUnits).where(inArray(schema.orgUnits.id, ids));
  const names = ids.map((id) => units.find((unit) => unit.id === id)?.name ?? '');
  return { user: toUserDto(row.user, row.orgUnitName), csrfToken, orgUnitPath: names };
}

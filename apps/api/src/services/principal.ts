import { sql, type Column, type Placeholder, type SQL } from 'drizzle-orm';
import type { Role } from '@fieldschool/contracts';

/** The signed-in user as every service sees them. */
export interface Principal {
  id: string;
  username: string;
  role: Role;
  orgUnitId: string;
  /** Materialised path of the user's org unit ("/county/township/"): their scope. */
  orgUnitPath: string;
}

export function toPrincipal(user: Pick<Principal, 'id' | 'username' | 'role'> & { orgUnitId: string }, orgUnitPath: string): Principal {
  return { id: user.id, username: user.username, role: user.role, orgUnitId: user.orgUnitId, orgUnitPath };
}

/*
 * The area-scope rule, written once: an org unit, and what belongs to it, lies inside an
 * area when its path starts with the area's path ("/county/township/" holds
 * "/county/township/village/"). A user's area is their own unit (principal.orgUnitPath).
 * inArea checks a row already read; inAreaSql is the same rule as a WHERE condition.
 */

/** The unit at `orgUnitPath` lies inside the area at `areaPath`. */
export function inArea(areaPath: string, orgUnitPath: string): boolean {
  return orgUnitPath.startsWith(areaPath);
}

/**
 * SQL: the unit whose path is in `pathColumn` lies inside the area. `areaPath` may be a
 * prepared statement's placeholder, or a column when the area is the row's (its
 * ancestors' test). starts_with needs no LIKE escaping, and PostgreSQL serves it from the
 * text_pattern_ops path index as it does a LIKE prefix.
 */
export function inAreaSql(areaPath: string | Placeholder | Column | SQL, pathColumn: Column | SQL | string): SQL {
  return sql`starts_with(${pathColumn}, ${areaPath})`;
}

/**
 * SQL: a catalogue entry kept by the unit at `pathColumn` (a course, a printed material) is
 * used along its chain: in its own area and by every unit above it (a county course serves
 * every township; a township's course is seen by the county).
 */
export function alongChainSql(principal: Principal, pathColumn: Column): SQL {
  return sql`(${inAreaSql(principal.orgUnitPath, pathColumn)} OR ${inAreaSql(pathColumn, principal.orgUnitPath)})`;
}

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

/** A user sees an org unit, and what belongs to it, when it lies inside their own unit. */
export function inScope(principal: Principal, orgUnitPath: string): boolean {
  return orgUnitPath.startsWith(principal.orgUnitPath);
}

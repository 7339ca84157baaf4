import { useFarmersStore } from './farmers.ts';
import { useOrgUnitsStore } from './org-units.ts';
import { useSessionStore } from './session.ts';
import { useUsersStore } from './users.ts';

/** Forget everything the previous user loaded, so the next sign-in starts clean. */
export function resetStores(): void {
  useSessionStore().$reset();
  useOrgUnitsStore().$reset();
  useFarmersStore().$reset();
  useUsersStore().$reset();
}

import { inArea, type Principal } from './principal.ts';

/*
 * Who keeps a village's records: admins whose area holds the village, and the village's own
 * secretary; a trainer never, and a secretary of another village never. They alone see what
 * the village keeps about its people beyond the roster (a farmer's party membership and
 * household category, the household records) and write its practical matters. Written once:
 * farmers, household records and matters all ask here.
 */
export function keepsVillageRecords(principal: Principal, village: { id: string; path: string }): boolean {
  if (principal.role === 'admin') return inArea(principal.orgUnitPath, village.path);
  if (principal.role === 'secretary') return principal.orgUnitId === village.id;
  return false;
}

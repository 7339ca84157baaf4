import { inArea, type Principal } from './principal.ts';

/*
 * Who may see what a village keeps about its people beyond the roster: a farmer's party
 * membership and household category (低保, 五保, 监测户), and the household records (民情).
 * Admins whose area holds the village, and the village's own secretary; a trainer never,
 * and a secretary of another village never. Written once: farmers and household records
 * both ask here.
 */
export function seesVillageConfidential(principal: Principal, village: { id: string; path: string }): boolean {
  if (principal.role === 'admin') return inArea(principal.orgUnitPath, village.path);
  if (principal.role === 'secretary') return principal.orgUnitId === village.id;
  return false;
}

// The navigation, in one list: a new feature adds a route, one entry here and its icon in
// nav-icons.ts (the type checker asks for it). The router reads the roles from here, so the
// icons, which only the menu and the dashboard draw, stay out of the first bundle.
import type { Role } from '@fieldschool/contracts';

export interface NavItem {
  /** Route name, also the menu key. */
  name: string;
  labelKey: string;
  /** One line for the dashboard's quick links; items without one are not listed there. */
  hintKey?: string;
  roles: readonly Role[];
  /** Roles for whom this entry leads the menu (secretaries mostly come for the policy library). */
  firstFor?: readonly Role[];
}

const everyone = ['admin', 'trainer', 'secretary'] as const satisfies readonly Role[];

/** Keeps the entries' names as a union (NavName), so each must have its icon. */
function entries<const Name extends string>(items: ReadonlyArray<NavItem & { name: Name }>) {
  return items;
}

export const navItems = entries([
  { name: 'dashboard', labelKey: 'nav.dashboard', roles: everyone },
  { name: 'library', labelKey: 'nav.library', hintKey: 'dashboard.libraryHint', roles: everyone, firstFor: ['secretary'] },
  { name: 'farmers', labelKey: 'nav.farmers', hintKey: 'dashboard.farmersHint', roles: everyone },
  { name: 'schedule', labelKey: 'nav.schedule', hintKey: 'dashboard.scheduleHint', roles: everyone },
  { name: 'schedule-travel-times', labelKey: 'nav.travelTimes', hintKey: 'dashboard.travelTimesHint', roles: ['admin'] },
  { name: 'reports', labelKey: 'nav.reports', hintKey: 'dashboard.reportsHint', roles: everyone },
  { name: 'courses', labelKey: 'nav.courses', hintKey: 'dashboard.coursesHint', roles: ['admin', 'trainer'] },
  { name: 'materials', labelKey: 'nav.materials', hintKey: 'dashboard.materialsHint', roles: ['admin'] },
  { name: 'rosters', labelKey: 'nav.rosters', hintKey: 'dashboard.rostersHint', roles: ['admin', 'secretary'] },
  { name: 'org-units', labelKey: 'nav.orgUnits', hintKey: 'dashboard.orgUnitsHint', roles: ['admin'] },
  { name: 'library-manage', labelKey: 'nav.libraryManage', hintKey: 'dashboard.libraryManageHint', roles: ['admin'] },
  { name: 'users', labelKey: 'nav.users', hintKey: 'dashboard.usersHint', roles: ['admin'] },
  // First secretaries (issue 11).
  { name: 'secretary-work', labelKey: 'nav.secretaryWork', hintKey: 'dashboard.secretaryWorkHint', roles: ['secretary'] },
  { name: 'households', labelKey: 'nav.households', hintKey: 'dashboard.householdsHint', roles: ['admin', 'secretary'] },
  { name: 'matters', labelKey: 'nav.matters', hintKey: 'dashboard.mattersHint', roles: ['admin', 'secretary'] },
  { name: 'secretary-profile', labelKey: 'nav.secretaryProfile', hintKey: 'dashboard.secretaryProfileHint', roles: ['secretary'] },
  { name: 'supervision', labelKey: 'nav.supervision', hintKey: 'dashboard.supervisionHint', roles: ['admin'] },
  { name: 'account', labelKey: 'nav.account', hintKey: 'dashboard.accountHint', roles: everyone },
]);

export type NavName = (typeof navItems)[number]['name'];

export function navFor(role: Role | null): Array<(typeof navItems)[number]> {
  if (!role) return [];
  const mine = navItems.filter((item) => item.roles.includes(role));
  const leads = (item: NavItem) => (item.firstFor?.includes(role) ? 0 : 1);
  // Array.prototype.sort is stable: the rest keep their order.
  return [...mine].sort((a, b) => leads(a) - leads(b));
}

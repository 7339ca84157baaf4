// The navigation, in one list: a new feature adds a route and one entry here.
import type { Role } from '@fieldschool/contracts';
import { BusinessOutline, HomeOutline, PeopleOutline, PersonCircleOutline, PersonOutline } from '@vicons/ionicons5';
import type { Component } from 'vue';

export interface NavItem {
  /** Route name, also the menu key. */
  name: string;
  labelKey: string;
  /** One line for the dashboard's quick links; items without one are not listed there. */
  hintKey?: string;
  icon: Component;
  roles: readonly Role[];
}

const everyone = ['admin', 'trainer', 'secretary'] as const satisfies readonly Role[];

export const navItems: readonly NavItem[] = [
  { name: 'dashboard', labelKey: 'nav.dashboard', icon: HomeOutline, roles: everyone },
  { name: 'farmers', labelKey: 'nav.farmers', hintKey: 'dashboard.farmersHint', icon: PeopleOutline, roles: everyone },
  { name: 'org-units', labelKey: 'nav.orgUnits', hintKey: 'dashboard.orgUnitsHint', icon: BusinessOutline, roles: ['admin'] },
  { name: 'users', labelKey: 'nav.users', hintKey: 'dashboard.usersHint', icon: PersonOutline, roles: ['admin'] },
  { name: 'account', labelKey: 'nav.account', hintKey: 'dashboard.accountHint', icon: PersonCircleOutline, roles: everyone },
];

export function navFor(role: Role | null): NavItem[] {
  return role ? navItems.filter((item) => item.roles.includes(role)) : [];
}

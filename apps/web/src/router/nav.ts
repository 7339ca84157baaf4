// The navigation, in one list: a new feature adds a route and one entry here.
import type { Role } from '@fieldschool/contracts';
import {
  BusinessOutline,
  CalendarOutline,
  CarOutline,
  ClipboardOutline,
  ConstructOutline,
  DocumentsOutline,
  GridOutline,
  FolderOpenOutline,
  HomeOutline,
  IdCardOutline,
  ListOutline,
  LibraryOutline,
  PeopleOutline,
  PersonCircleOutline,
  PersonOutline,
  RibbonOutline,
  SchoolOutline,
  StatsChartOutline,
} from '@vicons/ionicons5';
import type { Component } from 'vue';

export interface NavItem {
  /** Route name, also the menu key. */
  name: string;
  labelKey: string;
  /** One line for the dashboard's quick links; items without one are not listed there. */
  hintKey?: string;
  icon: Component;
  roles: readonly Role[];
  /** Roles for whom this entry leads the menu (secretaries mostly come for the policy library). */
  firstFor?: readonly Role[];
}

const everyone = ['admin', 'trainer', 'secretary'] as const satisfies readonly Role[];

export const navItems: readonly NavItem[] = [
  { name: 'dashboard', labelKey: 'nav.dashboard', icon: HomeOutline, roles: everyone },
  { name: 'library', labelKey: 'nav.library', hintKey: 'dashboard.libraryHint', icon: LibraryOutline, roles: everyone, firstFor: ['secretary'] },
  { name: 'farmers', labelKey: 'nav.farmers', hintKey: 'dashboard.farmersHint', icon: PeopleOutline, roles: everyone },
  { name: 'schedule', labelKey: 'nav.schedule', hintKey: 'dashboard.scheduleHint', icon: CalendarOutline, roles: everyone },
  { name: 'schedule-travel-times', labelKey: 'nav.travelTimes', hintKey: 'dashboard.travelTimesHint', icon: CarOutline, roles: ['admin'] },
  { name: 'reports', labelKey: 'nav.reports', hintKey: 'dashboard.reportsHint', icon: StatsChartOutline, roles: everyone },
  { name: 'courses', labelKey: 'nav.courses', hintKey: 'dashboard.coursesHint', icon: SchoolOutline, roles: ['admin', 'trainer'] },
  { name: 'materials', labelKey: 'nav.materials', hintKey: 'dashboard.materialsHint', icon: DocumentsOutline, roles: ['admin'] },
  { name: 'rosters', labelKey: 'nav.rosters', hintKey: 'dashboard.rostersHint', icon: GridOutline, roles: ['admin', 'secretary'] },
  { name: 'org-units', labelKey: 'nav.orgUnits', hintKey: 'dashboard.orgUnitsHint', icon: BusinessOutline, roles: ['admin'] },
  { name: 'library-manage', labelKey: 'nav.libraryManage', hintKey: 'dashboard.libraryManageHint', icon: FolderOpenOutline, roles: ['admin'] },
  { name: 'users', labelKey: 'nav.users', hintKey: 'dashboard.usersHint', icon: PersonOutline, roles: ['admin'] },
  // First secretaries (issue 11).
  { name: 'secretary-work', labelKey: 'nav.secretaryWork', hintKey: 'dashboard.secretaryWorkHint', icon: ClipboardOutline, roles: ['secretary'] },
  { name: 'households', labelKey: 'nav.households', hintKey: 'dashboard.householdsHint', icon: ListOutline, roles: ['admin', 'secretary'] },
  { name: 'matters', labelKey: 'nav.matters', hintKey: 'dashboard.mattersHint', icon: ConstructOutline, roles: ['admin', 'secretary'] },
  { name: 'secretary-profile', labelKey: 'nav.secretaryProfile', hintKey: 'dashboard.secretaryProfileHint', icon: IdCardOutline, roles: ['secretary'] },
  { name: 'supervision', labelKey: 'nav.supervision', hintKey: 'dashboard.supervisionHint', icon: RibbonOutline, roles: ['admin'] },
  { name: 'account', labelKey: 'nav.account', hintKey: 'dashboard.accountHint', icon: PersonCircleOutline, roles: everyone },
];

export function navFor(role: Role | null): NavItem[] {
  if (!role) return [];
  const mine = navItems.filter((item) => item.roles.includes(role));
  const leads = (item: NavItem) => (item.firstFor?.includes(role) ? 0 : 1);
  // Array.prototype.sort is stable: the rest keep their order.
  return [...mine].sort((a, b) => leads(a) - leads(b));
}

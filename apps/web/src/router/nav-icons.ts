// Each menu entry's icon (router/nav.ts), for the menu and the dashboard: not in the first bundle.
import {
  BusinessOutline,
  CalendarOutline,
  CarOutline,
  ClipboardOutline,
  ConstructOutline,
  DocumentsOutline,
  FolderOpenOutline,
  GridOutline,
  HomeOutline,
  IdCardOutline,
  LibraryOutline,
  ListOutline,
  PeopleOutline,
  PersonCircleOutline,
  PersonOutline,
  RibbonOutline,
  SchoolOutline,
  StatsChartOutline,
} from '@vicons/ionicons5';
import type { Component } from 'vue';
import type { NavName } from './nav.ts';

export const navIcons: Record<NavName, Component> = {
  dashboard: HomeOutline,
  library: LibraryOutline,
  farmers: PeopleOutline,
  schedule: CalendarOutline,
  'schedule-travel-times': CarOutline,
  reports: StatsChartOutline,
  courses: SchoolOutline,
  materials: DocumentsOutline,
  rosters: GridOutline,
  'org-units': BusinessOutline,
  'library-manage': FolderOpenOutline,
  users: PersonOutline,
  'secretary-work': ClipboardOutline,
  households: ListOutline,
  matters: ConstructOutline,
  'secretary-profile': IdCardOutline,
  supervision: RibbonOutline,
  account: PersonCircleOutline,
};

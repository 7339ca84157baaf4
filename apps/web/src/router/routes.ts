// The page table: what each path shows, who may open it and which messages it needs. Kept apart
// from the router's guard and i18n so the e2e tests can read it in Node (they visit every page).
import type { Role } from '@fieldschool/contracts';
import type { RouteRecordRaw } from 'vue-router';
import type { MessageArea } from '@/locales/index.ts';
import { navItems } from './nav.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** Roles that may open the page; any signed-in user when absent. */
    roles?: readonly Role[];
    /** Message key for the document title. */
    titleKey?: string;
    /** Opens with no network even when the session cannot be asked for (the check-in page works from IndexedDB). */
    offline?: boolean;
    /** The message areas its page shows beyond the shell's, loaded before it renders. */
    messages?: readonly MessageArea[];
  }
}

// Pages that are also menu entries take their roles from the navigation list, so the two agree.
function rolesOf(name: string): readonly Role[] | undefined {
  return navItems.find((item) => item.name === name)?.roles;
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/LoginView.vue'),
    meta: { public: true, titleKey: 'auth.title' },
  },
  {
    // The village's public page (issue 11): anyone, no sign-in.
    path: '/villages/:villageId/public',
    name: 'public-village',
    component: () => import('@/views/SecretaryPublicVillageView.vue'),
    props: true,
    meta: { public: true, titleKey: 'secretaries.public.pageTitle', messages: ['secretaries'] },
  },
  {
    // A farmer's own phone, from the code on the trainer's screen: no account.
    path: '/self-checkin/:sessionId',
    name: 'self-checkin',
    component: () => import('@/views/SelfCheckinView.vue'),
    props: true,
    meta: { public: true, titleKey: 'selfCheckin.title', messages: ['checkin'] },
  },
  {
    path: '/',
    component: () => import('@/components/app/AppShell.vue'),
    children: [
      { path: '', name: 'dashboard', component: () => import('@/views/DashboardView.vue'), meta: { titleKey: 'nav.dashboard', messages: ['dashboard'] } },
      {
        path: 'farmers',
        name: 'farmers',
        component: () => import('@/views/FarmerListView.vue'),
        meta: { roles: rolesOf('farmers'), titleKey: 'farmers.title', messages: ['farmers'] },
      },
      {
        path: 'farmers/new',
        name: 'farmer-new',
        component: () => import('@/views/FarmerEditView.vue'),
        meta: { roles: rolesOf('farmers'), titleKey: 'farmers.new', messages: ['farmers', 'secretaries'] },
      },
      {
        path: 'farmers/:id',
        name: 'farmer',
        component: () => import('@/views/FarmerEditView.vue'),
        props: true,
        meta: { roles: rolesOf('farmers'), titleKey: 'farmers.edit', messages: ['farmers', 'secretaries'] },
      },
      {
        path: 'library',
        name: 'library',
        component: () => import('@/views/LibrarySearchView.vue'),
        meta: { roles: rolesOf('library'), titleKey: 'library.title', messages: ['library'] },
      },
      {
        path: 'library/manage',
        name: 'library-manage',
        component: () => import('@/views/LibraryManageView.vue'),
        meta: { roles: rolesOf('library-manage'), titleKey: 'library.manageTitle', messages: ['library'] },
      },
      {
        // A page that asks with useDialog() sits under AppDialogScope, which provides it.
        path: 'library/:id',
        component: () => import('@/components/app/AppDialogScope.vue'),
        children: [
          {
            path: '',
            name: 'library-document',
            component: () => import('@/views/LibraryDocumentView.vue'),
            props: true,
            meta: { roles: rolesOf('library'), titleKey: 'library.documentTitle', messages: ['library'] },
          },
        ],
      },
      {
        path: 'schedule',
        name: 'schedule',
        component: () => import('@/views/ScheduleView.vue'),
        props: (route) => ({ date: typeof route.query.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(route.query.date) ? route.query.date : undefined }),
        meta: { roles: rolesOf('schedule'), titleKey: 'schedule.title', messages: ['schedule'] },
      },
      {
        path: 'schedule/feeds',
        name: 'schedule-feeds',
        component: () => import('@/views/ScheduleFeedsView.vue'),
        meta: { roles: rolesOf('schedule'), titleKey: 'schedule.feeds.title', messages: ['schedule'] },
      },
      {
        path: 'schedule/travel-times',
        name: 'schedule-travel-times',
        component: () => import('@/views/ScheduleTravelTimesView.vue'),
        meta: { roles: rolesOf('schedule-travel-times'), titleKey: 'travelTimes.title', messages: ['schedule'] },
      },
      {
        // Recording sessions that already took place (completed): admins only, as the api allows.
        path: 'schedule/backfill',
        name: 'schedule-backfill',
        component: () => import('@/views/ScheduleBackfillView.vue'),
        meta: { roles: ['admin'], titleKey: 'backfill.title', messages: ['schedule'] },
      },
      {
        path: 'schedule/sessions/new',
        name: 'schedule-session-new',
        component: () => import('@/views/ScheduleSessionEditView.vue'),
        meta: { roles: rolesOf('courses'), titleKey: 'schedule.newSession', messages: ['schedule'] },
      },
      {
        path: 'schedule/sessions/:id',
        name: 'schedule-session',
        component: () => import('@/views/ScheduleSessionView.vue'),
        props: true,
        meta: { roles: rolesOf('schedule'), titleKey: 'schedule.session', messages: ['schedule', 'checkin'] },
      },
      {
        // Works from IndexedDB: opens with no network, also when the session cannot be asked for.
        path: 'schedule/sessions/:id/checkin',
        name: 'checkin',
        component: () => import('@/views/CheckinView.vue'),
        props: (route) => ({ id: route.params.id, download: route.query.download === '1' }),
        meta: { roles: ['admin', 'trainer'], titleKey: 'checkin.title', offline: true, messages: ['checkin', 'farmers'] },
      },
      {
        // ?scope=following edits this session and the later ones of its series.
        path: 'schedule/sessions/:id/edit',
        name: 'schedule-session-edit',
        component: () => import('@/views/ScheduleSessionEditView.vue'),
        props: (route) => ({ id: route.params.id, scope: route.query.scope === 'following' ? 'following' : 'this' }),
        meta: { roles: rolesOf('courses'), titleKey: 'schedule.editThis', messages: ['schedule'] },
      },
      {
        path: 'secretary/work',
        name: 'secretary-work',
        component: () => import('@/views/SecretaryWorkView.vue'),
        meta: { roles: rolesOf('secretary-work'), titleKey: 'secretaries.work.title', messages: ['secretaries'] },
      },
      {
        // 民情: an admin picks the village (?villageId=), a secretary sees their own.
        path: 'secretary/households',
        name: 'households',
        component: () => import('@/views/HouseholdListView.vue'),
        props: (route) => ({ villageId: typeof route.query.villageId === 'string' ? route.query.villageId : undefined }),
        meta: { roles: rolesOf('households'), titleKey: 'secretaries.households.title', messages: ['secretaries'] },
      },
      {
        path: 'secretary/households/:villageId/:householdNo',
        name: 'household',
        component: () => import('@/views/HouseholdView.vue'),
        props: true,
        meta: { roles: rolesOf('households'), titleKey: 'secretaries.households.situation', messages: ['secretaries'] },
      },
      {
        path: 'secretary/matters',
        name: 'matters',
        component: () => import('@/views/MatterListView.vue'),
        meta: { roles: rolesOf('matters'), titleKey: 'secretaries.ledger.title', messages: ['secretaries'] },
      },
      {
        path: 'secretary/matters/new',
        name: 'matter-new',
        component: () => import('@/views/MatterEditView.vue'),
        meta: { roles: rolesOf('matters'), titleKey: 'secretaries.ledger.add', messages: ['secretaries', 'library'] },
      },
      {
        // A page that asks with useDialog() (removing a file) sits under AppDialogScope, which provides it.
        path: 'secretary/matters/:id',
        component: () => import('@/components/app/AppDialogScope.vue'),
        children: [
          {
            path: '',
            name: 'matter',
            component: () => import('@/views/MatterEditView.vue'),
            props: true,
            meta: { roles: rolesOf('matters'), titleKey: 'secretaries.ledger.edit', messages: ['secretaries', 'library'] },
          },
        ],
      },
      {
        path: 'secretary/profile',
        name: 'secretary-profile',
        component: () => import('@/views/SecretaryProfileView.vue'),
        meta: { roles: rolesOf('secretary-profile'), titleKey: 'secretaries.profile.title', messages: ['secretaries', 'library'] },
      },
      {
        path: 'supervision',
        name: 'supervision',
        component: () => import('@/views/SupervisionView.vue'),
        meta: { roles: rolesOf('supervision'), titleKey: 'secretaries.supervision.title', messages: ['secretaries'] },
      },
      {
        path: 'reports',
        name: 'reports',
        component: () => import('@/views/ReportDashboardView.vue'),
        meta: { roles: rolesOf('reports'), titleKey: 'reports.title', messages: ['reports', 'schedule'] },
      },
      {
        path: 'reports/quality',
        name: 'report-quality',
        component: () => import('@/views/ReportQualityView.vue'),
        meta: { roles: rolesOf('reports'), titleKey: 'reports.quality.title', messages: ['reports'] },
      },
      {
        path: 'reports/sessions/:id',
        name: 'report-session',
        component: () => import('@/views/ReportSessionView.vue'),
        props: true,
        meta: { roles: rolesOf('reports'), titleKey: 'reports.session', messages: ['reports', 'schedule'] },
      },
      {
        path: 'reports/farmers/:id',
        name: 'report-farmer',
        component: () => import('@/views/ReportFarmerView.vue'),
        props: true,
        meta: { roles: rolesOf('reports'), titleKey: 'reports.farmer', messages: ['reports'] },
      },
      {
        path: 'courses',
        name: 'courses',
        component: () => import('@/views/CourseListView.vue'),
        meta: { roles: rolesOf('courses'), titleKey: 'courses.title', messages: ['schedule'] },
      },
      {
        path: 'courses/new',
        name: 'course-new',
        component: () => import('@/views/CourseEditView.vue'),
        meta: { roles: rolesOf('courses'), titleKey: 'courses.new', messages: ['schedule', 'library'] },
      },
      {
        path: 'courses/:id',
        name: 'course',
        component: () => import('@/views/CourseEditView.vue'),
        props: true,
        meta: { roles: rolesOf('courses'), titleKey: 'courses.edit', messages: ['schedule', 'library'] },
      },
      {
        path: 'materials',
        name: 'materials',
        component: () => import('@/views/MaterialListView.vue'),
        meta: { roles: rolesOf('materials'), titleKey: 'materials.title', messages: ['schedule', 'library'] },
      },
      {
        path: 'rosters',
        name: 'rosters',
        component: () => import('@/views/RosterExcelView.vue'),
        meta: { roles: rolesOf('rosters'), titleKey: 'rosters.title', messages: ['admin'] },
      },
      {
        path: 'schedule/sessions/:id/paper',
        name: 'paper',
        component: () => import('@/views/PaperSheetView.vue'),
        props: true,
        meta: { roles: rolesOf('courses'), titleKey: 'paper.title', messages: ['checkin'] },
      },
      {
        path: 'org-units',
        name: 'org-units',
        component: () => import('@/views/OrgUnitsView.vue'),
        meta: { roles: rolesOf('org-units'), titleKey: 'orgUnits.title', messages: ['admin'] },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('@/views/UsersView.vue'),
        meta: { roles: rolesOf('users'), titleKey: 'users.title', messages: ['admin'] },
      },
      { path: 'account', name: 'account', component: () => import('@/views/AccountView.vue'), meta: { titleKey: 'account.title', messages: ['admin'] } },
      {
        path: '403',
        name: 'forbidden',
        component: () => import('@/views/StatusView.vue'),
        props: { status: '403' },
        meta: { titleKey: 'status.forbiddenTitle' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/StatusView.vue'),
        props: { status: '404' },
        meta: { titleKey: 'status.notFoundTitle' },
      },
    ],
  },
];

// The app's messages as the pages see them: the shell and every area merged into one namespace
// (src/locales/<language>/<area>.ts; each top-level key is in one file).
import zhShell from '../src/locales/zh-CN/shell.ts';
import zhLibrary from '../src/locales/zh-CN/library.ts';
import zhSchedule from '../src/locales/zh-CN/schedule.ts';
import zhCheckin from '../src/locales/zh-CN/checkin.ts';
import zhFarmers from '../src/locales/zh-CN/farmers.ts';
import zhSecretaries from '../src/locales/zh-CN/secretaries.ts';
import zhReports from '../src/locales/zh-CN/reports.ts';
import zhDashboard from '../src/locales/zh-CN/dashboard.ts';
import zhAdmin from '../src/locales/zh-CN/admin.ts';
import enShell from '../src/locales/en/shell.ts';
import enLibrary from '../src/locales/en/library.ts';
import enSchedule from '../src/locales/en/schedule.ts';
import enCheckin from '../src/locales/en/checkin.ts';
import enFarmers from '../src/locales/en/farmers.ts';
import enSecretaries from '../src/locales/en/secretaries.ts';
import enReports from '../src/locales/en/reports.ts';
import enDashboard from '../src/locales/en/dashboard.ts';
import enAdmin from '../src/locales/en/admin.ts';

export const zhCN = { ...zhShell, ...zhLibrary, ...zhSchedule, ...zhCheckin, ...zhFarmers, ...zhSecretaries, ...zhReports, ...zhDashboard, ...zhAdmin };
export const en = { ...enShell, ...enLibrary, ...enSchedule, ...enCheckin, ...enFarmers, ...enSecretaries, ...enReports, ...enDashboard, ...enAdmin };
export type Messages = typeof zhCN;

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** Every message key ("library.title"): what a page shows in place of a message it has not loaded. */
export const messageKeys = keys(zhCN);

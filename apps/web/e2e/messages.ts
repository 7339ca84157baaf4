// The app's messages as the pages see them: the shell and every area merged into one namespace
// (src/locales/<language>/<area>.ts; each top-level key is in one file). Imported one by one for
// their types; the check below fails every e2e run that misses a file the folder has.
import { readdirSync } from 'node:fs';
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

const zhParts = { shell: zhShell, library: zhLibrary, schedule: zhSchedule, checkin: zhCheckin, farmers: zhFarmers, secretaries: zhSecretaries, reports: zhReports, dashboard: zhDashboard, admin: zhAdmin };
const enParts = { shell: enShell, library: enLibrary, schedule: enSchedule, checkin: enCheckin, farmers: enFarmers, secretaries: enSecretaries, reports: enReports, dashboard: enDashboard, admin: enAdmin };

const onDisk = readdirSync(new URL('../src/locales/zh-CN/', import.meta.url)).map((file) => file.replace(/\.ts$/, ''));
const missing = onDisk.filter((part) => !(part in zhParts));
if (missing.length) throw new Error(`e2e/messages.ts does not import src/locales/*/${missing.join(', ')}.ts: add them to the lists here`);

export const zhCN = Object.assign({}, ...Object.values(zhParts)) as typeof zhShell & typeof zhLibrary & typeof zhSchedule & typeof zhCheckin & typeof zhFarmers & typeof zhSecretaries & typeof zhReports & typeof zhDashboard & typeof zhAdmin;
export const en = Object.assign({}, ...Object.values(enParts)) as typeof zhCN;
export type Messages = typeof zhCN;

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** Every message key ("library.title"): what a page shows in place of a message it has not loaded. */
export const messageKeys = keys(zhCN);

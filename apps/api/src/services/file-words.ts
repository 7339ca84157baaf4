import type { attendanceStatuses, checkInMethods, courseTopics, genders } from '@fieldschool/contracts';

/*
 * The Chinese words the county's files use for stored codes: spreadsheets and printed reports
 * are written in Chinese whoever downloads them. Keyed by the contracts' lists, so a new code
 * does not build until it has its word here.
 */

export const TOPIC_ZH: Record<(typeof courseTopics)[number], string> = {
  agri_tech: '农业技术', healthcare: '医疗卫生', poverty_relief: '扶贫帮扶', law: '法律', party_building: '党建', other: '其他',
};

export const STATUS_ZH: Record<(typeof attendanceStatuses)[number], string> = { present: '出席', late: '迟到', excused: '请假', absent: '缺席' };

export const METHOD_ZH: Record<(typeof checkInMethods)[number], string> = {
  qr_card: '扫农民卡', session_qr: '扫场次码', roster: '名单勾选', walk_in: '现场登记', paper: '纸质签到表',
};

export const GENDER_ZH: Record<(typeof genders)[number], string> = { female: '女', male: '男' };

/** The word for a code read from the database as text (an unknown code is shown as it is). */
export const wordFor = (words: Record<string, string>, code: string | null): string => (code === null ? '' : (words[code] ?? code));

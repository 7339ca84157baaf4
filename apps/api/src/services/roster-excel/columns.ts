import type { RosterColumn } from '@fieldschool/contracts';

/**
 * The roster sheet's columns, in template order. The header row names them in Chinese (the
 * template) or English; either is read back. Only the name is required.
 */
export const ROSTER_COLUMNS: ReadonlyArray<{ key: RosterColumn; zh: string; en: string; width: number; example: string | number }> = [
  { key: 'name', zh: '姓名', en: 'Name', width: 16, example: '泽仁拉姆' },
  { key: 'householdNo', zh: '户号', en: 'Household', width: 10, example: '12' },
  { key: 'gender', zh: '性别', en: 'Gender', width: 8, example: '女' },
  { key: 'birthYear', zh: '出生年份', en: 'Birth year', width: 10, example: 1980 },
  { key: 'phone', zh: '手机号', en: 'Phone', width: 14, example: '13800001234' },
  { key: 'idNumber', zh: '身份证号', en: 'ID number', width: 22, example: '513335198001010020' },
];

/** Header text → column, for both languages. */
export const COLUMN_BY_HEADER = new Map(ROSTER_COLUMNS.flatMap((column) => [[column.zh, column.key], [column.en.toLowerCase(), column.key]] as const));

/** What a person writes for a gender; anything else is `gender_invalid`. */
export const GENDER_WORDS: Record<string, 'female' | 'male'> = { 女: 'female', 男: 'male', female: 'female', male: 'male', f: 'female', m: 'male' };

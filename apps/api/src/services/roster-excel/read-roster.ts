import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import { Compile } from 'typebox/compile';
import { CreateFarmer, isValidIdNumber, MAX_ROSTER_LISTED, MAX_ROSTER_ROWS, type RosterColumn, type RosterRowProblem } from '@fieldschool/contracts';
import { AppError } from '../../errors.ts';
import { COLUMN_BY_HEADER, GENDER_WORDS } from './columns.ts';
import { IdNumberSet } from './id-number-set.ts';
import { readSharedStrings } from './shared-strings.ts';
import { StringFile } from './string-file.ts';
import { assertSafeXlsx, notXlsx } from './xlsx-guard.ts';
import { partText } from './zip-part.ts';

/*
 * Reads a roster sheet row by row with exceljs's streaming sheet reader and checks every row
 * against the farmer contract itself, CreateFarmer and isValidIdNumber: the import knows no
 * rule of its own about names, phones or ID numbers. Valid rows are handed on in chunks as
 * they are read, and what the reader keeps for the whole sheet is compact (the shared
 * strings in a temporary file, the ID numbers seen in a typed array, the first problems), so
 * memory stays flat in the row count.
 */

/** Valid rows handed to the caller at a time. */
export const ROSTER_CHUNK = 1000;

/**
 * exceljs's streaming sheet reader, the one its WorkbookReader wraps: exceljs declares it but
 * does not export it. Given the sheet's text and no shared strings, a text cell reads as
 * `{ sharedString: index }`; styles are not read (dates stay numbers, as before).
 */
const WorksheetReader = createRequire(import.meta.url)('exceljs/lib/stream/xlsx/worksheet-reader.js') as new (init: {
  workbook: { sharedStrings: undefined; styles: { getStyleModel(): undefined }; properties: object };
  id: number;
  iterator: AsyncIterable<string>;
  options: { worksheets: 'emit'; hyperlinks: 'ignore' };
}) => AsyncIterable<ExcelJS.Row>;
const workbook = { sharedStrings: undefined, styles: { getStyleModel: () => undefined }, properties: {} };

export type FarmerFields = Omit<CreateFarmer, 'villageId'>;

export interface RosterRow {
  /** The row number Excel shows. */
  row: number;
  fields: FarmerFields;
}

export interface RosterProblem {
  row: number;
  column: RosterColumn;
  reason: RosterRowProblem;
}

export interface ParsedRoster {
  rows: number;
  /** The first MAX_ROSTER_LISTED, by row. */
  problems: RosterProblem[];
  problemCount: number;
}

/** The text of a cell as a person typed it. A formula is kept as its text ("=A1+1"), never evaluated. */
function cellText(value: ExcelJS.CellValue | { sharedString: number }, strings: StringFile): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'object' && 'sharedString' in value) return (strings.get(value.sharedString) ?? '').trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('formula' in value && typeof value.formula === 'string') return `=${value.formula}`;
  if ('sharedFormula' in value) return `=${String(value.sharedFormula)}`;
  if ('richText' in value) return value.richText.map((run) => run.text).join('').trim();
  if ('text' in value) return String(value.text).trim();
  return '';
}

/** Compiled once: 20,000 rows are checked in milliseconds, and only a failing row asks for its errors. */
const farmerCheck = Compile(CreateFarmer);

const problemOfField: Record<string, RosterRowProblem> = {
  idNumber: 'id_number_invalid',
  birthYear: 'birth_year_invalid',
  gender: 'gender_invalid',
  phone: 'phone_invalid',
};

/** The fields of one row and what is wrong with them, by the farmer contract. */
function checkRow(cells: Partial<Record<RosterColumn, string>>): { fields: FarmerFields; problems: Array<{ column: RosterColumn; reason: RosterRowProblem }> } {
  const raw: Record<string, unknown> = { villageId: '00000000-0000-4000-8000-000000000000', name: cells.name ?? '' };
  if (cells.householdNo) raw.householdNo = cells.householdNo;
  if (cells.gender) raw.gender = GENDER_WORDS[cells.gender.toLowerCase()] ?? cells.gender;
  if (cells.birthYear) raw.birthYear = /^\d+$/.test(cells.birthYear) ? Number(cells.birthYear) : cells.birthYear;
  if (cells.phone) raw.phone = cells.phone;
  if (cells.idNumber) raw.idNumber = cells.idNumber.toUpperCase();
  const problems = new Map<RosterColumn, RosterRowProblem>();
  for (const error of farmerCheck.Check(raw) ? [] : farmerCheck.Errors(raw)) {
    const column = error.instancePath.replace(/^\//, '') as RosterColumn;
    if (problems.has(column)) continue;
    problems.set(column, problemOfField[column] ?? (error.keyword === 'maxLength' ? 'too_long' : 'required'));
  }
  if (typeof raw.idNumber === 'string' && !problems.has('idNumber') && !isValidIdNumber(raw.idNumber)) problems.set('idNumber', 'id_number_invalid');
  const { villageId: _villageId, ...fields } = raw;
  return { fields: fields as FarmerFields, problems: [...problems].map(([column, reason]) => ({ column, reason })) };
}

/** The header row's columns by position; a missing name column or an unknown header refuses the file. */
function readHeader(values: ExcelJS.CellValue[], strings: StringFile): Array<RosterColumn | undefined> {
  const columns: Array<RosterColumn | undefined> = [];
  const unknown: string[] = [];
  values.forEach((value, index) => {
    const text = cellText(value, strings);
    if (!text) return;
    const key = COLUMN_BY_HEADER.get(text) ?? COLUMN_BY_HEADER.get(text.toLowerCase());
    if (key) columns[index] = key;
    else unknown.push(text);
  });
  const found = columns.filter(Boolean);
  const errors = [
    ...(found.includes('name') ? [] : [{ field: 'name', code: 'missing', message: 'The name column (姓名) is missing' }]),
    ...unknown.map((header) => ({ field: header, code: 'unknown', message: `Unknown column "${header}"` })),
    ...found.filter((key, index) => found.indexOf(key) !== index).map((key) => ({ field: key!, code: 'repeated', message: `The ${key} column appears twice` })),
  ];
  if (errors.length) throw new AppError('roster_columns_invalid', 'The header row does not match the template', { field: errors[0]!.field, errors });
  return columns;
}

/**
 * Reads the roster, calling `onRows` with each chunk of valid rows and the number of problems
 * found so far (awaited before reading on); answers the row count and the problems. The
 * temporary file of shared strings is removed however the reading ends.
 */
export async function readRoster(bytes: Buffer, onRows: (rows: RosterRow[], problemsSoFar: number) => Promise<void>): Promise<ParsedRoster> {
  const parts = assertSafeXlsx(bytes);
  // The first worksheet in the archive is the roster; the template has no other.
  const sheet = [...parts].find(([name]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name))?.[1];
  if (!sheet) throw notXlsx('The zip holds no worksheet: it is not an .xlsx workbook');
  const parsed: ParsedRoster = { rows: 0, problems: [], problemCount: 0 };
  let valid: RosterRow[] = [];
  // The caller's own failures (a database error while writing a chunk) pass through unchanged.
  let handingOn = false;
  const handOn = async () => {
    handingOn = true;
    await onRows(valid, parsed.problemCount);
    handingOn = false;
    valid = [];
  };
  const seenIds = new IdNumberSet();
  let columns: Array<RosterColumn | undefined> | undefined;
  const strings = new StringFile();
  try {
    const sharedStrings = parts.get('xl/sharedStrings.xml');
    if (sharedStrings) await readSharedStrings(partText(bytes, sharedStrings), strings);
    for await (const row of new WorksheetReader({ workbook, id: 1, iterator: partText(bytes, sheet), options: { worksheets: 'emit', hyperlinks: 'ignore' } })) {
      const values = row.values as ExcelJS.CellValue[];
      if (!columns) {
        columns = readHeader(values, strings);
        continue;
      }
      const cells: Partial<Record<RosterColumn, string>> = {};
      columns.forEach((key, index) => {
        if (key) cells[key] = cellText(values[index], strings);
      });
      if (Object.values(cells).every((text) => !text)) continue;
      parsed.rows += 1;
      if (parsed.rows > MAX_ROSTER_ROWS) throw new AppError('roster_too_large', `A roster holds at most ${MAX_ROSTER_ROWS} rows`, { field: 'file' });
      const { fields, problems } = checkRow(cells);
      if (fields.idNumber && problems.every((p) => p.column !== 'idNumber') && seenIds.addSeen(fields.idNumber)) problems.push({ column: 'idNumber', reason: 'id_number_repeated' });
      parsed.problemCount += problems.length;
      for (const problem of problems) if (parsed.problems.length < MAX_ROSTER_LISTED) parsed.problems.push({ row: row.number, ...problem });
      if (!problems.length) valid.push({ row: row.number, fields });
      if (valid.length >= ROSTER_CHUNK) await handOn();
    }
  } catch (error) {
    if (error instanceof AppError || handingOn) throw error;
    throw new AppError('roster_file_invalid', 'The workbook could not be read', { field: 'file', cause: error });
  } finally {
    strings.remove();
  }
  if (!columns) throw new AppError('roster_columns_invalid', 'The sheet is empty: it has no header row', { field: 'name' });
  if (valid.length) await handOn();
  return parsed;
}

import { Type, type Static } from 'typebox';
import { rosterRowProblems } from './constants.ts';
import { Problem } from './problem.ts';

// Paper and Excel (issue 9): roster import reports, farmer cards, sign-in sheets.

export const RosterRowProblem = Type.Enum(rosterRowProblems);
export type RosterRowProblem = Static<typeof RosterRowProblem>;

/** The columns of a roster sheet, by key; the sheet's header row carries their Chinese (or English) names. */
export const rosterColumns = ['name', 'householdNo', 'gender', 'birthYear', 'phone', 'idNumber'] as const;
export const RosterColumn = Type.Enum(rosterColumns);
export type RosterColumn = Static<typeof RosterColumn>;

export const RosterImportQuery = Type.Object(
  {
    /** Write the rows without problems even when others have some; without it, one bad row stops everything. */
    validRowsOnly: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RosterImportQuery = Static<typeof RosterImportQuery>;

/** The row-by-row report of a roster file: sent before anything is written, and after an import. */
export const RosterReport = Type.Object({
  /** Data rows in the sheet (the header row not counted). */
  rows: Type.Integer(),
  /** Rows that would be (or were) written: new farmers and updates of a farmer with the same ID number. */
  creates: Type.Integer(),
  updates: Type.Integer(),
  /** The sheet's row number (as Excel shows it), the column, and why. At most 1,000 are listed; `problemCount` counts all. */
  problems: Type.Array(Type.Object({ row: Type.Integer(), column: RosterColumn, reason: RosterRowProblem })),
  problemCount: Type.Integer(),
  /** Rows without an ID number whose name and birth year match a farmer of the village: not imported, for a person to decide. */
  possibleDuplicates: Type.Array(Type.Object({ row: Type.Integer(), farmerId: Type.String({ format: 'uuid' }), name: Type.String() })),
  imported: Type.Boolean(),
});
export type RosterReport = Static<typeof RosterReport>;

/** 400 `roster_rows_invalid`: nothing was written; the report says where. */
export const RosterRowsProblem = Type.Object({ ...Problem.properties, report: Type.Optional(RosterReport) });
export type RosterRowsProblem = Static<typeof RosterRowsProblem>;

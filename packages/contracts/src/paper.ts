import { Type, type Static } from 'typebox';
import { MAX_ROSTER_LISTED, rosterRowProblems } from './constants.ts';
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
  /** The sheet's row number (as Excel shows it), the column, and why. At most MAX_ROSTER_LISTED are listed; `problemCount` counts all. */
  problems: Type.Array(Type.Object({ row: Type.Integer(), column: RosterColumn, reason: RosterRowProblem }), { maxItems: MAX_ROSTER_LISTED }),
  problemCount: Type.Integer(),
  /**
   * Rows without an ID number whose name and birth year match a farmer of the village: not
   * imported, for a person to decide. The first MAX_ROSTER_LISTED; `possibleDuplicateCount` counts all.
   */
  possibleDuplicates: Type.Array(Type.Object({ row: Type.Integer(), farmerId: Type.String({ format: 'uuid' }), name: Type.String() }), { maxItems: MAX_ROSTER_LISTED }),
  possibleDuplicateCount: Type.Integer(),
  imported: Type.Boolean(),
});
export type RosterReport = Static<typeof RosterReport>;

/** 400 `roster_rows_invalid`: nothing was written; the report says where. */
export const RosterRowsProblem = Type.Object({ ...Problem.properties, report: Type.Optional(RosterReport) });
export type RosterRowsProblem = Static<typeof RosterRowsProblem>;

export const CardQuery = Type.Object(
  { ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 200, uniqueItems: true }) },
  { additionalProperties: false },
);
export type CardQuery = Static<typeof CardQuery>;

export const SignInSheetQuery = Type.Object(
  { blankRows: Type.Optional(Type.Integer({ minimum: 0, maximum: 120, default: 10 })) },
  { additionalProperties: false },
);
export type SignInSheetQuery = Static<typeof SignInSheetQuery>;

const Fraction = Type.Number({ minimum: -1, maximum: 2 });
const PhotoPoint = Type.Object({ x: Fraction, y: Fraction });

/** One printed row: who stands there (null for a blank walk-in row). */
export const PaperRow = Type.Object({
  /** 0-based on its page. */
  row: Type.Integer(),
  /** The number printed in the row, counted across pages. */
  number: Type.Integer(),
  farmerId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  farmerName: Type.Union([Type.String(), Type.Null()]),
});
export type PaperRow = Static<typeof PaperRow>;

export const PaperSheet = Type.Object({
  id: Type.String({ format: 'uuid' }),
  printedAt: Type.String({ format: 'date-time' }),
  pages: Type.Array(Type.Array(PaperRow)),
});
export type PaperSheet = Static<typeof PaperSheet>;

export const PaperSheets = Type.Object({ items: Type.Array(PaperSheet) });
export type PaperSheets = Static<typeof PaperSheets>;

/** What the server read from a photo of one page; nothing is written until the trainer confirms. */
export const PaperReading = Type.Object({
  sheetId: Type.String({ format: 'uuid' }),
  page: Type.Integer(),
  pageCount: Type.Integer(),
  /** Corner codes read: 4, or 3 with the fourth completed. */
  corners: Type.Integer(),
  rows: Type.Array(
    Type.Object({
      ...PaperRow.properties,
      marked: Type.Boolean(),
      /** 0.5 at the threshold to 1 far from it: the screen asks the trainer to look at low ones. */
      confidence: Type.Number(),
      /** The signature box in the photo, as fractions of its width and height: TL, TR, BR, BL. */
      box: Type.Array(PhotoPoint, { minItems: 4, maxItems: 4 }),
    }),
  ),
});
export type PaperReading = Static<typeof PaperReading>;

export const ConfirmPaperRows = Type.Object(
  {
    sheetId: Type.String({ format: 'uuid' }),
    page: Type.Integer({ minimum: 0, maximum: 999 }),
    /** The rows (0-based on the page) the trainer confirms as attended. */
    rows: Type.Array(Type.Integer({ minimum: 0, maximum: 99 }), { maxItems: 100, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type ConfirmPaperRows = Static<typeof ConfirmPaperRows>;

export const PaperConfirmResult = Type.Object({
  results: Type.Array(
    Type.Object({
      row: Type.Integer(),
      farmerId: Type.String({ format: 'uuid' }),
      result: Type.Enum(['created', 'duplicate', 'merged', 'rejected']),
      attendanceId: Type.Optional(Type.String({ format: 'uuid' })),
      reason: Type.Optional(Type.String()),
    }),
  ),
  /** Confirmed blank rows: walk-ins to register by hand (their names are on the paper). */
  walkIns: Type.Integer(),
});
export type PaperConfirmResult = Static<typeof PaperConfirmResult>;

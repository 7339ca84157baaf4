// Lengths, ranges and patterns of the fields people type, written once. The TypeBox schemas
// are built from them, and the web forms check the same values before a round trip.
// Plain values, no TypeBox, so the browser can import them (from
// '@fieldschool/contracts/limits') without bundling the schema library.
// Keys are the JSON Schema keywords, so a schema takes an entry as its options as it is.

export const textLimits = {
  username: { minLength: 3, maxLength: 40, pattern: '^[a-zA-Z0-9._-]+$' },
  /** Checked further on the server (not all one character, not the username). */
  newPassword: { minLength: 10, maxLength: 200 },
  displayName: { minLength: 1, maxLength: 60 },
  /** Mainland mobile number: 11 digits, 13x to 19x. The lengths size the input box. */
  phone: { minLength: 11, maxLength: 11, pattern: '^1[3-9][0-9]{9}$' },
  /** Kept whole: Tibetan names (泽仁拉姆) have no surname to split off. */
  farmerName: { minLength: 1, maxLength: 60 },
  householdNo: { maxLength: 30 },
  /** 17 digits and a check character (GB 11643); the check character itself is tested by isValidIdNumber. */
  idNumber: { minLength: 18, maxLength: 18, pattern: '^[0-9]{17}[0-9Xx]$' },
  orgUnitName: { minLength: 1, maxLength: 60 },
  orgUnitCode: { minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' },
  /** The search box of a list (users, farmers, org units). */
  listQuery: { maxLength: 60 },
  documentTitle: { minLength: 1, maxLength: 200 },
  docNumber: { maxLength: 60 },
  issuingBody: { maxLength: 100 },
  region: { maxLength: 60 },
  documentTag: { minLength: 1, maxLength: 30 },
  documentSummary: { maxLength: 2000 },
  synonymTerm: { minLength: 1, maxLength: 30 },
  searchQuery: { maxLength: 2000 },
  // First secretaries (issue 11).
  workDayNote: { maxLength: 2000 },
  leaveReason: { minLength: 1, maxLength: 500 },
  supervisionComment: { minLength: 1, maxLength: 2000 },
  matterTitle: { minLength: 1, maxLength: 200 },
  householdNeed: { minLength: 1, maxLength: 500 },
  secretaryPost: { maxLength: 100 },
} as const;

/** Households one work-day entry may name as visited. */
export const MAX_HOUSEHOLDS_PER_WORK_DAY = 200;

/**
 * A birth year is never in the future. The year is read once, when the module loads: a
 * server running across New Year accepts the new year after its next restart, which costs
 * nothing when the people registered are adults.
 */
export const birthYearRange = { minimum: 1900, maximum: new Date().getFullYear() } as const;


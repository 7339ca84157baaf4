/*
 * Where things stand on a printed sign-in sheet, in PDF points from the page's top left.
 * The renderer draws from these numbers and the read-back maps a photo onto them, so the
 * two can never disagree.
 */

export const PAGE = { width: 595.28, height: 841.89 };
export const ROWS_PER_PAGE = 30;

/** The four corner codes: their size and top-left corners, in the order TL, TR, BR, BL. */
export const CORNER_QR = 64;
const INSET = 20;
export const CORNERS = [
  { x: INSET, y: INSET },
  { x: PAGE.width - INSET - CORNER_QR, y: INSET },
  { x: PAGE.width - INSET - CORNER_QR, y: PAGE.height - INSET - CORNER_QR },
  { x: INSET, y: PAGE.height - INSET - CORNER_QR },
] as const;
export const cornerCentre = (corner: number) => ({ x: CORNERS[corner]!.x + CORNER_QR / 2, y: CORNERS[corner]!.y + CORNER_QR / 2 });

export const TABLE = { left: INSET, right: PAGE.width - INSET, headerTop: 100, headerHeight: 18 };
export const ROW_HEIGHT = (CORNERS[3].y - 8 - (TABLE.headerTop + TABLE.headerHeight)) / ROWS_PER_PAGE;
export const rowTop = (row: number) => TABLE.headerTop + TABLE.headerHeight + row * ROW_HEIGHT;

/** Column widths left to right; materials share what is left after the signature. */
export const COLUMNS = { number: 22, qr: ROW_HEIGHT, name: 96, household: 42, last4: 54, signature: 150 } as const;
export const SIGNATURE_LEFT = TABLE.left + COLUMNS.number + COLUMNS.qr + COLUMNS.name + COLUMNS.household + COLUMNS.last4;
export const MATERIALS_LEFT = SIGNATURE_LEFT + COLUMNS.signature;
export const MAX_MATERIAL_COLUMNS = 4;

/** The signature box of a row, inside its grid lines. */
export function signatureBox(row: number) {
  return { x: SIGNATURE_LEFT, y: rowTop(row), width: COLUMNS.signature, height: ROW_HEIGHT };
}

/*
 * What the codes say. A corner: "FS1.<session>.<sheet>.<page>.C<0-3>", the ids as
 * 22-character base64url, short enough for a version-4 code that a phone photo of the whole
 * page resolves. A row: "FS1.<session>.<page>.<row>", a version-2 code, small enough to
 * print in the row (the read-back finds rows from the corners, not from these).
 */
const PREFIX = 'FS1';
const short = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');
const long = (text: string) => {
  const hex = Buffer.from(text, 'base64url').toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export function cornerCode(sessionId: string, sheetId: string, page: number, corner: number): string {
  return [PREFIX, short(sessionId), short(sheetId), page, `C${corner}`].join('.');
}

export function rowCode(sessionId: string, page: number, row: number): string {
  return [PREFIX, short(sessionId), page, row].join('.');
}

export interface CornerCode {
  sessionId: string;
  sheetId: string;
  page: number;
  corner: number;
}

/** A corner code's parts; undefined for anything else (a row code, another QR code). */
export function parseCornerCode(text: string): CornerCode | undefined {
  const match = /^FS1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})\.(\d{1,4})\.C([0-3])$/.exec(text);
  if (!match) return undefined;
  return { sessionId: long(match[1]!), sheetId: long(match[2]!), page: Number(match[3]), corner: Number(match[4]) };
}

// A 文号 (document number) as GB/T 9704-2012 writes it: the issuer's abbreviation, the full
// year in 六角括号 〔〕, then the serial number with no 第 and no leading zeros, then 号:
// 川府发〔2024〕12号. People type the brackets as [] () 【】, add spaces or 第, and paste
// full-width digits; the api stores and the web app cites the standard form only.
// The one implementation; packages/search finds 文号 in text to the same form (tied by a test in apps/api).

/** The year in any bracket people type for 〔〕 (full-width forms are folded by NFKC first). */
const LOOSE_YEAR = /[〔[【(〖](\d{4})[〕\]】)〗]第?0*(?=\d)/u;
const STANDARD = /^\p{Script=Han}{2,10}〔(?:19|20)\d{2}〕[1-9]\d{0,3}[号號]$/u;

/** Brings a 文号 to its standard form; what is not a 文号 comes back folded but otherwise as typed. */
export function normalizeDocNumber(value: string): string {
  return value.normalize('NFKC').replace(/\s+/gu, '').replace(LOOSE_YEAR, '〔$1〕');
}

/** True only for the standard form; 號 is kept for documents written in traditional script. */
export function isValidDocNumber(value: string): boolean {
  return STANDARD.test(value);
}

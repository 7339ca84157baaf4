// A 文号 as GB/T 9704-2012 writes it: issuer's abbreviation, full year in 〔〕, serial number
// with no 第 and no leading zeros, then 号: 川府发〔2024〕12号.
// normalizeDocNumber and isValidDocNumber are a copy of the rule in packages/contracts
// (doc-number.ts), which the api and the web app use: this package never imports contracts
// (DESIGN §3) and needs the rule to index and to find 文号 in text.
// apps/api/test/doc-number-rule.test.ts runs both copies over the same cases.
const OPEN = '[〔\\[［【(（〖]';
const CLOSE = '[〕\\]］】)）〗]';
const DOC_NUMBER = new RegExp(`(\\p{Script=Han}{2,10})\\s*${OPEN}\\s*((?:19|20)\\d{2})\\s*${CLOSE}\\s*第?\\s*0*(\\d{1,4})\\s*([号號])`, 'gu');
/** The year in any bracket people type for 〔〕 (full-width forms are folded by NFKC first). */
const LOOSE_YEAR = /[〔[【(〖](\d{4})[〕\]】)〗]第?0*(?=\d)/u;
const STANDARD = /^\p{Script=Han}{2,10}〔(?:19|20)\d{2}〕[1-9]\d{0,3}[号號]$/u;
// Words that run into the issuer's abbreviation in a sentence: 根据川府发〔2024〕12号.
const LEADING_WORDS = /^(?:根据|依据|按照|参照|执行|贯彻|落实|转发|印发|关于|详见|原|及|和|与|见|按|依)+/u;

/** Brings a 文号 to its standard form; what is not a 文号 comes back folded but otherwise as typed. */
export function normalizeDocNumber(value: string): string {
  return value.normalize('NFKC').replace(/\s+/gu, '').replace(LOOSE_YEAR, '〔$1〕');
}

/** True only for the standard form; 號 is kept for documents written in traditional script. */
export function isValidDocNumber(value: string): boolean {
  return STANDARD.test(value);
}

/**
 * Finds the document's 文号, in its standard form. One on a line of its own (as printed
 * under a title) wins over one cited in a sentence.
 */
export function parseDocNumber(text: string): string | undefined {
  const head = text.normalize('NFKC').slice(0, 5000);
  let cited: string | undefined;
  for (const line of head.split('\n')) {
    for (const match of line.matchAll(DOC_NUMBER)) {
      const issuer = match[1]?.replace(LEADING_WORDS, '') ?? '';
      const candidate = normalizeDocNumber(`${issuer}〔${match[2]}〕${match[3]}${match[4]}`);
      if (!isValidDocNumber(candidate)) continue;
      if (issuer === match[1] && line.trim().startsWith(match[0].trim())) return candidate;
      cited ??= candidate;
    }
  }
  return cited;
}

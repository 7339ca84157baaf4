// A 文号: issuer's abbreviation, year in brackets, serial number: 川府发〔2024〕12号.
const OPEN = '[〔\\[［【(（]';
const CLOSE = '[〕\\]］】)）]';
const DOC_NUMBER = new RegExp(`(\\p{Script=Han}{2,10})\\s*${OPEN}\\s*((?:19|20)\\d{2})\\s*${CLOSE}\\s*0*(\\d{1,4})\\s*([号號])`, 'gu');
const VALID = /^\p{Script=Han}{2,10}〔(?:19|20)\d{2}〕[1-9]\d{0,3}[号號]$/u;
// Words that run into the issuer's abbreviation in a sentence: 根据川府发〔2024〕12号.
const LEADING_WORDS = /^(?:根据|依据|按照|参照|执行|贯彻|落实|转发|印发|关于|详见|原|及|和|与|见|按|依)+/u;

/** Brings a 文号 to its standard form: 〔〕 brackets, ASCII digits, no spaces. */
export function normalizeDocNumber(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(new RegExp(OPEN, 'g'), '〔')
    .replace(new RegExp(CLOSE, 'g'), '〕')
    .replace(/〕0+(?=\d)/, '〕');
}

export function isValidDocNumber(s: string): boolean {
  return VALID.test(s);
}

/**
 * Finds the document's 文号. One on a line of its own (as printed under a title) wins
 * over one cited in a sentence.
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

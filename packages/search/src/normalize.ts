import { Converter, type ConverterFunction } from 'opencc-js';

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
// Control and private-use characters: never meaningful in a policy text, and the
// private-use range is what search.ts uses to mark highlights.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uE000-\uF8FF]/g;
// Full-width CJK punctuation is left out of NFKC so that normalised text still reads
// as Chinese when shown as a search snippet (NFKC would turn ，into ,).
const NOT_FULLWIDTH_PUNCT = /[^\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]+/g;

const HAN = '\\p{Script=Han}';
const TONE_VOWELS = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ';
const SYLLABLE =
  `(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?` +
  `(?:iang|iong|uang|ang|eng|ing|ong|uai|ian|iao|uan|uen|ai|ei|ao|ou|an|en|er|in|un|ia|ie|iu|ua|uo|ue|ui|a|o|e|i|u|v|ü)[1-5]?`;
const PINYIN_RUN = new RegExp(`^(?:${SYLLABLE})(?:[\\s'’·-]*(?:${SYLLABLE}))*$`, 'i');
// A parenthesised run of Latin letters right after a Han character: 鄉(xiāng), 乡镇（xiāng zhèn）.
const INLINE_PAREN = new RegExp(`(?<=${HAN})\\s*[(（]\\s*([a-z${TONE_VOWELS}1-5\\s'’·-]{1,60}?)\\s*[)）]`, 'giu');

// Runs of the same punctuation mark copied from the web: ",," "。。" "！！".
const REPEATED_PUNCT = /([,，.。!！?？;；:：、~～])\1+/g;
const SPACE_BETWEEN_HAN = new RegExp(`(?<=${HAN})\\s+(?=${HAN})`, 'gu');

let toSimplified: ConverterFunction | undefined;

function stripTones(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036F]/g, '').replace(/ü/gi, 'v');
}

/** Removes pinyin readings that web pages put after characters; leaves other brackets, e.g. 格式(pdf). */
export function stripInlinePinyin(s: string): string {
  return s.replace(INLINE_PAREN, (match, inner: string) => (PINYIN_RUN.test(stripTones(inner.trim())) ? '' : match));
}

/**
 * The one normalisation used at index time and at query time (DESIGN §7): NFKC,
 * no zero-width characters, no inline pinyin, no repeated punctuation, collapsed
 * whitespace (none between Han characters: a PDF line break inside a sentence is
 * not a word break), traditional converted to simplified.
 */
export function normalizeText(input: string): string {
  toSimplified ??= Converter({ from: 't', to: 'cn' });
  let s = input.replace(NOT_FULLWIDTH_PUNCT, (run) => run.normalize('NFKC'));
  s = s.replace(ZERO_WIDTH, '').replace(CONTROL, ' ');
  s = stripInlinePinyin(s);
  s = s.replace(REPEATED_PUNCT, '$1');
  s = s.replace(/\s+/g, ' ').replace(SPACE_BETWEEN_HAN, '').trim();
  return toSimplified(s);
}

/** True when the text has something to search for (a letter or a digit), not only punctuation or emoji. */
export function hasSearchableText(s: string): boolean {
  return /[\p{L}\p{N}]/u.test(s);
}

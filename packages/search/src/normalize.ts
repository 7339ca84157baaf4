import { Converter, type ConverterFunction } from 'opencc-js';
import { asMappedText, replaceMapped, rewritePieces, type MappedText } from './mapped-text.ts';

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
// Control and private-use characters: never meaningful in a policy text, and the
// private-use range is what highlight.ts uses to mark matches.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uE000-\uF8FF]/g;
// Full-width CJK punctuation is left out of NFKC so that normalised text still reads
// as Chinese (NFKC would turn ，into ,).
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
const WHITESPACE = /\s+/g;
const SPACE_BETWEEN_HAN = new RegExp(`(?<=${HAN})\\s+(?=${HAN})`, 'gu');
const EDGE_SPACE = /^ | $/g;
const SURROGATE = /[\uD800-\uDFFF]/;

let toSimplified: ConverterFunction | undefined;
let graphemes: Intl.Segmenter | undefined;

function stripTones(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036F]/g, '').replace(/ü/gi, 'v');
}

/** Drops a pinyin reading that a web page put after a character; keeps other brackets, e.g. 格式(pdf). */
const pinyinOrKeep = (match: string, inner: string) => (PINYIN_RUN.test(stripTones(inner.trim())) ? '' : match);

const nfkcExceptFullwidthPunct = (s: string) => s.replace(NOT_FULLWIDTH_PUNCT, (run) => run.normalize('NFKC'));

/**
 * NFKC one user-perceived character (grapheme) at a time, so that what it composes or
 * expands (ﬁ → fi, e + ◌́ → é) maps back to that character.
 */
function nfkcMapped(mapped: MappedText): MappedText {
  if (nfkcExceptFullwidthPunct(mapped.text) === mapped.text) return mapped;
  graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  const pieces = Array.from(graphemes.segment(mapped.text), (s) => s.segment);
  return rewritePieces(mapped, pieces, nfkcExceptFullwidthPunct);
}

/**
 * Converts with `convert` and maps each output character to the input character at the
 * same place. OpenCC's traditional → simplified phrases all keep their length, so the
 * whole text is converted at once (phrases decide some characters, 乾隆 vs 乾燥); should
 * a dictionary ever change a length, each character is converted on its own instead.
 */
export function convertMapped(mapped: MappedText, convert: ConverterFunction): MappedText {
  const whole = convert(mapped.text);
  // The common case, and the cheap one: unit for unit, so the spans stay as they are.
  if (whole.length === mapped.text.length && !SURROGATE.test(whole) && !SURROGATE.test(mapped.text)) {
    return { ...mapped, text: whole };
  }
  const chars = Array.from(mapped.text);
  const converted = Array.from(whole);
  if (converted.length !== chars.length) return rewritePieces(mapped, chars, convert);
  let i = 0;
  return rewritePieces(mapped, chars, () => converted[i++]!);
}

/**
 * The one normalisation used at index time and at query time (DESIGN §7): NFKC,
 * no zero-width characters, no inline pinyin, no repeated punctuation, collapsed
 * whitespace (none between Han characters: a PDF line break inside a sentence is
 * not a word break), traditional converted to simplified. The result remembers where
 * each character came from in the input, so matches can be shown on the text as written.
 */
export function normalizeMapped(input: string): MappedText {
  toSimplified ??= Converter({ from: 't', to: 'cn' });
  let s = nfkcMapped(asMappedText(input));
  s = replaceMapped(s, ZERO_WIDTH, () => '');
  s = replaceMapped(s, CONTROL, () => ' ');
  s = replaceMapped(s, INLINE_PAREN, pinyinOrKeep);
  s = replaceMapped(s, REPEATED_PUNCT, (_, mark) => mark!);
  s = replaceMapped(s, WHITESPACE, () => ' ');
  s = replaceMapped(s, SPACE_BETWEEN_HAN, () => '');
  s = replaceMapped(s, EDGE_SPACE, () => '');
  return convertMapped(s, toSimplified);
}

/** `normalizeMapped` without the map: what is indexed and searched. */
export function normalizeText(input: string): string {
  return normalizeMapped(input).text;
}

/** True when the text has something to search for (a letter or a digit), not only punctuation or emoji. */
export function hasSearchableText(s: string): boolean {
  return /[\p{L}\p{N}]/u.test(s);
}

import { originalSpan } from './mapped-text.ts';
import { normalizeMapped } from './normalize.ts';

// Private-use characters as highlight and crop markers: normalizeText turns them into
// spaces in indexed text, so in Meilisearch's formatted fields they can only be ours.
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
export const CROP_MARKER = '\uE002';
const MARK_TAGS = /([\uE000\uE001])/;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
const ELLIPSIS = '…';

/** What Meilisearch made of a normalised field: the text it kept, where it marked matches, and whether it cut it. */
interface Formatted {
  plain: string;
  /** [start, end) in `plain`. */
  marks: Array<[number, number]>;
  cutBefore: boolean;
  cutAfter: boolean;
}

function parseFormatted(formatted: string): Formatted {
  const cutBefore = formatted.startsWith(CROP_MARKER);
  const cutAfter = formatted.length > Number(cutBefore) && formatted.endsWith(CROP_MARKER);
  const marks: Array<[number, number]> = [];
  let plain = '';
  let open: number | undefined;
  for (const part of formatted.slice(Number(cutBefore), formatted.length - Number(cutAfter)).split(MARK_TAGS)) {
    if (part === MARK_START) open = plain.length;
    else if (part === MARK_END) {
      if (open !== undefined && plain.length > open) marks.push([open, plain.length]);
      open = undefined;
    } else plain += part;
  }
  return { plain, marks, cutBefore, cutAfter };
}

/** `text` escaped for HTML, with <mark> around the given, sorted and disjoint, ranges. */
function markedHtml(text: string, marks: Array<[number, number]>): string {
  let html = '';
  let at = 0;
  for (const [start, end] of marks) {
    html += `${escapeHtml(text.slice(at, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    at = end;
  }
  return html + escapeHtml(text.slice(at));
}

/** Ranges sorted, overlapping ones joined: two marked normalised words can come from one original character (ﬁ → fi). */
function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** The normalised text as Meilisearch formatted it, escaped, with its marks: when the original cannot be used. */
function normalisedHtml(formatted: Formatted): string {
  return (formatted.cutBefore ? ELLIPSIS : '') + markedHtml(formatted.plain, formatted.marks) + (formatted.cutAfter ? ELLIPSIS : '');
}

/**
 * HTML of the text as written, cut and marked where Meilisearch cut and marked its
 * normalised form (`formatted`: `normalised` with our markers), so a traditional
 * document is shown in its own script with its line breaks, its matched words marked.
 * The normalised text is shown instead if `original` does not normalise to
 * `normalised` (an index built by an older normalisation, until `pnpm reindex`).
 */
export function highlightOriginal(original: string, normalised: string, formatted: string): string {
  const cut = parseFormatted(formatted);
  const mapped = normalizeMapped(original);
  // Where the crop starts; should it occur twice, either place reads the same.
  const offset = normalised.indexOf(cut.plain);
  if (mapped.text !== normalised || offset < 0) return normalisedHtml(cut);
  if (!cut.plain) return '';
  const span = (a: number, b: number) => originalSpan(mapped, offset + a, offset + b);
  const length = cut.plain.length;
  // An uncut edge keeps what normalising dropped there (a trailing pinyin reading, say),
  // but not the whitespace around the text.
  let from = offset === 0 ? 0 : span(0, 1)[0];
  let to = offset + length === normalised.length ? original.length : span(length - 1, length)[1];
  while (from < to && /\s/.test(original[from]!)) from += 1;
  while (to > from && /\s/.test(original[to - 1]!)) to -= 1;
  const marks = mergeRanges(cut.marks.map(([a, b]) => span(a, b)))
    .map(([a, b]): [number, number] => [Math.max(a, from) - from, Math.min(b, to) - from])
    .filter(([a, b]) => b > a);
  return (cut.cutBefore ? ELLIPSIS : '') + markedHtml(original.slice(from, to), marks) + (cut.cutAfter ? ELLIPSIS : '');
}

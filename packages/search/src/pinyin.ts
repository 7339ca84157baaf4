import { pinyin } from 'pinyin-pro';
import { normalizeText } from './normalize.ts';

export interface TitlePinyin {
  /** Words with their syllables joined, every syllable spaced, and the joined tail from each word on. */
  pinyin: string;
  /** Initials of the whole title and of its tail from each word on. */
  initials: string;
}

const HAN = /\p{Script=Han}/u;

// ICU's dictionary-based word breaker (built into Node) segments Chinese well enough
// for titles, so no separate segmenter package is needed.
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

function syllables(word: string, surname: 'off' | 'head' = 'off'): string[] {
  return pinyin(word, { toneType: 'none', type: 'array', v: true, surname, nonZh: 'removed' });
}

interface Word {
  syllables: string[];
  han: boolean;
}

/** The title's words, each as its toneless syllables (a Latin or digit word is one "syllable"). */
function titleWords(title: string): Word[] {
  const words: Word[] = [];
  for (const { segment, isWordLike } of segmenter.segment(normalizeText(title))) {
    if (!isWordLike) continue;
    const han = HAN.test(segment);
    const parts = han ? syllables(segment) : [segment.toLowerCase()];
    if (parts.length > 0) words.push({ syllables: parts, han });
  }
  return words;
}

/**
 * Pinyin fields for a title. Meilisearch matches a query word against whole tokens
 * (and the last query word as a prefix), so the forms people type are all laid out
 * as tokens: 'yiliao baoxian' (words), 'yi liao bao xian' (syllables), 'yiliaobaoxian'
 * and 'ylbx' (prefixes of the joined tail that starts at that word).
 */
export function titlePinyin(title: string): TitlePinyin {
  const words = titleWords(title);
  const joined = words.map((w) => w.syllables.join(''));
  const spaced = words.flatMap((w) => w.syllables);
  const tails = (parts: string[]) => parts.map((_, i) => parts.slice(i).join(''));
  const hanInitials = words.filter((w) => w.han).map((w) => w.syllables.map((s) => s[0]).join(''));
  return {
    // Each form kept whole (not de-duplicated) so its words stay adjacent for proximity.
    pinyin: [joined, spaced, tails(joined)].map((form) => form.join(' ')).filter(Boolean).join(' '),
    initials: tails(hanInitials).join(' '),
  };
}

/**
 * A person's name as joined pinyin (泽仁拉姆 → 'zerenlamu'). The name stays one string
 * (many are Tibetan); only the first character gets its surname reading (曾 → zeng).
 */
export function namePinyin(name: string): string {
  return syllables(normalizeText(name), 'head').join('');
}

/** A person's name as initials (泽仁拉姆 → 'zrlm'). */
export function nameInitials(name: string): string {
  return syllables(normalizeText(name), 'head')
    .map((s) => s[0])
    .join('');
}

/** Both name forms from one conversion: what a bulk roster import computes for every row. */
export function nameForms(name: string): { pinyin: string; initials: string } {
  const parts = syllables(normalizeText(name), 'head');
  return { pinyin: parts.join(''), initials: parts.map((s) => s[0]).join('') };
}

/** A term's pinyin as typed: joined ('yiliaobaoxian') and by word ('yiliao baoxian'). */
export function termPinyin(term: string): string[] {
  const words = titleWords(term).map((w) => w.syllables.join(''));
  return [...new Set([words.join(''), words.join(' ')])].filter(Boolean);
}

import { normalizeText } from './normalize.ts';

export interface Passage {
  /** 0-based position in the document. */
  index: number;
  /** The heading the passage starts with (第三条, 二、申报条件 ...), if any. */
  heading: string | null;
  /** The original text, lines that were only wrapped joined back together. */
  text: string;
  /** `normalizeText(text)`: what is indexed. */
  textNorm: string;
}

export interface PassageOptions {
  /** A section longer than this is cut at sentence ends (default 500 characters). */
  targetChars?: number;
  /** A section shorter than this is merged into the next one (default 60), e.g. a 第一章 line before 第一条. */
  minChars?: number;
}

const NUM = '[一二三四五六七八九十百千零〇两\\d]+';
const HEADING = new RegExp(
  [
    `^第${NUM}[编章节條条節款]`, // 第一章 / 第三条 / 第三條
    `^${NUM}、`, // 一、
    `^[（(]${NUM}[)）]`, // （一）
    '^#{1,6}\\s', // markdown
  ].join('|'),
);
const ARTICLE = new RegExp(`^第${NUM}[條条款]`);
const SENTENCE_END = /[。！？!?；;：:]$/;
const HAN_EDGE = /\p{Script=Han}|[，、。；：！？（）“”]/u;
const MAX_HEADING_CHARS = 30;
const MIN_WRAPPED_CHARS = 20;

interface Section {
  heading: string | null;
  lines: string[];
}

function cleanLine(line: string): string {
  return line.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').trim();
}

/**
 * Rejoins lines a PDF wrapped in mid-sentence: a wrapped line is long and does not end
 * a sentence. Short lines (a title, a heading, a 文号) keep their line break.
 */
function unwrap(lines: string[]): string {
  let out = '';
  let previous = '';
  for (const line of lines) {
    const wrapped = previous.length >= MIN_WRAPPED_CHARS && !SENTENCE_END.test(previous) && !HEADING.test(line);
    if (!out) out = line;
    else if (!wrapped) out += `\n${line}`;
    else if (HAN_EDGE.test(previous.at(-1) ?? '') && HAN_EDGE.test(line[0] ?? '')) out += line;
    else out += ` ${line}`;
    previous = line;
  }
  return out;
}

/** An article (第三条 ...) is named by its number; a titled section by its short title line. */
function headingOf(line: string): string {
  const text = line.replace(/^#{1,6}\s+/, '');
  const article = ARTICLE.exec(text)?.[0];
  if (article) return article;
  if (text.length <= MAX_HEADING_CHARS) return text;
  return text.match(HEADING)?.[0]?.trim() ?? text.slice(0, MAX_HEADING_CHARS);
}

/** Cuts a long text at sentence ends into pieces of about `target` characters. */
function cutAtSentences(text: string, target: number): string[] {
  const sentences = text.match(/[^。！？!?\n]+[。！？!?]*\n?|\n/g) ?? [text];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current && current.length + sentence.length > target) {
      pieces.push(current.trim());
      current = '';
    }
    current += sentence;
    // A single sentence far over the target (no punctuation at all) is cut hard.
    while (current.length > target * 2) {
      pieces.push(current.slice(0, target).trim());
      current = current.slice(target);
    }
  }
  if (current.trim()) pieces.push(current.trim());
  return pieces.filter(Boolean);
}

/**
 * Splits a document's text into passages: at headings (第X章 / 第X条 / 一、/ （一）/
 * markdown #), and long sections further at sentence ends, so that a search hit can
 * point at the passage that matched.
 */
export function splitPassages(text: string, options: PassageOptions = {}): Passage[] {
  const target = options.targetChars ?? 500;
  const min = options.minChars ?? 60;
  const sections: Section[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = cleanLine(raw);
    if (!line) continue;
    if (HEADING.test(line) || sections.length === 0) {
      sections.push({ heading: HEADING.test(line) ? headingOf(line) : null, lines: [] });
    }
    sections.at(-1)?.lines.push(line.replace(/^#{1,6}\s+/, ''));
  }

  // Short sections (a title, a bare 第一章 line) are carried into the next one, which
  // takes the first carried heading.
  const merged: Section[] = [];
  let carried: Section | null = null;
  for (const section of sections) {
    const combined: Section = carried ? { heading: carried.heading, lines: [...carried.lines, ...section.lines] } : section;
    if (section.lines.join('').length < min) carried = combined;
    else {
      merged.push(combined);
      carried = null;
    }
  }
  if (carried) merged.push(carried);

  const passages: Passage[] = [];
  for (const section of merged) {
    cutAtSentences(unwrap(section.lines), target).forEach((piece, i) => {
      passages.push({
        index: passages.length,
        heading: i === 0 ? section.heading : section.heading && `${section.heading}（续）`,
        text: piece,
        textNorm: normalizeText(piece),
      });
    });
  }
  return passages;
}

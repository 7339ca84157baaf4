/**
 * A text that remembers where each of its characters came from in an original text, so
 * that positions found in a normalised text (a search match) can be moved back onto the
 * text as written. For each UTF-16 unit i of `text`, the original span is
 * `[start[i], end[i])`; both units of a surrogate pair share one span, and a span always
 * starts and ends between whole characters of the original.
 */
export interface MappedText {
  readonly text: string;
  readonly start: readonly number[];
  readonly end: readonly number[];
}

/** The text mapped onto itself, one span per character (code point). */
export function asMappedText(original: string): MappedText {
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < original.length; ) {
    const width = codePointWidth(original, i);
    for (let k = 0; k < width; k += 1) {
      start.push(i);
      end.push(i + width);
    }
    i += width;
  }
  return { text: original, start, end };
}

/** The original span of the units `[from, to)` of a mapped text (to > from). */
export function originalSpan(mapped: MappedText, from: number, to: number): [number, number] {
  return [mapped.start[from]!, mapped.end[to - 1]!];
}

/** Builds a mapped text piece by piece from the units of a source mapped text. */
class Rewrite {
  private text = '';
  private readonly start: number[] = [];
  private readonly end: number[] = [];

  constructor(private readonly source: MappedText) {}

  /** Keeps the source's units `[from, to)` as they are. */
  keep(from: number, to: number): void {
    if (to <= from) return;
    this.text += this.source.text.slice(from, to);
    for (let i = from; i < to; i += 1) {
      this.start.push(this.source.start[i]!);
      this.end.push(this.source.end[i]!);
    }
  }

  /** Puts `replacement` for the source's units `[from, to)`: each of its units comes from all of them. */
  put(from: number, to: number, replacement: string): void {
    if (!replacement) return;
    const [spanStart, spanEnd] = originalSpan(this.source, from, to);
    this.text += replacement;
    for (let k = 0; k < replacement.length; k += 1) {
      this.start.push(spanStart);
      this.end.push(spanEnd);
    }
  }

  done(): MappedText {
    return { text: this.text, start: this.start, end: this.end };
  }
}

/**
 * `String.prototype.replace` with a global pattern (that never matches '') and a function,
 * keeping the map: the text between matches keeps its spans, a replacement comes from its
 * whole match.
 */
export function replaceMapped(mapped: MappedText, pattern: RegExp, replace: (...match: string[]) => string): MappedText {
  if (!pattern.global) throw new Error('replaceMapped needs a global pattern');
  pattern.lastIndex = 0; // matchAll starts where the pattern last stopped
  const matches = [...mapped.text.matchAll(pattern)];
  if (matches.length === 0) return mapped;
  const out = new Rewrite(mapped);
  let last = 0;
  for (const match of matches) {
    const from = match.index;
    const to = from + match[0].length;
    out.keep(last, from);
    out.put(from, to, replace(...(match as unknown as string[])));
    last = to;
  }
  out.keep(last, mapped.text.length);
  return out.done();
}

/**
 * Rewrites the text piece by piece: `pieces` cuts the text into consecutive pieces and
 * `rewrite` gives each its new form; a changed piece comes from its whole original.
 */
export function rewritePieces(mapped: MappedText, pieces: Iterable<string>, rewrite: (piece: string) => string): MappedText {
  const out = new Rewrite(mapped);
  let at = 0;
  for (const piece of pieces) {
    const next = rewrite(piece);
    if (next === piece) out.keep(at, at + piece.length);
    else out.put(at, at + piece.length, next);
    at += piece.length;
  }
  out.keep(at, mapped.text.length);
  return out.done();
}

function codePointWidth(s: string, i: number): number {
  return (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CROP_MARKER as CUT, MARK_END as E, MARK_START as S, highlightOriginal } from './highlight.ts';
import { normalizeText } from './normalize.ts';

/** What Meilisearch would send for `original` with `marked` words marked (no cut). */
function formatted(original: string, marked: string[]): string {
  let norm = normalizeText(original);
  for (const word of marked) norm = norm.replaceAll(word, `${S}${word}${E}`);
  return norm;
}

describe('highlightOriginal', () => {
  it('marks a traditional title in its own script', () => {
    const title = '醫療保險報銷辦法';
    expect(highlightOriginal(title, normalizeText(title), formatted(title, ['医疗', '保险']))).toBe('<mark>醫療</mark><mark>保險</mark>報銷辦法');
  });

  it('cuts a snippet from the original where Meilisearch cut the normalised text, keeping line breaks', () => {
    const original = '第一章 總則\n第一條 為規範城鄉居民醫療保險報銷工作，制定本辦法。\n第二條 鄉鎮衛生院住院費用按規定比例報銷。';
    const norm = normalizeText(original);
    const cropped = `${CUT}${norm.slice(norm.indexOf('为规范'), norm.indexOf('第二条') + 3)}${CUT}`.replace('医疗保险', `${S}医疗${E}${S}保险${E}`);
    expect(highlightOriginal(original, norm, cropped)).toBe('…為規範城鄉居民<mark>醫療</mark><mark>保險</mark>報銷工作，制定本辦法。\n第二條…');
  });

  it('keeps line breaks between headings of an uncut passage', () => {
    const original = '白玉縣醫療保險辦法\n第一章 總則\n第一條 參保人員就醫。';
    expect(highlightOriginal(original, normalizeText(original), formatted(original, ['总则']))).toBe('白玉縣醫療保險辦法\n第一章 <mark>總則</mark>\n第一條 參保人員就醫。');
  });

  it('marks the original characters behind inline pinyin, ligatures and doubled punctuation', () => {
    const original = '鄉(xiāng)鎮(zhèn)衛生院,,報銷 ﬁnance';
    expect(highlightOriginal(original, normalizeText(original), formatted(original, ['乡镇', 'finance']))).toBe(
      '<mark>鄉(xiāng)鎮</mark>(zhèn)衛生院,,報銷 <mark>ﬁnance</mark>',
    );
  });

  it('escapes the original text and adds only its own marks', () => {
    const original = '參保人員<script>在縣外就醫</script>需要備案 & "登記"';
    const html = highlightOriginal(original, normalizeText(original), formatted(original, ['县外就医']));
    expect(html).toBe('參保人員&lt;script&gt;在<mark>縣外就醫</mark>&lt;/script&gt;需要備案 &amp; &quot;登記&quot;');
  });

  it('shows the normalised text when the original no longer normalises to what was indexed', () => {
    expect(highlightOriginal('醫療保險', '医疗保險', `${S}医疗${E}保險`)).toBe('<mark>医疗</mark>保險');
    expect(highlightOriginal('', '', '')).toBe('');
  });

  it('marks whole original characters for any mark Meilisearch could make', () => {
    const han = fc.constantFrom(...'醫療保險報銷鄉鎮衛生院住院乾隆犛牛医疗');
    // All of it normalises away but '<' and '&', which stay as one character each.
    const noise = fc.constantFrom('', '', '\u200B', '\n', '  ', '(xiāng)', '（zhèn）', '<', '&');
    const cases = fc
      .array(fc.tuple(han, noise), { minLength: 1, maxLength: 30 })
      .chain((tokens) => fc.tuple(fc.constant(tokens), fc.nat(tokens.length - 1), fc.nat(tokens.length - 1)));
    const escape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
    fc.assert(
      fc.property(cases, ([tokens, i, j]) => {
        const [first, last] = [Math.min(i, j), Math.max(i, j)];
        const original = tokens.map(([char, after]) => char + after).join('');
        const norm = normalizeText(original);
        // Where token k starts, in the original and in the normalised text.
        const inOriginal = (k: number) => tokens.slice(0, k).reduce((n, [char, after]) => n + char.length + after.length, 0);
        const inNorm = (k: number) => tokens.slice(0, k).reduce((n, [, after]) => n + 1 + (after === '<' || after === '&' ? 1 : 0), 0);
        const [a, b] = [inNorm(first), inNorm(last) + 1];
        const marked = `${norm.slice(0, a)}${S}${norm.slice(a, b)}${E}${norm.slice(b)}`;
        const [start, end] = [inOriginal(first), inOriginal(last) + 1];
        expect(highlightOriginal(original, norm, marked)).toBe(
          `${escape(original.slice(0, start))}<mark>${escape(original.slice(start, end))}</mark>${escape(original.slice(end).trimEnd())}`,
        );
      }),
    );
  });

  it('shows any text whole when Meilisearch did not cut it, with one mark wherever it marked', () => {
    const texts = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }));
    const unescape = (s: string) => s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
    fc.assert(
      fc.property(texts, fc.nat(), fc.nat(), (original, i, j) => {
        const chars = Array.from(normalizeText(original));
        fc.pre(chars.length > 0);
        const a = i % chars.length;
        const b = a + 1 + (j % (chars.length - a));
        const marked = [...chars.slice(0, a), S, ...chars.slice(a, b), E, ...chars.slice(b)].join('');
        const html = highlightOriginal(original, chars.join(''), marked);
        expect(html.match(/<mark>[^]+?<\/mark>/g)).toHaveLength(1);
        expect(unescape(html.replace(/<\/?mark>/g, ''))).toBe(original.trim());
      }),
      { numRuns: 500 },
    );
  });
});

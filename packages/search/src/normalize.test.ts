import fc from 'fast-check';
import { CustomConverter } from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { asMappedText } from './mapped-text.ts';
import { convertMapped, hasSearchableText, normalizeMapped, normalizeText } from './normalize.ts';

describe('normalizeText', () => {
  it('converts traditional to simplified', () => {
    expect(normalizeText('醫療保險')).toBe('医疗保险');
    expect(normalizeText('鄉鎮搬遷報銷')).toBe('乡镇搬迁报销');
    expect(normalizeText('犛牛')).toBe('牦牛');
  });

  it('applies NFKC to letters and digits but keeps Chinese punctuation', () => {
    expect(normalizeText('２０２４年ＡＢ')).toBe('2024年AB');
    expect(normalizeText('医保，报销：')).toBe('医保，报销：');
  });

  it('strips zero-width characters', () => {
    expect(normalizeText('医\u200B疗\u200C保\u200D险\uFEFF\u2060')).toBe('医疗保险');
  });

  it('strips inline pinyin after a Han character', () => {
    expect(normalizeText('鄉(xiāng)鎮(zhèn)')).toBe('乡镇');
    expect(normalizeText('乡（xiāng）村')).toBe('乡村');
    expect(normalizeText('搬迁(bān qiān)安置')).toBe('搬迁安置');
    expect(normalizeText('绿(lǜ)色')).toBe('绿色');
    expect(normalizeText('牦牛 (mao2niu2)')).toBe('牦牛');
  });

  it('keeps brackets that are not pinyin', () => {
    expect(normalizeText('格式(pdf)')).toBe('格式(pdf)');
    expect(normalizeText('（一）总则')).toBe('（一）总则');
    expect(normalizeText('标准(GB 2762)')).toBe('标准(GB 2762)');
  });

  it('collapses repeated punctuation', () => {
    expect(normalizeText('医保,,报销。。好！！真的？？')).toBe('医保,报销。好！真的？');
    expect(normalizeText('一、、二')).toBe('一、二');
  });

  it('collapses whitespace and drops it between Han characters', () => {
    expect(normalizeText('  医疗\n保险   new  rules \t')).toBe('医疗保险 new rules');
    expect(normalizeText('第一条 为了规范')).toBe('第一条为了规范');
  });

  it('is idempotent', () => {
    const once = normalizeText('醫療保險(yī liáo),,報銷。。');
    expect(normalizeText(once)).toBe(once);
  });
});

describe('hasSearchableText', () => {
  it('rejects punctuation and emoji only', () => {
    expect(hasSearchableText('!!!，。🙂🐮')).toBe(false);
    expect(hasSearchableText('医保🙂')).toBe(true);
    expect(hasSearchableText('2024')).toBe(true);
  });
});

describe('normalizeMapped', () => {
  const isBoundary = (s: string, i: number) => i === 0 || i === s.length || !/[\uDC00-\uDFFF]/.test(s[i]!) || !/[\uD800-\uDBFF]/.test(s[i - 1]!);
  // Text as it arrives: Han in both scripts, Latin, digits, full-width forms, ligatures,
  // combining marks, emoji, zero-width and control characters, runs of whitespace and
  // punctuation, inline pinyin.
  const pieces = fc.constantFrom(
    '醫', '療', '保', '險', '鄉', '鎮', '乾', '隆', '医', '疗', '乡', '犛', '牛', 'a', 'Z', '7', '２', 'Ａ', 'ﬁ', '㈱', '①', 'e\u0301', '\u0301',
    '🐮', '𠀀', '\uD83D', '\u200B', '\uFEFF', '\u0007', '\uE000', ' ', '\n', '\t', '\u3000', ',', ',,', '，', '。。', '！', '(', ')', '（xiāng）', '(zhèn)', '(pdf)',
  );
  const texts = fc.oneof(fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')), fc.string({ unit: 'binary', maxLength: 40 }));

  it('maps every normalised character onto whole original characters, in order', () => {
    fc.assert(
      fc.property(texts, (input) => {
        const { text, start, end } = normalizeMapped(input);
        expect(text).toBe(normalizeText(input));
        expect(start).toHaveLength(text.length);
        expect(end).toHaveLength(text.length);
        for (let i = 0; i < text.length; i += 1) {
          expect(0 <= start[i]! && start[i]! < end[i]! && end[i]! <= input.length).toBe(true);
          expect(isBoundary(input, start[i]!) && isBoundary(input, end[i]!)).toBe(true);
          if (i > 0) expect(start[i - 1]! <= start[i]! && end[i - 1]! <= end[i]!).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('maps each character of a noisy traditional text back to that very character', () => {
    const han = fc.constantFrom(...'醫療保險報銷鄉鎮衛生院住院費用乾隆犛牛医疗保险');
    const noise = fc.constantFrom('', '', '\u200B', '\n', '  ', '\n\n', '(xiāng)', '（zhèn）', ' (bān qiān) ');
    fc.assert(
      fc.property(fc.array(fc.tuple(han, noise), { minLength: 1, maxLength: 30 }), (tokens) => {
        let input = '';
        const positions: number[] = [];
        for (const [char, after] of tokens) {
          positions.push(input.length);
          input += char + after;
        }
        const { text, start, end } = normalizeMapped(input);
        expect(text).toBe(normalizeText(tokens.map(([char]) => char).join('')));
        expect(start).toEqual(positions);
        expect(end).toEqual(positions.map((p) => p + 1));
      }),
    );
  });
});

describe('convertMapped', () => {
  it('falls back to character by character when a conversion changes the length', () => {
    const mapped = convertMapped(asMappedText('ab c'), CustomConverter([['ab', 'x'], ['a', 'y'], ['b', 'zz']]));
    expect(mapped.text).toBe('yzz c');
    expect(mapped.start).toEqual([0, 1, 1, 2, 3]);
    expect(mapped.end).toEqual([1, 2, 2, 3, 4]);
  });
});

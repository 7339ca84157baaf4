import { describe, expect, it } from 'vitest';
import { hasSearchableText, normalizeText, stripInlinePinyin } from './normalize.ts';

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
    expect(stripInlinePinyin('格式(pdf)')).toBe('格式(pdf)');
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

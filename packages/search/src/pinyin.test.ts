import { describe, expect, it } from 'vitest';
import { nameInitials, namePinyin, titlePinyin } from './pinyin.ts';

describe('titlePinyin', () => {
  const { pinyin, initials } = titlePinyin('白玉县城乡居民基本医疗保险报销实施办法');
  const tokens = pinyin.split(' ');
  const initialTokens = initials.split(' ');

  it('has the words with their syllables joined', () => {
    expect(pinyin).toContain('yiliao baoxian');
  });

  it('has every syllable spaced', () => {
    expect(pinyin).toContain('yi liao bao xian');
  });

  it('has a joined tail from each word, so joined queries match as prefixes', () => {
    expect(tokens.some((t) => t.startsWith('yiliaobaoxian'))).toBe(true);
    expect(tokens.some((t) => t.startsWith('baiyuxianchengxiang'))).toBe(true);
  });

  it('has initials from each word on', () => {
    expect(initialTokens[0]).toBe('byxcxjmjbylbxbxssbf');
    expect(initialTokens.some((t) => t.startsWith('ylbx'))).toBe(true);
  });

  it('reads traditional titles the same way', () => {
    expect(titlePinyin('醫療保險').pinyin).toBe(titlePinyin('医疗保险').pinyin);
  });

  it('keeps Latin and digits out of the initials', () => {
    const result = titlePinyin('2024年医保政策');
    expect(result.pinyin).toContain('2024');
    expect(result.initials.split(' ')[0]).toMatch(/^[a-z]+$/);
  });

  it('handles an empty title', () => {
    expect(titlePinyin('')).toEqual({ pinyin: '', initials: '' });
  });
});

describe('names', () => {
  it('gives joined pinyin and initials without splitting the name', () => {
    expect(namePinyin('泽仁拉姆')).toBe('zerenlamu');
    expect(nameInitials('泽仁拉姆')).toBe('zrlm');
    expect(nameInitials('扎西多吉')).toBe('zxdj');
  });

  it('reads the first character as a surname', () => {
    expect(namePinyin('曾国华')).toBe('zengguohua');
  });
});

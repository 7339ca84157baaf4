import { describe, expect, it } from 'vitest';
import { isValidDocNumber, normalizeDocNumber, parseDocNumber } from './doc-number.ts';

describe('parseDocNumber', () => {
  it('finds a 文号 on its own line', () => {
    expect(parseDocNumber('白玉县人民政府\n川府发〔2024〕12号\n关于……')).toBe('川府发〔2024〕12号');
    expect(parseDocNumber('标题\n白府办发〔2023〕5号')).toBe('白府办发〔2023〕5号');
  });

  it('normalises other brackets and full-width digits', () => {
    expect(parseDocNumber('国医保发[2022]3号')).toBe('国医保发〔2022〕3号');
    expect(parseDocNumber('川医保发（２０２３）１５号')).toBe('川医保发〔2023〕15号');
    expect(parseDocNumber('甘州农发【2021】08号')).toBe('甘州农发〔2021〕8号');
  });

  it('prefers the line-leading number over one cited in a sentence, and trims leading words', () => {
    expect(parseDocNumber('根据川府发〔2020〕3号文件精神\n白府发〔2024〕7号')).toBe('白府发〔2024〕7号');
    expect(parseDocNumber('按照川府发〔2020〕3号文件要求执行。')).toBe('川府发〔2020〕3号');
  });

  it('returns undefined when there is none', () => {
    expect(parseDocNumber('2024年工作要点')).toBeUndefined();
  });
});

describe('isValidDocNumber / normalizeDocNumber', () => {
  it('accepts only the standard form', () => {
    expect(isValidDocNumber('川府发〔2024〕12号')).toBe(true);
    expect(isValidDocNumber('川府发[2024]12号')).toBe(false);
    expect(isValidDocNumber('〔2024〕12号')).toBe(false);
    expect(isValidDocNumber('川府发〔2024〕0号')).toBe(false);
    expect(isValidDocNumber(normalizeDocNumber('川府发 [2024] 12号'))).toBe(true);
  });
});

describe('traditional 文号', () => {
  it('keeps 號 as written', () => {
    expect(parseDocNumber('醫療保險異地就醫備案指引\n川醫保發〔2022〕21號')).toBe('川醫保發〔2022〕21號');
  });
});

describe('the 第 some people write before the serial number', () => {
  it('is dropped, as GB/T 9704 writes a 文号', () => {
    expect(parseDocNumber('川府发〔2024〕第12号')).toBe('川府发〔2024〕12号');
    expect(normalizeDocNumber('川府发〔2024〕第12号')).toBe('川府发〔2024〕12号');
  });
});

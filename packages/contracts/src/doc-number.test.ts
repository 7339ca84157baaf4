import { describe, expect, it } from 'vitest';
import { isValidDocNumber, normalizeDocNumber } from './doc-number.ts';

describe('normalizeDocNumber', () => {
  it.each([
    ['川府发[2024]12号', '川府发〔2024〕12号'],
    ['川府发 [2024] 12号', '川府发〔2024〕12号'],
    ['川府发（2024）12号', '川府发〔2024〕12号'],
    ['川府发(2024)12号', '川府发〔2024〕12号'],
    ['川府发［2024］12号', '川府发〔2024〕12号'],
    ['白民发【2023】6号', '白民发〔2023〕6号'],
    ['川府发〔2024〕第12号', '川府发〔2024〕12号'],
    ['甘州农发〔2021〕08号', '甘州农发〔2021〕8号'],
    ['川医保发（２０２３）１５号', '川医保发〔2023〕15号'],
    [' 川府发〔2024〕12号 ', '川府发〔2024〕12号'],
    ['川醫保發〔2022〕21號', '川醫保發〔2022〕21號'],
  ])('writes %s as %s', (typed, standard) => {
    expect(normalizeDocNumber(typed)).toBe(standard);
    expect(isValidDocNumber(standard)).toBe(true);
  });

  it('leaves the standard form as it is', () => {
    expect(normalizeDocNumber('川府发〔2024〕12号')).toBe('川府发〔2024〕12号');
  });

  it('does not make a 文号 out of something else', () => {
    expect(isValidDocNumber(normalizeDocNumber('2024年工作要点'))).toBe(false);
    expect(isValidDocNumber(normalizeDocNumber('川府发〔2024〕0号'))).toBe(false);
    expect(normalizeDocNumber('')).toBe('');
  });
});

describe('isValidDocNumber', () => {
  it('accepts only the standard form', () => {
    expect(isValidDocNumber('川府发〔2024〕12号')).toBe(true);
    expect(isValidDocNumber('川府发[2024]12号')).toBe(false);
    expect(isValidDocNumber('川府发〔2024〕第12号')).toBe(false);
    expect(isValidDocNumber('川府发〔24〕12号')).toBe(false);
    expect(isValidDocNumber('〔2024〕12号')).toBe(false);
    expect(isValidDocNumber('川府发〔2024〕0号')).toBe(false);
    expect(isValidDocNumber('川府发〔2024〕012号')).toBe(false);
  });
});

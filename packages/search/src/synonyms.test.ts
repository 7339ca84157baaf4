import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNONYM_GROUPS, synonymExpansion, toMeiliSynonyms } from './synonyms.ts';

describe('toMeiliSynonyms', () => {
  it('maps every term to all the others of its group', () => {
    const synonyms = toMeiliSynonyms([['医保', '医疗保险', '基本医疗保险']]);
    expect(synonyms['医保']).toEqual(['医疗保险', '基本医疗保险'].sort());
    expect(synonyms['基本医疗保险']).toEqual(['医保', '医疗保险'].sort());
  });

  it('normalises terms (traditional, full-width, case)', () => {
    const synonyms = toMeiliSynonyms([['醫保', 'ＡＢＣ']]);
    expect(synonyms['医保']).toEqual(['abc']);
    expect(synonyms['abc']).toContain('医保');
  });

  it('adds the pinyin forms as a group', () => {
    const synonyms = toMeiliSynonyms([['医保', '医疗保险']]);
    expect(synonyms['yibao']).toEqual(['yi bao', 'yiliao baoxian', 'yiliaobaoxian']);
  });

  it('merges a term that is in two groups', () => {
    const synonyms = toMeiliSynonyms([['a', 'b'], ['a', 'c']]);
    expect(synonyms['a']).toEqual(['b', 'c']);
  });

  it('has the default groups a secretary expects', () => {
    const synonyms = toMeiliSynonyms(DEFAULT_SYNONYM_GROUPS);
    expect(synonyms['新农合']).toContain('新型农村合作医疗');
    expect(synonyms['低保']).toContain('最低生活保障');
    expect(synonyms['易地搬迁']).toContain('易地扶贫搬迁');
    expect(DEFAULT_SYNONYM_GROUPS.length).toBeGreaterThanOrEqual(15);
  });
});

describe('synonymExpansion', () => {
  it('adds the other terms of each group the text mentions', () => {
    expect(synonymExpansion('采集虫草的规定', [['虫草', '冬虫夏草'], ['低保', '最低生活保障']])).toEqual(['冬虫夏草']);
  });

  it('adds nothing for terms already present', () => {
    expect(synonymExpansion('医保即医疗保险', [['医保', '医疗保险']])).toEqual([]);
  });
});

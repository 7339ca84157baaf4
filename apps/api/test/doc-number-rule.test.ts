import * as contracts from '@fieldschool/contracts';
import * as search from '@fieldschool/search';
import { describe, expect, it } from 'vitest';

// The 文号 rule lives in contracts (api and web use it). packages/search keeps a copy because it
// never imports contracts (DESIGN §3); this test ties the copy to the rule, case by case.
const cases = [
  '川府发〔2024〕12号',
  '川府发[2024]12号',
  '川府发 [2024] 12号',
  '川府发（2024）12号',
  '川府发(2024)12号',
  '川府发［2024］12号',
  '白民发【2023】6号',
  '川府发〖2024〗12号',
  '川府发〔2024〕第12号',
  '川府发〔2024〕 第 12 号',
  '甘州农发〔2021〕08号',
  '川医保发（２０２３）１５号',
  '川醫保發〔2022〕21號',
  ' 白府办发〔2023〕5号 ',
  '川府发〔2024〕0号',
  '川府发〔24〕12号',
  '〔2024〕12号',
  '川府发2024年12号',
  '2024年工作要点',
  '',
];

describe('the 文号 rule and its copy in packages/search', () => {
  it.each(cases)('agree on %s', (typed) => {
    const standard = contracts.normalizeDocNumber(typed);
    expect(search.normalizeDocNumber(typed)).toBe(standard);
    expect(search.isValidDocNumber(standard)).toBe(contracts.isValidDocNumber(standard));
    expect(search.isValidDocNumber(typed)).toBe(contracts.isValidDocNumber(typed));
    // A 文号 found in a document's text comes out in the form the api stores.
    expect(search.parseDocNumber(typed) ?? null).toBe(contracts.isValidDocNumber(standard) ? standard : null);
  });
});

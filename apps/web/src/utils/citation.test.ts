import { describe, expect, it } from 'vitest';
import { formatBytes, formatCitation } from './citation.ts';

describe('formatCitation', () => {
  it('writes 文号 then the title in book-title marks', () => {
    expect(formatCitation({ docNumber: '白府发〔2024〕7号', title: '白玉县城乡居民基本医疗保险报销实施办法' })).toBe(
      '白府发〔2024〕7号《白玉县城乡居民基本医疗保险报销实施办法》',
    );
  });

  it('cites the title alone when there is no 文号, and never doubles the marks', () => {
    expect(formatCitation({ docNumber: null, title: '河坡鄉衛生院巡診服務安排' })).toBe('《河坡鄉衛生院巡診服務安排》');
    expect(formatCitation({ docNumber: '  ', title: '《法律援助申请指南》' })).toBe('《法律援助申请指南》');
  });

  it('cites a loosely typed 文号 in its standard form', () => {
    expect(formatCitation({ docNumber: '川府发 [2024] 第12号', title: '四川省医疗保障办法' })).toBe('川府发〔2024〕12号《四川省医疗保障办法》');
    expect(formatCitation({ docNumber: '白民发【2023】6号', title: '白玉县农村最低生活保障实施细则' })).toBe(
      '白民发〔2023〕6号《白玉县农村最低生活保障实施细则》',
    );
  });
});

describe('formatBytes', () => {
  it('picks a readable unit', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(350 * 1024)).toBe('350 KB');
    expect(formatBytes(1.25 * 1024 * 1024)).toBe('1.3 MB');
  });
});

describe('joinMarks', () => {
  it('merges touching highlights only', async () => {
    const { joinMarks } = await import('./highlight.ts');
    expect(joinMarks('<mark>医疗</mark><mark>保险</mark>报销 <mark>医保</mark>')).toBe('<mark>医疗保险</mark>报销 <mark>医保</mark>');
  });
});

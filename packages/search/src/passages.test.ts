import { describe, expect, it } from 'vitest';
import { splitPassages } from './passages.ts';

const articles = [
  '白玉县城乡居民医疗保险报销办法',
  '第一章 总则',
  '第一条 为规范城乡居民基本医疗保险报销工作，保障参保群众的合法权益，结合本县实际，制定本办法。',
  '第二条 本办法适用于本县行政区域内参加城乡居民基本医疗保险的人员，包括农牧民、城镇居民和在校学生。',
  '第二章 报销标准',
  '第三條 鄉鎮衛生院住院費用報銷比例為百分之八十五，起付線為一百元，年度最高支付限額按照州裡規定執行。',
].join('\n');

describe('splitPassages', () => {
  it('splits at 第X条 and merges a bare 第X章 line into the next article', () => {
    const passages = splitPassages(articles, { minChars: 20 });
    expect(passages.map((p) => p.heading)).toEqual([null, '第二条', '第二章 报销标准']);
    expect(passages[0]?.text).toContain('第一条 为规范');
    expect(passages[2]?.text).toContain('第三條 鄉鎮衛生院');
  });

  it('keeps the original text and a normalised one', () => {
    const last = splitPassages(articles, { minChars: 20 }).at(-1);
    expect(last?.text).toContain('鄉鎮衛生院');
    expect(last?.textNorm).toContain('乡镇卫生院');
  });

  it('splits at 一、 and （一） and markdown headings', () => {
    const text = [
      '# 马铃薯种植技术要点',
      '一、选种',
      '选用脱毒种薯，单薯重量在五十克左右为宜，切块时每块保留一到两个芽眼，切刀用酒精消毒。',
      '（一）播种时间',
      '海拔三千米以上的地区在五月上旬播种，地温稳定在七摄氏度以上后再下种，避免冻害发生。',
      '## 二、田间管理',
      '出苗后及时中耕除草，现蕾期追施钾肥，注意防治晚疫病，发现病株立即拔除并带出田外深埋处理。',
    ].join('\n');
    const passages = splitPassages(text, { minChars: 20 });
    expect(passages.map((p) => p.heading)).toEqual(['马铃薯种植技术要点', '（一）播种时间', '二、田间管理']);
    expect(passages[0]?.text).toBe('马铃薯种植技术要点\n一、选种\n选用脱毒种薯，单薯重量在五十克左右为宜，切块时每块保留一到两个芽眼，切刀用酒精消毒。');
  });

  it('rejoins lines wrapped in mid-sentence', () => {
    const [passage] = splitPassages('第一条 参保群众在乡镇卫生院住院治疗的，按照规定的比例报销，其中住\n院的，报销比例为百分之八十五。\n第二条 另起一段的内容在这里，长度足够成为独立的段落，不会被合并到前一条里面去的。', { minChars: 10 });
    expect(passage?.text).toBe('第一条 参保群众在乡镇卫生院住院治疗的，按照规定的比例报销，其中住院的，报销比例为百分之八十五。');
  });

  it('cuts long text without headings at sentence ends', () => {
    const sentence = '高原地区种植青稞要注意选择耐寒品种并适时播种。';
    const passages = splitPassages(sentence.repeat(60), { targetChars: 500 });
    expect(passages.length).toBeGreaterThan(2);
    for (const p of passages) {
      expect(p.text.length).toBeLessThanOrEqual(500);
      expect(p.text.endsWith('。')).toBe(true);
    }
    expect(passages.map((p) => p.index)).toEqual(passages.map((_, i) => i));
  });

  it('returns nothing for empty text', () => {
    expect(splitPassages(' \n\n ')).toEqual([]);
  });
});

import { normalizeText } from './normalize.ts';
import { termPinyin } from './pinyin.ts';

/** Terms that mean the same thing to a village secretary; any one finds the others. */
export type SynonymGroup = readonly string[];

// Script variants (牦牛/犛牛, 医疗/醫療) need no entry: normalizeText folds them.
export const DEFAULT_SYNONYM_GROUPS: readonly SynonymGroup[] = [
  ['医保', '医疗保险'],
  ['新农合', '新型农村合作医疗', '合作医疗'],
  ['城乡居民医保', '居民医保', '城乡居民基本医疗保险'],
  ['大病保险', '大病医保'],
  ['低保', '最低生活保障'],
  ['五保', '五保供养', '五保户'],
  ['特困供养', '特困人员救助供养'],
  ['易地搬迁', '易地扶贫搬迁'],
  ['危房改造', '危改'],
  ['残疾人补贴', '残补', '残疾人两项补贴'],
  ['养老保险', '养老金'],
  ['家庭医生', '家医', '签约医生'],
  ['临时救助', '临救'],
  ['教育资助', '学生资助', '助学金'],
  ['产业扶持', '产业帮扶'],
  ['法律援助', '法援'],
  ['人民调解', '民间纠纷调解'],
  ['土地承包', '承包地'],
  ['马铃薯', '土豆', '洋芋'],
  ['虫草', '冬虫夏草'],
  ['温室大棚', '蔬菜大棚'],
];

function addGroup(map: Map<string, Set<string>>, terms: string[]): void {
  for (const term of terms) {
    const others = map.get(term) ?? new Set<string>();
    for (const other of terms) if (other !== term) others.add(other);
    map.set(term, others);
  }
}

/**
 * Meilisearch's synonyms object: every term maps to all the others of its group, all
 * normalised as queries are. Each group's pinyin forms become a group too, so 'yibao'
 * finds a title read as 'yiliao baoxian'.
 */
export function toMeiliSynonyms(groups: readonly SynonymGroup[]): Record<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const group of groups) {
    const terms = [...new Set(group.map((t) => normalizeText(t).toLowerCase()).filter(Boolean))];
    addGroup(map, terms);
    addGroup(map, [...new Set(terms.flatMap(termPinyin))]);
  }
  return Object.fromEntries([...map].filter(([, others]) => others.size > 0).map(([term, others]) => [term, [...others].sort()]));
}

/**
 * The terms of every group the text mentions, minus those it already contains. The
 * indexer stores them in `synonyms_norm`: Meilisearch applies synonyms per query word,
 * and a term like 冬虫夏草 can be segmented differently in the query than in the
 * synonym list, so the document side carries the other spellings as well.
 */
export function synonymExpansion(normalisedText: string, groups: readonly SynonymGroup[]): string[] {
  const extra = new Set<string>();
  for (const group of groups) {
    const terms = group.map((t) => normalizeText(t).toLowerCase());
    if (!terms.some((t) => normalisedText.includes(t))) continue;
    for (const term of terms) if (!normalisedText.includes(term)) extra.add(term);
  }
  return [...extra];
}

/**
 * Baiyu County's townships with the villages we seed. The first names are from the
 * county's records (DESIGN.md §1); the rest are made-up village names in the local style,
 * enough for a county of about 150 villages.
 */
export const countyName = '白玉县';

export const namedVillages: Record<string, string[]> = {
  河坡乡: ['根呷村', '马门村'],
  麻绒乡: ['金都村', '如须村'],
  纳塔乡: ['八吉村'],
  阿察镇: ['阿察村', '也良村'],
  热加乡: ['麻通村'],
};

export const townships = [
  '建设镇', '阿察镇', '河坡乡', '麻绒乡', '纳塔乡', '安孜乡', '金沙乡', '热加乡',
  '登龙乡', '赠科乡', '辽西乡', '章都乡', '沙马乡', '山岩乡', '盖玉乡', '波罗乡', '昌台乡',
] as const;

const syllables = ['呷', '拉', '扎', '邓', '然', '德', '格', '绒', '日', '巴', '卡', '松', '多', '龙', '塔', '麦', '玛', '嘎', '措', '曲', '察', '普', '宗', '色', '吉', '翁', '莫', '亚'];

/** Two syllables + 村, unique within the county. */
export function villageNames(count: number, random: { pick: <T>(items: readonly T[]) => T }, taken: Set<string>): string[] {
  const names: string[] = [];
  while (names.length < count) {
    const name = `${random.pick(syllables)}${random.pick(syllables)}村`;
    if (taken.has(name)) continue;
    taken.add(name);
    names.push(name);
  }
  return names;
}

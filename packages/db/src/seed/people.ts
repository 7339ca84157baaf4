import type { Random } from './random.ts';

// Tibetan names are given whole (泽仁拉姆); never split them into surname and given name.
const tibetanParts = ['泽仁', '扎西', '次仁', '卓玛', '格桑', '拉姆', '多吉', '益西', '达瓦', '尼玛', '央金', '曲珍', '登珠', '洛绒', '四郎', '降措', '呷绒', '泽翁', '白玛', '土登', '翁姆', '贡布', '志玛', '阿旺'];
const hanSurnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '罗', '邓'];
const hanGiven = ['秀英', '建国', '红梅', '志强', '桂兰', '德明', '春燕', '永福', '玉珍', '文华', '海燕', '国强', '丽', '军', '平', '芳', '勇', '敏'];

export function personName(random: Random): string {
  if (random.next() < 0.7) {
    const first = random.pick(tibetanParts);
    let second = random.pick(tibetanParts);
    while (second === first) second = random.pick(tibetanParts);
    return random.next() < 0.25 ? first : `${first}${second}`;
  }
  return `${random.pick(hanSurnames)}${random.pick(hanGiven)}`;
}

/**
 * A made-up resident ID from Baiyu (area code 513331) with the birth date and sex digit;
 * `complete` appends the GB 11643 check character (contracts' completeIdNumber, passed in by the api).
 */
export function demoIdNumber(random: Random, birthYear: number, female: boolean, complete: (first17: string) => string): string {
  const month = String(random.int(1, 12)).padStart(2, '0');
  const day = String(random.int(1, 28)).padStart(2, '0');
  const sequence = String(random.int(0, 99)).padStart(2, '0');
  const sexDigit = String(random.int(0, 4) * 2 + (female ? 0 : 1));
  return complete(`513331${birthYear}${month}${day}${sequence}${sexDigit}`);
}

export function demoPhone(random: Random): string {
  return `1${random.pick(['38', '39', '58', '77', '80', '99'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
}

import { seededRandom, type Random } from './random.ts';

/**
 * The demo county's year of training: about 215 sessions over 12 months (the county's
 * own count), by season: planting and yaks in spring and summer, insurance (医保 is paid
 * for in autumn) and party-member winter training in the cold months, law all year.
 * Only the plan lives here; the api makes the courses and sessions with its own services.
 */
export type DemoTopic = 'agri_tech' | 'healthcare' | 'poverty_relief' | 'law' | 'party_building';

export const demoCourses = [
  { key: 'potato', title: '马铃薯规模化种植', topic: 'agri_tech', months: [3, 4, 5, 6, 9], objectives: '选种、切块、起垄、晚疫病防治' },
  { key: 'greenhouse', title: '温室大棚蔬菜种植', topic: 'agri_tech', months: [2, 3, 4, 5, 6, 7, 8, 10], objectives: '大棚搭建、保温、滴灌、病虫害防治' },
  { key: 'yak', title: '牦牛养殖与疫病防治', topic: 'agri_tech', months: [5, 6, 7, 8, 9, 10, 11], objectives: '冬春补饲、防疫、合作社经营' },
  { key: 'insurance', title: '城乡居民医保（新农合）政策宣讲', topic: 'healthcare', months: [1, 9, 10, 11, 12], objectives: '缴费、报销比例、异地就医备案' },
  { key: 'relocation', title: '易地扶贫搬迁后续扶持政策', topic: 'poverty_relief', months: [1, 2, 3, 4, 7, 8, 10, 11], objectives: '安置点就业、产业扶持、社保接续' },
  { key: 'allowance', title: '低保与五保供养政策', topic: 'poverty_relief', months: [1, 2, 5, 6, 9, 12], objectives: '申请条件、动态管理、临时救助' },
  { key: 'law', title: '法律进村：土地承包与人民调解', topic: 'law', months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], objectives: '土地承包经营权、纠纷调解、法律援助' },
  { key: 'party', title: '党员冬训', topic: 'party_building', months: [1, 2, 11, 12], objectives: '学习政策文件、村务公开、组织生活' },
] as const;
export type DemoCourseKey = (typeof demoCourses)[number]['key'];

/** Trainers besides the demo account, each with the topics they teach (the demo trainer teaches farming and relief). */
export const demoTrainers = [
  { username: 'trainer-zhaxi', displayName: '培训师 扎西次仁', topics: ['agri_tech'] },
  { username: 'trainer-gesang', displayName: '培训师 格桑拉姆', topics: ['healthcare', 'poverty_relief'] },
  { username: 'trainer-luo', displayName: '培训师 罗德明', topics: ['law'] },
  { username: 'trainer-silang', displayName: '培训师 四郎降措', topics: ['party_building', 'poverty_relief'] },
] as const;
export const demoTrainerTopics: Record<string, readonly DemoTopic[]> = {
  trainer: ['agri_tech', 'poverty_relief'],
  ...Object.fromEntries(demoTrainers.map((trainer) => [trainer.username, trainer.topics])),
};

export interface DemoVillage {
  id: string;
  townshipId: string;
}

export interface DemoSession {
  course: DemoCourseKey;
  villageId: string;
  targetVillageIds: string[];
  venue: string;
  trainer: string;
  capacity: number;
  /** Asia/Shanghai wall-clock start and end of the first session. */
  startsAt: Date;
  endsAt: Date;
  /** A weekly series of this many sessions, or a single one. */
  weeks: number | null;
}

const SERIES_PER_MONTH = 2;
const WEEKS_PER_SERIES = 3;
const SINGLES_PER_MONTH = 12;
const TOTAL = 215;

const venues: Record<DemoTopic, readonly string[]> = {
  agri_tech: ['田间地头', '温室大棚', '村活动室', '夏季牧场'],
  healthcare: ['村活动室', '村卫生室', '村小学'],
  poverty_relief: ['村活动室', '安置点社区中心'],
  law: ['村活动室', '乡文化站'],
  party_building: ['村党员活动室', '乡政府会议室'],
};

/** 09:30–12:00 or 14:30–17:00 in Asia/Shanghai (UTC+8, no summer time). */
function slot(year: number, month: number, day: number, afternoon: boolean): { startsAt: Date; endsAt: Date } {
  const startHourUtc = afternoon ? 6 : 1;
  return {
    startsAt: new Date(Date.UTC(year, month - 1, day, startHourUtc, 30)),
    endsAt: new Date(Date.UTC(year, month - 1, day, startHourUtc + 2, 30)),
  };
}

function pickCourse(random: Random, month: number) {
  const inSeason = demoCourses.filter((course) => (course.months as readonly number[]).includes(month));
  return random.pick(inSeason);
}

function pickTrainer(random: Random, topic: DemoTopic): string {
  return random.pick(Object.keys(demoTrainerTopics).filter((username) => demoTrainerTopics[username]!.includes(topic)));
}

/**
 * The year ending three months from `now`: the past nine months (to record as held)
 * and the coming three (still to come). Featured villages get a larger share, so the
 * demo's secretaries see sessions in theirs.
 */
export function demoSchedulePlan(villages: readonly DemoVillage[], featuredVillageIds: readonly string[], now: Date): DemoSession[] {
  const random = seededRandom(2_150_000);
  const plan: DemoSession[] = [];
  const shanghaiNow = new Date(now.getTime() + 8 * 3600_000);
  let year = shanghaiNow.getUTCFullYear();
  let month = shanghaiNow.getUTCMonth() + 1 - 9;
  while (month < 1) {
    month += 12;
    year -= 1;
  }
  const villageFor = () => (random.next() < 0.25 && featuredVillageIds.length ? random.pick(featuredVillageIds) : random.pick(villages).id);
  const entry = (course: (typeof demoCourses)[number], day: number, afternoon: boolean, weeks: number | null): DemoSession => {
    const villageId = villageFor();
    const township = villages.find((v) => v.id === villageId)!.townshipId;
    const neighbour = random.pick(villages.filter((v) => v.townshipId === township));
    return {
      course: course.key,
      villageId,
      targetVillageIds: neighbour.id !== villageId && random.next() < 0.3 ? [villageId, neighbour.id] : [villageId],
      venue: random.pick(venues[course.topic]),
      trainer: pickTrainer(random, course.topic),
      capacity: random.int(3, 8) * 10,
      ...slot(year, month, day, afternoon),
      weeks,
    };
  };
  for (let m = 0; m < 12; m++) {
    for (let i = 0; i < SERIES_PER_MONTH; i++) plan.push(entry(pickCourse(random, month), random.int(1, 7), false, WEEKS_PER_SERIES));
    for (let i = 0; i < SINGLES_PER_MONTH; i++) plan.push(entry(pickCourse(random, month), random.int(1, 28), random.next() < 0.5, null));
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  // Trim the last singles to the county's figure.
  const size = (session: DemoSession) => session.weeks ?? 1;
  while (plan.reduce((sum, session) => sum + size(session), 0) > TOTAL) plan.splice(plan.findLastIndex((session) => session.weeks === null), 1);
  return plan;
}

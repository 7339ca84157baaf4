import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import * as schema from '../schema/index.ts';
import { seededRandom } from './random.ts';

/*
 * The first secretaries' demo: a year of work days for the demo secretaries (the current
 * month under way, one past month short), household records of their villages, farmer
 * attributes there (低保, 五保, 监测户, party members), practical matters across the county so
 * its totals read like the year's ("roads: 32 villages"), and a published profile.
 * Dates are the county's local calendar; db may not import the api's, hence its own.
 */

const localDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
const monthsBack = (month: string, n: number) => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};
const daysIn = (month: string) => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
};

const NOTES = ['走访困难户，了解医保缴费情况', '召开村两委会议，商议通村路维护', '协调农机合作社春耕', '组织马铃薯种植培训', '入户宣传易地扶贫搬迁政策', '核查低保户家庭情况'];
const ACTIVITIES = [['household_visit'], ['meeting'], ['matter'], ['training'], ['household_visit', 'meeting']] as const;
const NEEDS = ['老人需要办理慢性病门诊', '孩子上学交通不便', '想参加牦牛养殖培训', '房屋需要维修', '需要小额信贷支持虫草加工'];
const LIVELIHOODS = ['farming', 'herding', 'cordyceps', 'migrant_work', 'business', 'wages', 'subsidy'];
const INCOME = ['under_5k', '5k_10k', '10k_20k', 'over_20k'] as const;
/** Villages with a matter of each kind done, as the county counted them in a year. */
const MATTERS_DONE = { road: 32, electricity: 18, water: 18, venue: 16 } as const;
const MATTER_TITLES = { road: '通村路硬化', electricity: '农网改造通电', water: '安全饮水工程', venue: '村活动阵地新建' } as const;

export async function seedSecretaries(db: Database, now = new Date()): Promise<void> {
  const random = seededRandom(11_2026);
  const today = localDate(now);
  const thisMonth = today.slice(0, 7);
  const secretaries = await db
    .select({ id: schema.users.id, villageId: schema.users.orgUnitId })
    .from(schema.users)
    .where(and(eq(schema.users.role, 'secretary'), eq(schema.users.active, true)));
  const entries: Array<typeof schema.workDayEntries.$inferInsert> = [];
  for (const [n, secretary] of secretaries.entries()) {
    for (let back = 0; back < 12; back += 1) {
      const month = monthsBack(thisMonth, back);
      // The current month under way: days up to yesterday; the second secretary falls short two months ago.
      const lastDay = back === 0 ? Number(today.slice(8, 10)) - 1 : daysIn(month);
      const wanted = back === 0 ? Math.min(2, lastDay) : n === 1 && back === 2 ? 2 : random.int(4, 7);
      const days = new Set<number>();
      while (days.size < Math.min(wanted, lastDay)) days.add(random.int(1, lastDay));
      for (const day of days) {
        const activities = [...random.pick(ACTIVITIES)];
        entries.push({
          id: randomUUID(),
          secretaryId: secretary.id,
          villageId: secretary.villageId,
          workDate: `${month}-${String(day).padStart(2, '0')}`,
          activities,
          note: random.pick(NOTES),
          householdNos: activities.includes('household_visit') ? [String(random.int(1, 71)).padStart(3, '0'), String(random.int(1, 71)).padStart(3, '0')].filter((no, i, all) => all.indexOf(no) === i) : [],
          deviceId: 'demo',
        });
      }
    }
  }
  if (entries.length > 0) await db.insert(schema.workDayEntries).values(entries);

  const villageIds = secretaries.map((s) => s.villageId);
  if (villageIds.length > 0) {
    // Farmer attributes in the secretaries' villages, then the household records their members make.
    const farmers = await db.select({ id: schema.farmers.id, villageId: schema.farmers.villageId, householdNo: schema.farmers.householdNo }).from(schema.farmers).where(and(inArray(schema.farmers.villageId, villageIds), isNotNull(schema.farmers.householdNo)));
    for (const farmer of farmers) {
      const roll = random.next();
      const householdCategory = roll < 0.08 ? 'dibao' : roll < 0.11 ? 'wubao' : roll < 0.16 ? 'monitored' : null;
      const partyMember = random.next() < 0.1;
      if (householdCategory || partyMember) await db.update(schema.farmers).set({ householdCategory, partyMember }).where(eq(schema.farmers.id, farmer.id));
    }
    const households = [...new Map(farmers.map((f) => [`${f.villageId}:${f.householdNo}`, f])).values()];
    const rows = await db
      .insert(schema.households)
      .values(households.map((f) => ({ villageId: f.villageId, householdNo: f.householdNo!, incomeBand: random.pick(INCOME), livelihoods: [random.pick(LIVELIHOODS), random.pick(LIVELIHOODS)].filter((l, i, all) => all.indexOf(l) === i) })))
      .onConflictDoNothing()
      .returning({ id: schema.households.id });
    const needs = rows.filter(() => random.next() < 0.3).map((row) => ({ householdId: row.id, notedOn: monthsBack(thisMonth, random.int(1, 6)) + '-15', need: random.pick(NEEDS), recordedBy: secretaries[0]!.id }));
    if (needs.length > 0) await db.insert(schema.householdNeeds).values(needs);
    await db.insert(schema.secretaryProfiles).values(secretaries.map((s) => ({ userId: s.id, post: '驻村第一书记（县直单位派驻）', publishName: true, publishPost: true }))).onConflictDoNothing();
  }

  // Matters across the county: each kind done in as many villages as the year's figures, a few under way.
  const villages = await db.select({ id: schema.orgUnits.id }).from(schema.orgUnits).where(eq(schema.orgUnits.level, 'village')).orderBy(sql`${schema.orgUnits.code}`);
  const ordered = [...villageIds.map((id) => ({ id })), ...villages.filter((v) => !villageIds.includes(v.id))];
  const matters: Array<typeof schema.practicalMatters.$inferInsert> = [];
  for (const [k, [category, count]] of (Object.entries(MATTERS_DONE) as [keyof typeof MATTERS_DONE, number][]).entries()) {
    // Consecutive villages from a different start per kind: the secretaries' villages get the first roads.
    for (let i = 0; i < Math.min(count, ordered.length); i += 1) {
      const village = ordered[(k * 37 + i) % ordered.length]!;
      matters.push({ villageId: village.id, title: MATTER_TITLES[category], category, status: 'done', fundsFen: random.int(20, 300) * 1_000_000, beneficiaryHouseholds: random.int(20, 90), startedOn: `${monthsBack(thisMonth, 10)}-01`, doneOn: `${monthsBack(thisMonth, random.int(1, 8))}-20` });
    }
  }
  for (const villageId of villageIds) {
    matters.push({ villageId, title: '牦牛养殖合作社扩建', category: 'industry_project', status: 'under_way', fundsFen: 80_000_000, beneficiaryHouseholds: 35, startedOn: `${monthsBack(thisMonth, 2)}-01` });
    matters.push({ villageId, title: '冬季取暖设备申请', category: 'other', status: 'proposed' });
  }
  await db.insert(schema.practicalMatters).values(matters);
}

import { randomBytes, randomUUID } from 'node:crypto';
import { count, sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import * as schema from '../schema/index.ts';
import { countyName, namedVillages, townships, villageNames } from './county.ts';
import { townshipCentre, villageNear } from './coordinates.ts';
import { demoIdNumber, demoPhone, personName } from './people.ts';
import { seededRandom } from './random.ts';
import { seedSecretaries } from './secretaries.ts';

export interface SeedHelpers {
  hashPassword(password: string): Promise<string>;
  /** Appends the GB 11643 check character: the rule lives in contracts, which db never imports. */
  completeIdNumber(first17: string): string;
  protectIdNumber(idNumber: string): { hash: string; last4: string };
  namePinyin(name: string): { initials: string; full: string };
}

export const demoAccounts = [
  { username: 'admin', password: 'fieldschool-admin', role: 'admin', displayName: '县管理员 周建华', unit: countyName },
  { username: 'hepo-admin', password: 'fieldschool-hepo', role: 'admin', displayName: '河坡乡管理员 泽仁多吉', unit: '河坡乡' },
  { username: 'trainer', password: 'fieldschool-trainer', role: 'trainer', displayName: '培训师 李红梅', unit: countyName },
  { username: 'secretary', password: 'fieldschool-secretary', role: 'secretary', displayName: '第一书记 王志强', unit: '根呷村' },
  { username: 'secretary2', password: 'fieldschool-secretary', role: 'secretary', displayName: '第一书记 格桑卓玛', unit: '阿察村' },
] as const;

const TOTAL_VILLAGES = 150;
const FARMERS = 3000;

export async function isSeeded(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(schema.orgUnits);
  return (row?.n ?? 0) > 0;
}

/** Baiyu County's townships and villages, demo users for every role, and its farmers. */
export async function seedDemo(db: Database, helpers: SeedHelpers): Promise<{ villages: number; farmers: number }> {
  const random = seededRandom(20_261_128);
  // A stream of its own, so adding places left the demo's people as they were.
  const places = seededRandom(31_099);
  const unitIds = new Map<string, string>();
  const villages: Array<{ id: string; name: string }> = [];

  await db.transaction(async (tx) => {
    const countyId = randomUUID();
    unitIds.set(countyName, countyId);
    await tx.insert(schema.orgUnits).values({ id: countyId, level: 'county', name: countyName, code: 'baiyu', path: `/${countyId}/` });
    const taken = new Set(Object.values(namedVillages).flat());
    const extraPerTownship = Math.ceil((TOTAL_VILLAGES - taken.size) / townships.length);
    let villageNo = 0;
    for (const [t, township] of townships.entries()) {
      const townshipId = randomUUID();
      unitIds.set(township, townshipId);
      const townshipPath = `/${countyId}/${townshipId}/`;
      await tx.insert(schema.orgUnits).values({ id: townshipId, parentId: countyId, level: 'township', name: township, code: `t${String(t + 1).padStart(2, '0')}`, path: townshipPath });
      const names = [...(namedVillages[township] ?? []), ...villageNames(extraPerTownship, random, taken)];
      const rows = names.map((name) => {
        const id = randomUUID();
        villageNo += 1;
        unitIds.set(name, id);
        villages.push({ id, name });
        return { id, parentId: townshipId, level: 'village' as const, name, code: `v${String(villageNo).padStart(3, '0')}`, path: `${townshipPath}${id}/` };
      });
      await tx.insert(schema.orgUnits).values(rows);
      // Plausible places within the county, so travel times between villages can be estimated.
      const centre = townshipCentre(places);
      await tx.insert(schema.villageLocations).values(rows.map((row) => ({ villageId: row.id, ...villageNear(centre, places) })));
    }

    for (const account of demoAccounts) {
      await tx.insert(schema.users).values({
        username: account.username,
        displayName: account.displayName,
        passwordHash: await helpers.hashPassword(account.password),
        role: account.role,
        orgUnitId: unitIds.get(account.unit)!,
      });
    }

    const named = new Set(Object.values(namedVillages).flat());
    const featured = villages.filter((village) => named.has(village.name));
    const farmers: Array<typeof schema.farmers.$inferInsert> = [];
    for (let i = 0; i < FARMERS; i++) {
      // The named villages get fuller rosters so the demo's secretaries have people to find.
      const village = i < 900 ? featured[i % featured.length]! : random.pick(villages);
      const name = personName(random);
      const female = random.next() < 0.5;
      const birthYear = random.int(1950, 2004);
      const pinyin = helpers.namePinyin(name);
      const idNumber = random.next() < 0.8 ? helpers.protectIdNumber(demoIdNumber(random, birthYear, female, helpers.completeIdNumber)) : undefined;
      farmers.push({
        villageId: village.id,
        householdNo: `${String(random.int(1, 71)).padStart(3, '0')}`,
        name,
        namePinyinInitials: pinyin.initials,
        namePinyin: pinyin.full,
        gender: female ? 'female' : 'male',
        birthYear,
        phone: random.next() < 0.6 ? demoPhone(random) : null,
        idNumberHash: idNumber?.hash ?? null,
        idNumberLast4: idNumber?.last4 ?? null,
        cardToken: randomBytes(16).toString('base64url'),
      });
    }
    for (let i = 0; i < farmers.length; i += 500) {
      await tx.insert(schema.farmers).values(farmers.slice(i, i + 500)).onConflictDoNothing();
    }
  });
  await seedSecretaries(db);
  // Fresh statistics, so the planner knows the county has 150 villages, not 2.
  await db.execute(sql`ANALYZE`);
  return { villages: villages.length, farmers: FARMERS };
}

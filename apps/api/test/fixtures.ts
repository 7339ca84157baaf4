import { randomUUID } from 'node:crypto';
import { schema, type Database } from '@fieldschool/db';
import { hashPassword } from '../src/services/passwords.ts';

export const PASSWORD = 'correct horse battery';

/**
 * A small county for api tests: one county, two townships with a village each, and a
 * user for every role and scope the permission rules distinguish.
 */
export async function seedFixtures(db: Database) {
  const unit = (level: 'county' | 'township' | 'village', name: string, code: string, parent?: { id: string; path: string }) => {
    const id = randomUUID();
    return { id, parentId: parent?.id ?? null, level, name, code, path: `${parent?.path ?? '/'}${id}/` };
  };
  const county = unit('county', '白玉县', 'baiyu');
  const hepo = unit('township', '河坡乡', 'hepo', county);
  const acha = unit('township', '阿察镇', 'acha', county);
  const genga = unit('village', '根呷村', 'genga', hepo);
  const mamen = unit('village', '马门村', 'mamen', hepo);
  const achaVillage = unit('village', '阿察村', 'achacun', acha);
  await db.insert(schema.orgUnits).values([county, hepo, acha, genga, mamen, achaVillage]);
  const passwordHash = await hashPassword(PASSWORD);
  const user = (username: string, role: 'admin' | 'trainer' | 'secretary', orgUnitId: string) => ({
    username,
    displayName: username,
    passwordHash,
    role,
    orgUnitId,
  });
  await db.insert(schema.users).values([
    user('admin', 'admin', county.id),
    user('hepo-admin', 'admin', hepo.id),
    user('trainer', 'trainer', county.id),
    user('secretary', 'secretary', genga.id),
    user('acha-secretary', 'secretary', achaVillage.id),
  ]);
  return { county, hepo, acha, genga, mamen, achaVillage };
}
export type Fixtures = Awaited<ReturnType<typeof seedFixtures>>;

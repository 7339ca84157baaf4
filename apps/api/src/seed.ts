import { seedDemo, type Database } from '@fieldschool/db';
import { nameInitials, namePinyin } from '@fieldschool/search';
import { hashPassword } from './services/passwords.ts';
import { protectIdNumber } from './services/id-number.ts';
import type { Secrets } from './plugins/secrets.ts';

/** The demo county, its users and farmers, hashed and keyed the way the api does it. */
export async function seedDemoData(db: Database, secrets: Secrets): Promise<void> {
  await seedDemo(db, {
    hashPassword,
    protectIdNumber: (idNumber) => protectIdNumber(idNumber, secrets.idNumberKey),
    namePinyin: (name) => ({ initials: nameInitials(name), full: namePinyin(name) }),
  });
}

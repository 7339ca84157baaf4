import { eq } from 'drizzle-orm';
import { completeIdNumber } from '@fieldschool/contracts';
import { demoAccounts, namedVillages, schema, seedDemo, type Database, type SeedHelpers } from '@fieldschool/db';
import { readSampleLibrary } from '@fieldschool/db/sample-files';
import { nameInitials, namePinyin } from '@fieldschool/search';
import { seedLibraryFolder } from './bundle-paths.ts';
import { seedDemoSchedule } from './seed-schedule.ts';
import { hashPassword } from './services/passwords.ts';
import { protectIdNumber } from './services/id-number.ts';
import { createDocument } from './services/documents.ts';
import { findUserWithUnit } from './services/users.ts';
import { toPrincipal } from './services/principal.ts';
import type { FileStore } from './services/file-store.ts';
import type { Secrets } from './plugins/secrets.ts';

/** What the db package's seed needs from the api's own rules (db may not import them). */
export function seedHelpers(idNumberKey: Buffer): SeedHelpers {
  return {
    hashPassword,
    completeIdNumber,
    protectIdNumber: (idNumber) => protectIdNumber(idNumber, idNumberKey),
    namePinyin: (name) => ({ initials: nameInitials(name), full: namePinyin(name) }),
  };
}

/** The demo county, its users and farmers, then the sample policy library, all as the api would write them. */
export async function seedDemoData(db: Database, secrets: Secrets, files: FileStore): Promise<void> {
  await seedDemo(db, seedHelpers(secrets.idNumberKey));
  await seedPolicyLibrary(db, files, demoAccounts[0].username);
  await seedDemoSchedule(db, demoAccounts[0].username, Object.values(namedVillages).flat());
}

export async function seedPolicyLibrary(db: Database, files: FileStore, adminUsername: string, folder = seedLibraryFolder): Promise<number> {
  const [admin] = await db.select().from(schema.users).where(eq(schema.users.username, adminUsername));
  const withUnit = admin && (await findUserWithUnit(db, admin.id));
  if (!withUnit) throw new Error(`seed: no user ${adminUsername}`);
  const principal = toPrincipal(withUnit.user, withUnit.orgUnitPath);
  const actor = { userId: principal.id };
  const samples = [];
  for await (const sample of readSampleLibrary(folder)) samples.push(sample);
  // Replaced documents first, so their successors can point at them.
  samples.sort((a, b) => Number(Boolean(a.entry.replaces)) - Number(Boolean(b.entry.replaces)));
  const idsByFile = new Map<string, string>();
  for (const { entry, fileName, bytes } of samples) {
    const { file, as: _as, replaces, ...metadata } = entry;
    const replacesId = replaces ? idsByFile.get(replaces) : undefined;
    const created = await createDocument(db, files, principal, actor, { fileName, bytes }, { ...metadata, ...(replacesId ? { replacesId } : {}) });
    idsByFile.set(file, created.id);
  }
  return samples.length;
}

import sharp from 'sharp';
import { and, desc, eq } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { PublicVillage, SecretaryProfile, UpdateSecretaryProfile } from '@fieldschool/contracts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit.ts';
import type { FileStore } from '../file-store.ts';
import { getOrgUnit } from '../org-units.ts';
import type { Principal } from '../principal.ts';

/** The published photo's largest side: enough for a phone screen, small over a weak link. */
export const PHOTO_SIZE = 600;

const p = schema.secretaryProfiles;

export async function getOwnProfile(db: Pick<Database, 'select'>, principal: Principal): Promise<SecretaryProfile> {
  const [row] = await db.select().from(p).where(eq(p.userId, principal.id));
  return {
    post: row?.post ?? '',
    hasPhoto: Boolean(row?.photoSha256),
    publishName: row?.publishName ?? false,
    publishPhoto: row?.publishPhoto ?? false,
    publishPost: row?.publishPost ?? false,
    publishPhone: row?.publishPhone ?? false,
    villageId: principal.orgUnitId,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

async function saveProfile(db: Database, principal: Principal, actor: Actor, changes: Partial<typeof p.$inferInsert>) {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(p).where(eq(p.userId, principal.id));
    const [after] = await tx
      .insert(p)
      .values({ userId: principal.id, ...changes })
      .onConflictDoUpdate({ target: p.userId, set: { ...changes, updatedAt: new Date() } })
      .returning();
    await recordAudit(tx, actor, { action: 'secretary_profile.update', entity: 'user', entityId: principal.id, before: before ?? null, after });
  });
}

export async function updateOwnProfile(db: Database, principal: Principal, actor: Actor, input: UpdateSecretaryProfile): Promise<SecretaryProfile> {
  await saveProfile(db, principal, actor, { ...input, ...(input.post !== undefined ? { post: input.post.trim() } : {}) });
  return getOwnProfile(db, principal);
}

/**
 * The photo as published: turned upright, at most PHOTO_SIZE a side, re-encoded as JPEG with
 * no metadata at all (sharp keeps none unless asked), so no EXIF and no GPS position leave.
 */
export async function publishablePhoto(bytes: Uint8Array): Promise<Buffer> {
  try {
    const image = sharp(bytes, { failOn: 'error' });
    const { format } = await image.metadata();
    if (!['jpeg', 'png', 'webp', 'heif'].includes(format ?? '')) throw new Error(`not a photo: ${format}`);
    return await image.rotate().resize(PHOTO_SIZE, PHOTO_SIZE, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 82, mozjpeg: true }).toBuffer();
  } catch (error) {
    throw new AppError('photo_invalid', 'Choose a JPEG, PNG or WebP photo', { field: 'file', cause: error });
  }
}

export async function setOwnPhoto(db: Database, files: FileStore, principal: Principal, actor: Actor, upload: { bytes: Uint8Array }): Promise<SecretaryProfile> {
  const photo = await publishablePhoto(upload.bytes);
  const sha256 = await files.put(photo);
  await saveProfile(db, principal, actor, { photoSha256: sha256 });
  return getOwnProfile(db, principal);
}

/** The village's public page. Only what each secretary published, and the matters done; a unit that is not a village is 404. */
export async function publicVillage(db: Database, villageId: string): Promise<PublicVillage> {
  const village = await getOrgUnit(db, villageId);
  if (!village || village.level !== 'village') throw notFound('Village');
  const township = village.parentId ? await getOrgUnit(db, village.parentId) : undefined;
  const secretaries = await db
    .select({ id: schema.users.id, name: schema.users.displayName, phone: schema.users.phone, profile: p })
    .from(schema.users)
    .innerJoin(p, eq(p.userId, schema.users.id))
    .where(and(eq(schema.users.orgUnitId, villageId), eq(schema.users.role, 'secretary'), eq(schema.users.active, true)));
  const matters = await db
    .select({ title: schema.practicalMatters.title, category: schema.practicalMatters.category, doneOn: schema.practicalMatters.doneOn, beneficiaryHouseholds: schema.practicalMatters.beneficiaryHouseholds, fundsFen: schema.practicalMatters.fundsFen })
    .from(schema.practicalMatters)
    .where(and(eq(schema.practicalMatters.villageId, villageId), eq(schema.practicalMatters.status, 'done')))
    .orderBy(desc(schema.practicalMatters.doneOn));
  return {
    villageName: village.name,
    townshipName: township?.name ?? '',
    secretaries: secretaries
      .map(({ id, name, phone, profile }) => ({
        ...(profile.publishName ? { name } : {}),
        ...(profile.publishPost && profile.post ? { post: profile.post } : {}),
        ...(profile.publishPhone && phone ? { phone } : {}),
        ...(profile.publishPhoto && profile.photoSha256 ? { photoUrl: `/api/v1/public/secretary-photos/${id}?v=${profile.photoSha256.slice(0, 12)}` } : {}),
      }))
      .filter((shown) => Object.keys(shown).length > 0),
    mattersDone: matters,
  };
}

/** A published photo; any other (none, or not published) is 404. */
export async function publicPhoto(db: Database, files: FileStore, userId: string) {
  const [row] = await db.select({ sha256: p.photoSha256, publish: p.publishPhoto }).from(p).where(eq(p.userId, userId));
  if (!row?.publish || !row.sha256) throw notFound('Photo');
  return files.open(row.sha256);
}

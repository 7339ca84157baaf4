import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { localDate } from '../src/services/secretaries/calendar.ts';
import type { Principal } from '../src/services/principal.ts';
import type { Fixtures } from './fixtures.ts';

/** The local date `daysAgo` days before today (Asia/Shanghai). */
export const daysAgo = (days: number, from = new Date()) => localDate(new Date(from.getTime() - days * 86_400_000));

/** A signed-in user as services see them, read from the fixtures' users. */
export async function principalOf(db: Database, username: string): Promise<Principal> {
  const [row] = await db
    .select({ id: schema.users.id, username: schema.users.username, role: schema.users.role, orgUnitId: schema.users.orgUnitId, orgUnitPath: schema.orgUnits.path })
    .from(schema.users)
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.users.orgUnitId))
    .where(eq(schema.users.username, username));
  return row!;
}

/** A course and a session held in 根呷村 (and one in 阿察村), for entries that link a session. */
export async function seedSecretarySessions(db: Database, fixtures: Fixtures) {
  const [course] = await db.insert(schema.courses).values({ title: '牦牛养殖', topic: 'agri_tech', orgUnitId: fixtures.county.id }).returning();
  const session = (villageId: string) => ({
    courseId: course!.id,
    villageId,
    startsAt: new Date(Date.now() - 86_400_000),
    endsAt: new Date(Date.now() - 86_400_000 + 7_200_000),
    capacity: 40,
    status: 'completed' as const,
    checkinSecret: randomUUID(),
  });
  const [genga, acha] = await db.insert(schema.trainingSessions).values([session(fixtures.genga.id), session(fixtures.achaVillage.id)]).returning();
  return { gengaSessionId: genga!.id, achaSessionId: acha!.id };
}

/**
 * A small JPEG as a phone takes it: EXIF with the camera and a GPS position (31°12′N
 * 98°49′E, about 根呷村). `hasGps` tells whether bytes still hold the GPS IFD pointer (tag 0x8825).
 */
export async function phoneJpeg(width = 640, height = 480): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp({ create: { width, height, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 12/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '98/1 49/1 0/1' } })
    .toBuffer();
}
export async function exifOf(bytes: Uint8Array): Promise<Buffer | undefined> {
  const { default: sharp } = await import('sharp');
  return (await sharp(bytes).metadata()).exif;
}
export const hasGps = (exif: Buffer | undefined) => exif !== undefined && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));

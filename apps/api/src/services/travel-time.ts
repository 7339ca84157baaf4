import { aliasedTable, and, eq, inArray } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { SetTravelTimeOverride, TownshipPair, TravelEstimate, TravelSettings } from '@fieldschool/contracts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { recordAudit, type Actor } from './audit.ts';
import { getVisibleOrgUnit, idsOnPath } from './org-units.ts';
import type { Principal } from './principal.ts';

/**
 * Mountain roads wind: the road is about 1.6 times the straight line, driven at about
 * 30 km/h on average (hairpins, trucks, yaks). A county's buffer is added to every drive.
 */
export const ROAD_WINDING_FACTOR = 1.6;
export const MOUNTAIN_SPEED_KMH = 30;
export const DEFAULT_BUFFER_MINUTES = 30;

const EARTH_RADIUS_KM = 6371;

export interface LatLon {
  lat: number;
  lon: number;
}

/** Great-circle distance (haversine). */
export function distanceKm(a: LatLon, b: LatLon): number {
  const rad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}

export function estimatedDriveMinutes(km: number): number {
  return Math.ceil(((km * ROAD_WINDING_FACTOR) / MOUNTAIN_SPEED_KMH) * 60);
}

/** A township pair is stored once, the smaller id first. */
export function orderedPair(a: string, b: string): [string, string] {
  return a <= b ? [a, b] : [b, a];
}

interface VillagePlace {
  townshipId: string;
  countyId: string;
  location: LatLon | null;
}

/** What the travel rule needs to know about a set of villages, read once per check. */
export interface TravelContext {
  between(fromVillageId: string, toVillageId: string): TravelEstimate;
}

export async function loadTravelContext(db: Pick<Database, 'select'>, villageIds: Iterable<string>): Promise<TravelContext> {
  const ids = [...new Set(villageIds)];
  const places = new Map<string, VillagePlace>();
  if (ids.length > 0) {
    const rows = await db
      .select({ id: schema.orgUnits.id, path: schema.orgUnits.path, lat: schema.villageLocations.lat, lon: schema.villageLocations.lon })
      .from(schema.orgUnits)
      .leftJoin(schema.villageLocations, eq(schema.villageLocations.villageId, schema.orgUnits.id))
      .where(inArray(schema.orgUnits.id, ids));
    for (const row of rows) {
      const [countyId, townshipId] = idsOnPath(row.path);
      places.set(row.id, { countyId: countyId!, townshipId: townshipId!, location: row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon } });
    }
  }
  const townshipIds = [...new Set([...places.values()].map((place) => place.townshipId))];
  const countyIds = [...new Set([...places.values()].map((place) => place.countyId))];
  const overrides = new Map<string, number>();
  if (townshipIds.length > 0) {
    const rows = await db
      .select()
      .from(schema.townshipTravelTimes)
      .where(and(inArray(schema.townshipTravelTimes.townshipAId, townshipIds), inArray(schema.townshipTravelTimes.townshipBId, townshipIds)));
    for (const row of rows) overrides.set(`${row.townshipAId}/${row.townshipBId}`, row.minutes);
  }
  const buffers = new Map<string, number>();
  if (countyIds.length > 0) {
    const rows = await db.select().from(schema.travelSettings).where(inArray(schema.travelSettings.countyId, countyIds));
    for (const row of rows) buffers.set(row.countyId, row.bufferMinutes);
  }

  return {
    between(fromVillageId, toVillageId) {
      if (fromVillageId === toVillageId) return { minutes: 0, source: 'same_village', distanceKm: 0 };
      const from = places.get(fromVillageId);
      const to = places.get(toVillageId);
      if (!from || !to) return { minutes: null, source: 'unknown', distanceKm: null };
      const buffer = buffers.get(from.countyId) ?? DEFAULT_BUFFER_MINUTES;
      const km = from.location && to.location ? Math.round(distanceKm(from.location, to.location) * 10) / 10 : null;
      // What an admin knows about the road beats any estimate.
      const known = overrides.get(orderedPair(from.townshipId, to.townshipId).join('/'));
      if (known !== undefined) return { minutes: known + buffer, source: 'override', distanceKm: km };
      if (km === null) return { minutes: null, source: 'unknown', distanceKm: null };
      return { minutes: estimatedDriveMinutes(km) + buffer, source: 'estimate', distanceKm: km };
    },
  };
}

export async function estimateTravel(db: Database, principal: Principal, fromVillageId: string, toVillageId: string): Promise<TravelEstimate> {
  await getVisibleOrgUnit(db, principal, fromVillageId, 'query.fromVillageId');
  await getVisibleOrgUnit(db, principal, toVillageId, 'query.toVillageId');
  return (await loadTravelContext(db, [fromVillageId, toVillageId])).between(fromVillageId, toVillageId);
}

/** The county the principal works in: settings are per county. */
function countyOf(principal: Principal): string {
  return idsOnPath(principal.orgUnitPath)[0]!;
}

export async function getTravelSettings(db: Database, principal: Principal): Promise<TravelSettings> {
  const countyId = countyOf(principal);
  const [setting] = await db.select().from(schema.travelSettings).where(eq(schema.travelSettings.countyId, countyId));
  const a = aliasedTable(schema.orgUnits, 'a');
  const b = aliasedTable(schema.orgUnits, 'b');
  const rows = await db
    .select({ row: schema.townshipTravelTimes, aName: a.name, aPath: a.path, bName: b.name })
    .from(schema.townshipTravelTimes)
    .innerJoin(a, eq(a.id, schema.townshipTravelTimes.townshipAId))
    .innerJoin(b, eq(b.id, schema.townshipTravelTimes.townshipBId))
    .orderBy(a.code, b.code);
  return {
    countyId,
    bufferMinutes: setting?.bufferMinutes ?? DEFAULT_BUFFER_MINUTES,
    // Road times are no secret: everyone in the county sees the county's.
    overrides: rows
      .filter((r) => r.aPath.startsWith(`/${countyId}/`))
      .map((r) => ({
        townshipAId: r.row.townshipAId,
        townshipAName: r.aName,
        townshipBId: r.row.townshipBId,
        townshipBName: r.bName,
        minutes: r.row.minutes,
        updatedAt: r.row.updatedAt.toISOString(),
      })),
  };
}

/** The buffer is the county's: only a county-level admin sets it. */
export async function setTravelBuffer(db: Database, principal: Principal, actor: Actor, bufferMinutes: number): Promise<TravelSettings> {
  const countyId = countyOf(principal);
  if (principal.orgUnitId !== countyId) throw forbidden('Only a county admin sets the travel buffer');
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(schema.travelSettings).where(eq(schema.travelSettings.countyId, countyId));
    const values = { countyId, bufferMinutes, updatedBy: actor.userId, updatedAt: new Date() };
    await tx.insert(schema.travelSettings).values(values).onConflictDoUpdate({ target: schema.travelSettings.countyId, set: values });
    await recordAudit(tx, actor, { action: 'travel_buffer.set', entity: 'travel_settings', entityId: countyId, before: before ?? null, after: values });
  });
  return getTravelSettings(db, principal);
}

/** Both townships must lie in the admin's area (a county admin: any pair in the county). */
async function resolvePair(db: Database, principal: Principal, pair: TownshipPair): Promise<[string, string]> {
  for (const [field, id] of [['townshipAId', pair.townshipAId], ['townshipBId', pair.townshipBId]] as const) {
    const unit = await getVisibleOrgUnit(db, principal, id, field);
    if (unit.level !== 'township') throw new AppError('org_unit_invalid', 'Travel times are set between townships', { field });
  }
  return orderedPair(pair.townshipAId, pair.townshipBId);
}

export async function setTravelTimeOverride(db: Database, principal: Principal, actor: Actor, input: SetTravelTimeOverride): Promise<TravelSettings> {
  const [townshipAId, townshipBId] = await resolvePair(db, principal, input);
  await db.transaction(async (tx) => {
    const values = { townshipAId, townshipBId, minutes: input.minutes, updatedBy: actor.userId, updatedAt: new Date() };
    const [before] = await tx.select().from(schema.townshipTravelTimes).where(pairIs(townshipAId, townshipBId));
    await tx
      .insert(schema.townshipTravelTimes)
      .values(values)
      .onConflictDoUpdate({ target: [schema.townshipTravelTimes.townshipAId, schema.townshipTravelTimes.townshipBId], set: values });
    await recordAudit(tx, actor, { action: 'travel_time.set', entity: 'township_travel_time', entityId: `${townshipAId}/${townshipBId}`, before: before ?? null, after: values });
  });
  return getTravelSettings(db, principal);
}

export async function deleteTravelTimeOverride(db: Database, principal: Principal, actor: Actor, input: TownshipPair): Promise<TravelSettings> {
  const [townshipAId, townshipBId] = await resolvePair(db, principal, input);
  await db.transaction(async (tx) => {
    const [before] = await tx.delete(schema.townshipTravelTimes).where(pairIs(townshipAId, townshipBId)).returning();
    if (!before) throw notFound('Travel time');
    await recordAudit(tx, actor, { action: 'travel_time.delete', entity: 'township_travel_time', entityId: `${townshipAId}/${townshipBId}`, before });
  });
  return getTravelSettings(db, principal);
}

function pairIs(townshipAId: string, townshipBId: string) {
  return and(eq(schema.townshipTravelTimes.townshipAId, townshipAId), eq(schema.townshipTravelTimes.townshipBId, townshipBId));
}

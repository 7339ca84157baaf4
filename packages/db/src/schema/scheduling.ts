import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { feedKind } from './enums.ts';
import { orgUnits } from './org.ts';
import { users } from './users.ts';

/** Where a village is (WGS 84), for travel-time estimates between villages. */
export const villageLocations = pgTable('village_locations', {
  villageId: uuid('village_id')
    .primaryKey()
    .references(() => orgUnits.id, { onDelete: 'cascade' }),
  lat: doublePrecision('lat').notNull(),
  lon: doublePrecision('lon').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Per county: the slack a trainer needs on top of the drive (packing up, a meal, a landslide). */
export const travelSettings = pgTable('travel_settings', {
  countyId: uuid('county_id')
    .primaryKey()
    .references(() => orgUnits.id, { onDelete: 'cascade' }),
  bufferMinutes: integer('buffer_minutes').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The real driving time between two townships as an admin knows it; wins over the
 * estimate. Stored once per pair, the smaller id first, so A→B and B→A are one row.
 */
export const townshipTravelTimes = pgTable(
  'township_travel_times',
  {
    townshipAId: uuid('township_a_id')
      .notNull()
      .references(() => orgUnits.id, { onDelete: 'cascade' }),
    townshipBId: uuid('township_b_id')
      .notNull()
      .references(() => orgUnits.id, { onDelete: 'cascade' }),
    minutes: integer('minutes').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.townshipAId, t.townshipBId] }),
    check('township_travel_pair_ordered', sql`${t.townshipAId} <= ${t.townshipBId}`),
    check('township_travel_minutes_positive', sql`${t.minutes} >= 0`),
  ],
);

/**
 * A secret calendar-feed URL for one trainer's or one village's sessions. Only the hash
 * of the token is kept; revoking sets `revoked_at` and the URL answers 404 from then on.
 */
export const feedTokens = pgTable(
  'feed_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    kind: feedKind('kind').notNull(),
    trainerId: uuid('trainer_id').references(() => users.id),
    villageId: uuid('village_id').references(() => orgUnits.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    check(
      'feed_tokens_subject',
      sql`(${t.kind} = 'trainer' AND ${t.trainerId} IS NOT NULL AND ${t.villageId} IS NULL) OR (${t.kind} = 'village' AND ${t.villageId} IS NOT NULL AND ${t.trainerId} IS NULL)`,
    ),
    index('feed_tokens_created_by_idx').on(t.createdBy),
  ],
);

import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { gender, householdCategory } from './enums.ts';
import { orgUnits } from './org.ts';

export const farmers = pgTable(
  'farmers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    villageId: uuid('village_id')
      .notNull()
      .references(() => orgUnits.id),
    householdNo: text('household_no'),
    /** The whole name as written; never split into surname and given name. */
    name: text('name').notNull(),
    /** Pinyin initials of the name ("zrlm" for 泽仁拉姆) and the joined full pinyin, for search. */
    namePinyinInitials: text('name_pinyin_initials').notNull().default(''),
    namePinyin: text('name_pinyin').notNull().default(''),
    gender: gender('gender'),
    birthYear: integer('birth_year'),
    phone: text('phone'),
    /** HMAC-SHA256 of the ID number under a server key; the number itself is never stored. */
    idNumberHash: text('id_number_hash').unique(),
    idNumberLast4: text('id_number_last4'),
    /** Seen only by admins and the village's own secretary, as is the household category. */
    partyMember: boolean('party_member').notNull().default(false),
    /** Null: none of the categories applies. */
    householdCategory: householdCategory('household_category'),
    /** Random token printed as a QR code on the farmer's card. */
    cardToken: text('card_token').notNull().unique(),
    /** A walk-in registered at a session, waiting to be checked and merged. */
    provisional: boolean('provisional').notNull().default(false),
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => farmers.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Rosters are listed in pinyin order, for the whole area or for one village.
    index('farmers_roster_idx').on(t.namePinyin, t.id).where(sql`${t.mergedIntoId} IS NULL`),
    index('farmers_village_roster_idx').on(t.villageId, t.namePinyin, t.id).where(sql`${t.mergedIntoId} IS NULL`),
    index('farmers_initials_idx').on(sql`${t.namePinyinInitials} text_pattern_ops`),
    index('farmers_phone_idx').on(t.phone),
    index('farmers_last4_idx').on(t.idNumberLast4),
    // Whoever was merged into a farmer moves along when that farmer is merged in turn.
    index('farmers_merged_into_idx').on(t.mergedIntoId).where(sql`${t.mergedIntoId} IS NOT NULL`),
  ],
);

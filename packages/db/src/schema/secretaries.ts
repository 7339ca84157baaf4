import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { orgUnits } from './org.ts';
import { trainingSessions } from './training.ts';
import { users } from './users.ts';

/*
 * First secretaries' work (issue 11): days worked in the village, leave, the supervisor's
 * comments, practical matters (实事), household records (民情) and what a secretary chose
 * to publish. Household category and party membership are never stored here: they are the
 * member farmers' attributes.
 */

export const matterCategory = pgEnum('matter_category', ['road', 'water', 'electricity', 'venue', 'industry_project', 'training', 'other']);
export const matterStatus = pgEnum('matter_status', ['proposed', 'under_way', 'done']);
export const incomeBand = pgEnum('income_band', ['under_5k', '5k_10k', '10k_20k', 'over_20k']);

/**
 * One entry of a secretary's work log. The id is made on the phone, so a re-sent entry is a
 * no-op; two entries on one date are one day worked, and both are kept.
 */
export const workDayEntries = pgTable(
  'work_day_entries',
  {
    id: uuid('id').primaryKey(),
    secretaryId: uuid('secretary_id')
      .notNull()
      .references(() => users.id),
    villageId: uuid('village_id')
      .notNull()
      .references(() => orgUnits.id),
    /** The local (Asia/Shanghai) date worked. */
    workDate: date('work_date').notNull(),
    /** household_visit | meeting | matter | training (contracts workDayActivities). */
    activities: text('activities').array().notNull(),
    note: text('note').notNull().default(''),
    /** Household numbers (户号) of the village visited that day. */
    householdNos: text('household_nos').array().notNull().default([]),
    sessionId: uuid('session_id').references(() => trainingSessions.id, { onDelete: 'set null' }),
    deviceId: text('device_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('work_days_secretary_idx').on(t.secretaryId, t.workDate), index('work_days_village_idx').on(t.villageId, t.workDate)],
);

/** Leave approved by an admin for a month: that month's shortfall is excused. */
export const secretaryLeaves = pgTable(
  'secretary_leaves',
  {
    secretaryId: uuid('secretary_id')
      .notNull()
      .references(() => users.id),
    /** The first day of the month. */
    month: date('month').notNull(),
    reason: text('reason').notNull(),
    approvedBy: uuid('approved_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.secretaryId, t.month] })],
);

/**
 * One row per notice delivered (the pace reminder of the 20th, the month-end shortfall list):
 * its key makes a retried or concurrently run job send nothing twice, as sent_reminders does.
 */
export const secretaryNotices = pgTable(
  'secretary_notices',
  {
    kind: text('kind').notNull(),
    month: date('month').notNull(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id),
    channel: text('channel').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.month, t.recipientId] })],
);

/** The supervisor's comment on a secretary for one quarter. */
export const supervisionComments = pgTable(
  'supervision_comments',
  {
    secretaryId: uuid('secretary_id')
      .notNull()
      .references(() => users.id),
    year: integer('year').notNull(),
    quarter: integer('quarter').notNull(),
    comment: text('comment').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.secretaryId, t.year, t.quarter] }), check('supervision_quarter_check', sql`${t.quarter} BETWEEN 1 AND 4`)],
);

/** 实事: a practical matter a secretary coordinates for the village. */
export const practicalMatters = pgTable(
  'practical_matters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    villageId: uuid('village_id')
      .notNull()
      .references(() => orgUnits.id),
    title: text('title').notNull(),
    category: matterCategory('category').notNull(),
    /** Funds coordinated, in fen (1/100 yuan): whole numbers add up exactly. */
    fundsFen: bigint('funds_fen', { mode: 'number' }).notNull().default(0),
    beneficiaryHouseholds: integer('beneficiary_households').notNull().default(0),
    status: matterStatus('status').notNull().default('proposed'),
    startedOn: date('started_on'),
    doneOn: date('done_on'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('matters_village_idx').on(t.villageId, t.status), index('matters_category_idx').on(t.category, t.status)],
);

/** Documents and photos of a matter, stored in the file store by content. */
export const practicalMatterFiles = pgTable(
  'practical_matter_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    matterId: uuid('matter_id')
      .notNull()
      .references(() => practicalMatters.id, { onDelete: 'cascade' }),
    sha256: text('sha256').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('matter_files_matter_idx').on(t.matterId)],
);

/**
 * 民情: one household of a village, by its household number. Its members are the village's
 * farmers with that household number; its category and party-member flag come from them.
 */
export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    villageId: uuid('village_id')
      .notNull()
      .references(() => orgUnits.id),
    householdNo: text('household_no').notNull(),
    incomeBand: incomeBand('income_band'),
    /** Ways of earning (contracts livelihoods). */
    livelihoods: text('livelihoods').array().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('households_village_no_unique').on(t.villageId, t.householdNo)],
);

/** A need noted on a visit. */
export const householdNeeds = pgTable(
  'household_needs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    notedOn: date('noted_on').notNull(),
    need: text('need').notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('household_needs_household_idx').on(t.householdId, t.notedOn)],
);

/** What a secretary publishes on the village's public page: each item only when chosen. */
export const secretaryProfiles = pgTable('secretary_profiles', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  /** 职务, e.g. 驻村第一书记 (县农牧局派驻). */
  post: text('post').notNull().default(''),
  /** The resized photo, without EXIF, in the file store. */
  photoSha256: text('photo_sha256'),
  publishName: boolean('publish_name').notNull().default(false),
  publishPhoto: boolean('publish_photo').notNull().default(false),
  publishPost: boolean('publish_post').notNull().default(false),
  publishPhone: boolean('publish_phone').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

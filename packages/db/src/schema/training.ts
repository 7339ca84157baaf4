import { index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { attendanceStatus, checkInMethod, courseTopic, sessionStatus } from './enums.ts';
import { orgUnits } from './org.ts';
import { users } from './users.ts';
import { farmers } from './farmers.ts';
import { documents } from './documents.ts';

export const courses = pgTable('courses', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  topic: courseTopic('topic').notNull(),
  description: text('description').notNull().default(''),
  orgUnitId: uuid('org_unit_id')
    .notNull()
    .references(() => orgUnits.id),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const courseDocuments = pgTable(
  'course_documents',
  {
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.documentId] })],
);

/** A repeat rule that generated several sessions (RFC 5545 RRULE text). */
export const sessionSeries = pgTable('session_series', {
  id: uuid('id').primaryKey().defaultRandom(),
  rrule: text('rrule').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id),
    trainerId: uuid('trainer_id')
      .notNull()
      .references(() => users.id),
    villageId: uuid('village_id')
      .notNull()
      .references(() => orgUnits.id),
    venue: text('venue').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity'),
    status: sessionStatus('status').notNull().default('scheduled'),
    seriesId: uuid('series_id').references(() => sessionSeries.id),
    /** Secret behind the session's rotating check-in QR code. */
    checkinSecret: text('checkin_secret').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sessions_starts_idx').on(t.startsAt),
    index('sessions_trainer_idx').on(t.trainerId, t.startsAt),
    index('sessions_village_idx').on(t.villageId, t.startsAt),
  ],
);

/** One row per (session, farmer). The id is made on the phone, so a re-sent check-in is a no-op. */
export const attendances = pgTable(
  'attendances',
  {
    id: uuid('id').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    farmerId: uuid('farmer_id')
      .notNull()
      .references(() => farmers.id),
    status: attendanceStatus('status').notNull().default('present'),
    method: checkInMethod('method').notNull(),
    deviceId: text('device_id').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('attendances_session_farmer_uq').on(t.sessionId, t.farmerId), index('attendances_farmer_idx').on(t.farmerId)],
);

export const materials = pgTable('materials', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  topic: courseTopic('topic').notNull(),
  documentId: uuid('document_id').references(() => documents.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const materialDistributions = pgTable(
  'material_distributions',
  {
    id: uuid('id').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    materialId: uuid('material_id')
      .notNull()
      .references(() => materials.id),
    farmerId: uuid('farmer_id').references(() => farmers.id),
    quantity: integer('quantity').notNull().default(1),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    distributedAt: timestamp('distributed_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('distributions_session_idx').on(t.sessionId)],
);

import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { attendanceStatus, checkInMethod, courseTopic, sessionStatus } from './enums.ts';
import { orgUnits } from './org.ts';
import { users } from './users.ts';
import { farmers } from './farmers.ts';
import { documents } from './documents.ts';

export const courses = pgTable(
  'courses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    topic: courseTopic('topic').notNull(),
    description: text('description').notNull().default(''),
    objectives: text('objectives').notNull().default(''),
    /** A `present` check-in this many minutes after the start counts as `late`. */
    lateAfterMinutes: integer('late_after_minutes').notNull().default(15),
    /** The area the course belongs to: who may see, use and change it. */
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('courses_org_unit_idx').on(t.orgUnitId),
    check('courses_late_after_range', sql`${t.lateAfterMinutes} >= 0 AND ${t.lateAfterMinutes} <= 240`),
  ],
);

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
  (t) => [primaryKey({ columns: [t.courseId, t.documentId] }), index('course_documents_document_idx').on(t.documentId)],
);

/** A repeat rule that generated several sessions: RFC 5545 RRULE text, expanded from `dtstart` in `tz`. */
export const sessionSeries = pgTable('session_series', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The RRULE value without DTSTART ("FREQ=WEEKLY;BYDAY=TU;COUNT=10"). */
  rrule: text('rrule').notNull(),
  dtstart: timestamp('dtstart', { withTimezone: true }).notNull(),
  tz: text('tz').notNull().default('Asia/Shanghai'),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id),
    villageId: uuid('village_id')
      .notNull()
      .references(() => orgUnits.id),
    /** 村活动室, a school, 田间地头: free text, compared trimmed for venue clashes. */
    venue: text('venue').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity').notNull(),
    notes: text('notes').notNull().default(''),
    status: sessionStatus('status').notNull().default('scheduled'),
    cancelReason: text('cancel_reason'),
    seriesId: uuid('series_id').references(() => sessionSeries.id),
    /** The occurrence of its series this session was made for (RFC 5545 RECURRENCE-ID); it stays when the session moves. */
    recurrenceId: timestamp('recurrence_id', { withTimezone: true }),
    /** Secret behind the session's rotating check-in QR code. */
    checkinSecret: text('checkin_secret').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sessions_starts_idx').on(t.startsAt, t.id),
    index('sessions_village_idx').on(t.villageId, t.startsAt),
    index('sessions_series_idx').on(t.seriesId, t.startsAt),
    unique('sessions_series_occurrence_uq').on(t.seriesId, t.recurrenceId),
    check('sessions_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check('sessions_capacity_positive', sql`${t.capacity} > 0`),
  ],
);

/** The trainers who run a session (one or more). */
export const sessionTrainers = pgTable(
  'session_trainers',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    trainerId: uuid('trainer_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.trainerId] }), index('session_trainers_trainer_idx').on(t.trainerId, t.sessionId)],
);

/** The villages whose farmers are invited to a session. */
export const sessionTargetVillages = pgTable(
  'session_target_villages',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    villageId: uuid('village_id')
      .notNull()
      .references(() => orgUnits.id),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.villageId] }), index('session_targets_village_idx').on(t.villageId, t.sessionId)],
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

/** The printed materials a course hands out; filled once the materials catalogue has its api. */
export const courseMaterials = pgTable(
  'course_materials',
  {
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    materialId: uuid('material_id')
      .notNull()
      .references(() => materials.id),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.materialId] })],
);

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

import { date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { courseTopic } from './enums.ts';
import { trainingSessions } from './training.ts';

/** The additive figures a session's row and its deltas carry (new column objects for each table). */
const sessionFigures = () => ({
  attendances: integer('attendances').notNull().default(0),
  women: integer('women').notNull().default(0),
  partyMembers: integer('party_members').notNull().default(0),
  dibao: integer('dibao').notNull().default(0),
  wubao: integer('wubao').notNull().default(0),
  monitored: integer('monitored').notNull().default(0),
  excused: integer('excused').notNull().default(0),
  absent: integer('absent').notNull().default(0),
  materials: integer('materials').notNull().default(0),
});

/**
 * The additive figures of one session (人次 and what is summed from it), as folded so far.
 * Statement-level triggers on attendances, farmers and material_distributions (migrations
 * 0009_reports, 0011_report_deltas) append each change to report_session_deltas, and a job
 * folds the deltas in; reports read the view report_session_figures (row plus deltas), so
 * every writer keeps the figures exact without calling the reports code or sharing a row.
 * Only present and late attendances count; the session's own status, place, time and
 * course are read at query time, so moving or cancelling a session needs no upkeep here.
 */
export const reportSessionStats = pgTable('report_session_stats', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => trainingSessions.id, { onDelete: 'cascade' }),
  ...sessionFigures(),
});

/** Changes to a session's figures not yet folded into its row: appended by the triggers, moved by report_fold_deltas(). */
export const reportSessionDeltas = pgTable(
  'report_session_deltas',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    ...sessionFigures(),
  },
  (table) => [index('report_session_deltas_session_idx').on(table.sessionId)],
);

/**
 * One row per counted attendance (present or late, at a session not cancelled) with its
 * session's keys copied: the local day and month it starts on, the units on its village's
 * path by depth (county, township, village) and the village, the topic and course. Kept by triggers on attendances, sessions,
 * courses and org units (migration 0013_report_counted), so distinct farmers per month,
 * topic or unit are read in order from an index (key, farmer_id) that includes the filters;
 * those covering indexes are in the migration.
 */
export const reportCounted = pgTable(
  'report_counted',
  {
    sessionId: uuid('session_id').notNull(),
    farmerId: uuid('farmer_id').notNull(),
    day: date('day').notNull(),
    month: date('month').notNull(),
    unit1Id: uuid('unit1_id').notNull(),
    unit2Id: uuid('unit2_id'),
    unit3Id: uuid('unit3_id'),
    villageId: uuid('village_id').notNull(),
    topic: courseTopic('topic').notNull(),
    courseId: uuid('course_id').notNull(),
  },
  (table) => [primaryKey({ name: 'report_counted_pk', columns: [table.sessionId, table.farmerId] })],
);

/** The columns of a distinct-farmers key and its figure (new column objects for each table). */
const farmerCountKey = () => ({
  unitId: uuid('unit_id').notNull(),
  /** '' all time, '2031' a local year, '2031-03' a local month. */
  period: text('period').notNull(),
  /** '' every topic, else one course topic. */
  topic: text('topic').notNull(),
  farmers: integer('farmers').notNull(),
});

/**
 * Distinct farmers (人) per unit on a village's path, whole period and topic, as folded so far;
 * a figure is its row plus its unfolded deltas. Triggers on report_counted append the deltas
 * (migration 0014_report_farmer_counts: a key counts a farmer when the first of their counted
 * attendances in it appears, and stops when the last goes), report_fold_deltas() folds them.
 */
export const reportFarmerCounts = pgTable('report_farmer_counts', farmerCountKey(), (table) => [
  primaryKey({ name: 'report_farmer_counts_pk', columns: [table.unitId, table.period, table.topic] }),
]);

/** Changes to report_farmer_counts not yet folded, one row per key and writing statement. */
export const reportFarmerDeltas = pgTable('report_farmer_deltas', farmerCountKey(), (table) => [
  index('report_farmer_deltas_key_idx').on(table.unitId, table.period, table.topic),
]);

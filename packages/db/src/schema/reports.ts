import { integer, pgTable, uuid } from 'drizzle-orm/pg-core';
import { trainingSessions } from './training.ts';

/**
 * The additive figures of one session (人次 and what is summed from it), kept exact by
 * statement-level triggers on attendances, farmers and material_distributions
 * (migration 0009_reports): every writer keeps it true without calling the reports code.
 * Only present and late attendances count; the session's own status, place, time and
 * course are read at query time, so moving or cancelling a session needs no upkeep here.
 */
export const reportSessionStats = pgTable('report_session_stats', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => trainingSessions.id, { onDelete: 'cascade' }),
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

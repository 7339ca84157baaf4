import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { trainingSessions } from './training.ts';
import { users } from './users.ts';

/**
 * One row per reminder delivered: its key (session, recipient, the start it announced)
 * is what makes a retried or concurrently run reminder job send nothing twice. A moved
 * session announces a new start, so its people are reminded again.
 */
export const sentReminders = pgTable(
  'sent_reminders',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    /** Which sender delivered it (log, sms, ...). */
    channel: text('channel').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.recipientId, t.startsAt] })],
);

import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.ts';
import { attendances } from './training.ts';

/**
 * One row per sync item the server accepted, keyed by the id the phone made: inserting it
 * (ON CONFLICT DO NOTHING) is what tells a re-sent item from a new one, and it keeps the
 * answer (the attendance or record) that a re-send gets again. It also keeps which device
 * and user sent each item, so an attendance two phones recorded names both.
 */
export const syncReceipts = pgTable(
  'sync_receipts',
  {
    itemId: uuid('item_id').primaryKey(),
    kind: text('kind').notNull(),
    deviceId: text('device_id').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    /** created or merged, as first answered. */
    result: text('result').notNull(),
    attendanceId: uuid('attendance_id').references(() => attendances.id),
    /** The row any other kind of item became. */
    recordId: uuid('record_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sync_receipts_attendance_idx').on(t.attendanceId)],
);

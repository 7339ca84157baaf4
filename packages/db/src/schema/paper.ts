import { index, jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { trainingSessions } from './training.ts';
import { users } from './users.ts';

/**
 * One printed sign-in sheet (签到表): which farmer stands on which row of which page, as
 * printed. Its QR codes name the sheet, so a photo read back weeks later still maps rows to
 * the farmers that were printed there, whatever the roster became since.
 */
export const paperSheets = pgTable(
  'paper_sheets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    /** Page by page, row by row: a farmer's id, or null for a blank walk-in row. */
    rows: jsonb('rows').$type<Array<Array<string | null>>>().notNull(),
    printedBy: uuid('printed_by')
      .notNull()
      .references(() => users.id),
    printedAt: timestamp('printed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('paper_sheets_session_idx').on(t.sessionId)],
);

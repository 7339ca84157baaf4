import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { orgLevel } from './enums.ts';

/**
 * County > township > village. `path` is the chain of ids from the county down to
 * this unit ("/c/t/v/"), so "everything under X" is a prefix match on an index.
 */
export const orgUnits = pgTable(
  'org_units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    parentId: uuid('parent_id').references((): AnyPgColumn => orgUnits.id, { onDelete: 'restrict' }),
    level: orgLevel('level').notNull(),
    name: text('name').notNull(),
    code: text('code').notNull().unique(),
    path: text('path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('org_units_parent_idx').on(t.parentId),
    index('org_units_path_idx').on(sql`${t.path} text_pattern_ops`),
  ],
);

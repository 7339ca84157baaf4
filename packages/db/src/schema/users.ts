import { boolean, index, inet, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { userRole } from './enums.ts';
import { orgUnits } from './org.ts';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: userRole('role').notNull(),
  orgUnitId: uuid('org_unit_id')
    .notNull()
    .references(() => orgUnits.id),
  phone: text('phone'),
  locale: text('locale').notNull().default('zh-CN'),
  active: boolean('active').notNull().default(true),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Signed-in browser sessions. The cookie carries a random token; only its hash is stored. */
export const authSessions = pgTable(
  'auth_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: inet('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

/** What a row of sign_in_throttle counts failed sign-ins for. */
export const signInThrottleScopes = ['account', 'address', 'account_address'] as const;

/**
 * Failed sign-ins, counted per lower-cased username (known or not, so the reply does not
 * tell whether an account exists), per client address, and per pair of both. Kept in
 * PostgreSQL so every api instance behind a proxy sees the same counts. `username` is ''
 * on address rows and `ip` is '' on account rows.
 */
export const signInThrottle = pgTable(
  'sign_in_throttle',
  {
    scope: text('scope', { enum: signInThrottleScopes }).notNull(),
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    failures: integer('failures').notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.username, t.ip] }), index('sign_in_throttle_last_failure_idx').on(t.lastFailureAt)],
);

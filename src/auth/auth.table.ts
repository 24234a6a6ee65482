import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../users/users.table.js';

/** Lucia's session table (adapter-drizzle wants id, user_id, expires_at in seconds). */
export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 (hex) of the session id in the cookie, never the id itself (auth.service.ts). */
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at').notNull(),
    /** Milliseconds; the absolute lifetime (ASVS 3.3.2) is counted from here. */
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    userAgent: text('user_agent').notNull().default(''),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Failed sign-ins per account, so guessing is slowed however many addresses it comes from. */
export const loginThrottle = sqliteTable('login_throttle', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull(),
  windowStart: integer('window_start').notNull(),
});

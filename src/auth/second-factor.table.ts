import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../users/users.table.js';
import { sessions } from './auth.table.js';

/** A user's TOTP second factor (RFC 6238), once confirmed with a code: no row, no second factor. */
export const secondFactors = sqliteTable('second_factors', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** The secret, sealed with AES-256-GCM under TOTP_KEY (second-factor.crypto.ts): never stored, shown again or logged in clear. */
  secret: text('secret').notNull(),
  /** The last 30-second time step whose code was accepted: each code is good once (RFC 6238 §5.2). */
  lastStep: integer('last_step').notNull(),
  enabledAt: integer('enabled_at').notNull(),
});

/** Ten single-use codes for when the authenticator is lost; argon2id hashes only, the codes are shown once. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('recovery_codes_user').on(t.userId)],
);

export const secondFactorSteps = ['code', 'enrol'] as const;
export type SecondFactorStep = (typeof secondFactorSteps)[number];

/**
 * A session that has passed the password but not yet the second step: 'code' (asked for the code; ends 5 minutes
 * after the password) or 'enrol' (must set up a second factor first). Such a session grants nothing else.
 */
export const secondFactorPending = sqliteTable('second_factor_pending', {
  sessionId: text('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  step: text('step', { enum: secondFactorSteps }).notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Wrong codes per account at the second step, so that guessing six digits is slowed whatever the address. */
export const secondFactorThrottle = sqliteTable('second_factor_throttle', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  failures: integer('failures').notNull(),
  /** The first failure of the window; once the limit is reached, the moment the lock began. */
  windowStart: integer('window_start').notNull(),
});

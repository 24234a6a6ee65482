import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { contactPoints } from '../contact-points/contact-points.table.js';
import { versionColumn } from '../db/versions.js';

export const roles = ['counsellor', 'supervisor', 'admin', 'coordinator'] as const;
export type Role = (typeof roles)[number];

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  /** Stored lower-cased so that logins are case-insensitive. */
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: roles }).notNull(),
  locale: text('locale').notNull().default('en'),
  languages: text('languages', { mode: 'json' }).$type<string[]>().notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  passwordHash: text('password_hash'),
  passwordChangedAt: integer('password_changed_at'),
  /**
   * An account given case access by an administrator waits for a supervisor of its contact points to confirm it
   * (issue 12, security review c): until then it cannot sign in and no set-password link is handed out.
   */
  awaitingConfirmation: integer('awaiting_confirmation', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
  version: versionColumn(),
});

export const userContactPoints = sqliteTable(
  'user_contact_points',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    contactPointId: integer('contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.contactPointId] }), index('user_contact_points_cp').on(t.contactPointId)],
);

/** One-time links with which a new user (or one whose password was reset) sets a password. */
export const passwordTokens = sqliteTable('password_tokens', {
  /** SHA-256 of the token: the token itself is only ever in the link handed to the user. */
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
  createdBy: text('created_by').references(() => users.id),
  createdAt: integer('created_at').notNull(),
});

export type UserRow = typeof users.$inferSelect;

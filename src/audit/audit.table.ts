import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const auditActions = [
  'view',
  'create',
  'update',
  'export',
  'letter',
  'login',
  'login_failed',
  'logout',
  'permission_denied',
  /** Content removed at the end of its retention period, or as part of an erasure (src/retention). */
  'anonymise',
  /** A person's data erased on request (GDPR art. 17). */
  'erase',
  /** A record removed by a person who may (a contact point's local holiday). */
  'remove',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** Append-only: there is no code path that updates or deletes a row. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    userId: text('user_id'),
    action: text('action', { enum: auditActions }).notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    contactPointId: integer('contact_point_id'),
    /** Names of the fields changed, never their values. */
    fields: text('fields', { mode: 'json' }).$type<string[]>(),
    clientAddress: text('client_address'),
    /** For an update of a versioned record: its version after the change (a stale form lists the changes since its own). */
    targetVersion: integer('target_version'),
  },
  // The audit page reads newest first within one contact point (or none) at a time, and merges those lanes
  // (audit.repo.ts): each filter it offers has an index that keeps its lane in time order, so a page stops after
  // its rows however rare the match. audit_user_at also counts a user's person views in the last hour.
  (t) => [
    index('audit_target').on(t.targetType, t.targetId),
    index('audit_cp_at').on(t.contactPointId, t.at),
    index('audit_cp_action_at').on(t.contactPointId, t.action, t.at),
    index('audit_cp_type_at').on(t.contactPointId, t.targetType, t.at),
    index('audit_user_at').on(t.userId, t.at),
  ],
);

/**
 * A user who opened more person records within an hour than the configured limit (the pattern of someone copying
 * records out), kept so that their supervisors still see it after the hour. One row per episode: while the user
 * keeps over the limit, the row's window is extended. Written with the audit entry of the view that crossed it.
 */
export const auditFlags = sqliteTable(
  'audit_flags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    /** The contact point of the person record whose opening crossed the limit. */
    contactPointId: integer('contact_point_id'),
    /** The first view of the first hour over the limit, and the last view while over it. */
    windowStart: integer('window_start').notNull(),
    windowEnd: integer('window_end').notNull(),
    /** The most distinct person records opened within one hour of the episode. */
    peak: integer('peak').notNull(),
    /** The limit in force when it was raised. */
    threshold: integer('threshold').notNull(),
    raisedAt: integer('raised_at').notNull(),
  },
  (t) => [index('audit_flags_user_end').on(t.userId, t.windowEnd), index('audit_flags_end').on(t.windowEnd)],
);

export type AuditFlag = typeof auditFlags.$inferSelect;

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
  (t) => [index('audit_target').on(t.targetType, t.targetId), index('audit_cp_at').on(t.contactPointId, t.at)],
);

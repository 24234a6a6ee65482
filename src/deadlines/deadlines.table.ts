import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { cases } from '../cases/cases.table.js';
import { users } from '../users/users.table.js';
import type { Alternative, ComputationStep, DeadlineInputs } from './compute.js';
import type { DeadlineRuleInput } from './rules.schema.js';
import { versionColumn } from '../db/versions.js';

export const deadlineStatuses = ['open', 'done', 'missed', 'cancelled'] as const;
export type DeadlineStatus = (typeof deadlineStatuses)[number];

/**
 * rule: computed by a catalogue rule; manual: added by hand; contract: a contractual limit (a collective agreement's
 * cut-off period) added by hand with its own source. A text column with no CHECK: a new value needs no migration.
 */
export const deadlineSources = ['rule', 'manual', 'contract'] as const;
export type DeadlineSource = (typeof deadlineSources)[number];

/**
 * A deadline of a case. A rule deadline keeps everything it was computed from (rule version, the rule's fingerprint,
 * the entered dates, the steps in words) so that it still explains itself after the rule or the case changes.
 */
export const deadlines = sqliteTable(
  'deadlines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    /** Shown in reminder e-mails and calendar feeds: a rule title, or the counsellor's own words (never a name). */
    title: text('title').notNull(),
    dueDate: text('due_date').notNull(),
    source: text('source', { enum: deadlineSources }).notNull(),
    ruleId: text('rule_id'),
    ruleVersion: integer('rule_version'),
    /** SHA-256 of the rule version as applied: a different fingerprint today means an administrator changed it. */
    ruleFingerprint: text('rule_fingerprint'),
    triggerField: text('trigger_field'),
    triggerDate: text('trigger_date'),
    /** Every date the computation read (trigger, ACAS Day A and Day B, a capping date). */
    inputs: text('inputs', { mode: 'json' }).$type<DeadlineInputs>(),
    /** The date the rule gave; differs from dueDate when the counsellor edited it (with editReason). */
    computedDueDate: text('computed_due_date'),
    steps: text('steps', { mode: 'json' }).$type<ComputationStep[]>(),
    /** Dates shown beside the deadline, never as it (the 6-month limit not yet in force, a manual's practice). */
    alternatives: text('alternatives', { mode: 'json' }).$type<Alternative[]>(),
    /** The ISO 3166-2 region whose holidays the computation counted; null: nationwide, or no business days used. */
    region: text('region'),
    explanation: text('explanation'),
    sourceCitation: text('source_citation'),
    editReason: text('edit_reason'),
    status: text('status', { enum: deadlineStatuses }).notNull().default('open'),
    ownerId: text('owner_id').references(() => users.id),
    /** Days before the due date from which the deadline is in the owner's reminders. */
    reminderLeadDays: integer('reminder_lead_days').notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').references(() => users.id),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by').references(() => users.id),
    /** The latest status change; the timeline holds every one of them. */
    statusChangedAt: integer('status_changed_at'),
    statusChangedBy: text('status_changed_by').references(() => users.id),
    version: versionColumn(),
  },
  (t) => [
    index('deadlines_case').on(t.caseId, t.status),
    index('deadlines_status_due').on(t.status, t.dueDate),
    index('deadlines_owner_status_due').on(t.ownerId, t.status, t.dueDate),
  ],
);

/** The dates entered on a case from which rules compute deadlines (one per trigger field). */
export const caseTriggerDates = sqliteTable(
  'case_trigger_dates',
  {
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    field: text('field').notNull(),
    date: text('date').notNull(),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.field] })],
);

/** A proposal the counsellor dismissed; it comes back only if the computed date changes. */
export const deadlineDismissals = sqliteTable(
  'deadline_dismissals',
  {
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    ruleId: text('rule_id').notNull(),
    dueDate: text('due_date').notNull(),
    dismissedAt: integer('dismissed_at').notNull(),
    dismissedBy: text('dismissed_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.ruleId, t.dueDate] })],
);

/**
 * An administrator's correction of a catalogue version (effective dates, status) or a version added without a release.
 * The reviewed catalogue in rules.data.ts stays the base; a row here replaces the version with the same id and number.
 */
export const ruleVersionChanges = sqliteTable(
  'rule_version_changes',
  {
    ruleId: text('rule_id').notNull(),
    version: integer('version').notNull(),
    /** True for a version that is not in rules.data.ts. */
    added: integer('added', { mode: 'boolean' }).notNull(),
    /** The whole version, validated by DeadlineRuleSchema when read. */
    rule: text('rule', { mode: 'json' }).$type<DeadlineRuleInput>().notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').references(() => users.id),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.version] })],
);

/** One row per counsellor and local day: the digest is sent once a day, even across restarts. */
export const reminderDigests = sqliteTable(
  'reminder_digests',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    claimedAt: integer('claimed_at').notNull(),
    sentAt: integer('sent_at'),
    deadlineCount: integer('deadline_count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

/** A secret calendar URL of one user; only the SHA-256 of its token is stored. */
export const calendarFeeds = sqliteTable(
  'calendar_feeds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
    lastUsedAt: integer('last_used_at'),
  },
  (t) => [index('calendar_feeds_user').on(t.userId, t.revokedAt)],
);

export type Deadline = typeof deadlines.$inferSelect;
export type NewDeadline = typeof deadlines.$inferInsert;

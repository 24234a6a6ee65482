import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { cases } from '../cases/cases.table.js';
import { deadlines } from '../deadlines/deadlines.table.js';
import { evidenceFiles } from '../evidence/evidence.table.js';
import { users } from '../users/users.table.js';
import { versionColumn } from '../db/versions.js';
import { collectives } from './collective.table.js';

/**
 * A deadline set once on a group from a catalogue rule and a common trigger date (the date of a mass dismissal).
 * It lives on as one ordinary deadline on each member case (computed for that case's own place), linked here.
 */
export const collectiveDeadlines = sqliteTable(
  'collective_deadlines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    collectiveId: integer('collective_id')
      .notNull()
      .references(() => collectives.id),
    ruleId: text('rule_id').notNull(),
    /** The rule's title when it was set (the group page names it). */
    title: text('title').notNull(),
    triggerField: text('trigger_field').notNull(),
    triggerDate: text('trigger_date').notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').references(() => users.id),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by').references(() => users.id),
    version: versionColumn(),
  },
  (t) => [index('collective_deadlines_group').on(t.collectiveId)],
);

/** A member case's deadline made from a group deadline. The link holds while the case is in the group. */
export const collectiveDeadlineLinks = sqliteTable(
  'collective_deadline_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    collectiveDeadlineId: integer('collective_deadline_id')
      .notNull()
      .references(() => collectiveDeadlines.id),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    deadlineId: integer('deadline_id')
      .notNull()
      .references(() => deadlines.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('collective_deadline_links_case').on(t.collectiveDeadlineId, t.caseId), uniqueIndex('collective_deadline_links_deadline').on(t.deadlineId)],
);

/**
 * A file of a whole group (the employer's notice of mass dismissal, a site photo): an evidence file with no case,
 * stored and sealed like any other (src/evidence), shown on each case that is in the group now.
 */
export const collectiveFiles = sqliteTable(
  'collective_files',
  {
    evidenceId: integer('evidence_id')
      .primaryKey()
      .references(() => evidenceFiles.id),
    collectiveId: integer('collective_id')
      .notNull()
      .references(() => collectives.id),
  },
  (t) => [index('collective_files_group').on(t.collectiveId)],
);

export type CollectiveDeadline = typeof collectiveDeadlines.$inferSelect;

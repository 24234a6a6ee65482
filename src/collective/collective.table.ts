import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { cases } from '../cases/cases.table.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import { parties } from '../parties/parties.table.js';
import { users } from '../users/users.table.js';
import { versionColumn } from '../db/versions.js';

export const collectiveStatuses = ['open', 'closed'] as const;
export type CollectiveStatus = (typeof collectiveStatuses)[number];

/**
 * Many workers' cases against one party (issue 15). Each worker keeps their own case (consent, amounts, notes,
 * outcome); the group holds what is common: the party, a shared summary and shared timeline entries.
 */
export const collectives = sqliteTable(
  'collectives',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** LDN-G-2026-001: the contact point's prefix, G for group, year, sequence within that year. */
    reference: text('reference').notNull().unique(),
    contactPointId: integer('contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
    partyId: integer('party_id')
      .notNull()
      .references(() => parties.id),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    status: text('status', { enum: collectiveStatuses }).notNull().default('open'),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').references(() => users.id),
    version: versionColumn(),
  },
  (t) => [index('collectives_cp').on(t.contactPointId, t.createdAt)],
);

/** Membership is a history: a worker who leaves keeps their row, with when, who and why. */
export const collectiveMembers = sqliteTable(
  'collective_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    collectiveId: integer('collective_id')
      .notNull()
      .references(() => collectives.id),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    joinedAt: integer('joined_at').notNull(),
    joinedBy: text('joined_by').references(() => users.id),
    leftAt: integer('left_at'),
    leftBy: text('left_by').references(() => users.id),
    leftReason: text('left_reason'),
  },
  (t) => [index('collective_members_group').on(t.collectiveId, t.leftAt), index('collective_members_case').on(t.caseId, t.leftAt)],
);

/**
 * Kinds of shared entry: a note, call or meeting typed on the group, and the entries the group's shared files and
 * shared deadlines write (src/collective/shared-*.service.ts), whose facts are in `data`.
 */
export const collectiveEntryKinds = ['note', 'call', 'meeting', 'evidence_added', 'evidence_deleted', 'deadline_set', 'deadline_moved'] as const;

/** Shared timeline entries: written once on the group, shown on every member case's timeline. Append-only. */
export const collectiveEntries = sqliteTable(
  'collective_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    collectiveId: integer('collective_id')
      .notNull()
      .references(() => collectives.id),
    at: integer('at').notNull(),
    userId: text('user_id').references(() => users.id),
    kind: text('kind', { enum: collectiveEntryKinds }).notNull(),
    body: text('body').notNull(),
    /** What a file or deadline entry is about (a count, a category, a rule title, dates): never a name. */
    data: text('data', { mode: 'json' }).$type<Record<string, string | number>>(),
  },
  (t) => [index('collective_entries_group').on(t.collectiveId, t.at)],
);

/** Next group number per contact point and year, bumped in the IMMEDIATE transaction that creates the group. */
export const collectiveSequences = sqliteTable(
  'collective_sequences',
  {
    contactPointId: integer('contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactPointId, t.year] })],
);

export type Collective = typeof collectives.$inferSelect;
export type CollectiveMember = typeof collectiveMembers.$inferSelect;
export type CollectiveEntry = typeof collectiveEntries.$inferSelect;

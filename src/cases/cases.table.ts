import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { contactPoints } from '../contact-points/contact-points.table.js';
import { parties } from '../parties/parties.table.js';
import { people } from '../people/people.table.js';
import { users } from '../users/users.table.js';
import { anonymisationReasons, caseStatuses, caseTypes, eventKinds, outcomes, partyKinds, priorities, sectors, type GcmObjective } from './catalogue.js';
import { versionColumn } from '../db/versions.js';

export const cases = sqliteTable(
  'cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** LDN-2026-00042: contact point prefix, year opened, sequence within that year. */
    reference: text('reference').notNull().unique(),
    contactPointId: integer('contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
    /** Null for an anonymous information-and-advice contact (no `store` consent). */
    personId: integer('person_id').references(() => people.id),
    assignedTo: text('assigned_to').references(() => users.id),
    sector: text('sector', { enum: sectors }),
    jurisdictionCountry: text('jurisdiction_country').notNull(),
    jurisdictionRegion: text('jurisdiction_region'),
    status: text('status', { enum: caseStatuses }).notNull().default('intake'),
    priority: text('priority', { enum: priorities }).notNull().default('normal'),
    summary: text('summary').notNull().default(''),
    employmentStart: text('employment_start'),
    employmentEnd: text('employment_end'),
    /** Money in minor units (pence, cents) so sums are exact. */
    amountClaimedMinor: integer('amount_claimed_minor'),
    amountRecoveredMinor: integer('amount_recovered_minor'),
    currency: text('currency'),
    outcome: text('outcome', { enum: outcomes }),
    outcomeNote: text('outcome_note'),
    gcmObjectives: text('gcm_objectives', { mode: 'json' }).$type<GcmObjective[]>().notNull().default([]),
    openedAt: integer('opened_at').notNull(),
    closedAt: integer('closed_at'),
    /** Moves with every timeline event; supervision looks for cases idle 30+ days. */
    lastActivityAt: integer('last_activity_at').notNull(),
    createdBy: text('created_by').references(() => users.id),
    version: versionColumn(),
    /** A legal hold (src/retention): while set, the case is never anonymised, whatever its retention period says. */
    legalHoldSince: integer('legal_hold_since'),
    legalHoldBy: text('legal_hold_by').references(() => users.id),
    legalHoldReason: text('legal_hold_reason'),
    /** When its content was anonymised, and why (src/retention); the statistical skeleton stays. */
    anonymisedAt: integer('anonymised_at'),
    anonymisedFor: text('anonymised_for', { enum: anonymisationReasons }),
  },
  (t) => [
    // The daily retention run reads the closed cases not yet anonymised, oldest closure first (src/retention).
    index('cases_retention').on(t.closedAt).where(sql`status = 'closed' and anonymised_at is null`),
    index('cases_cp_status').on(t.contactPointId, t.status, t.lastActivityAt),
    index('cases_cp_opened').on(t.contactPointId, t.openedAt),
    index('cases_cp_assigned').on(t.contactPointId, t.assignedTo, t.status),
    index('cases_person').on(t.personId),
    // The case list at a million cases (measured by `npm run bench`): filters by sector/priority/assignee read this
    // index in activity order; sorting by reference or priority has an index of its own. The priority expression
    // must stay identical to priorityRank in case-list.repo.ts, or SQLite will not use it.
    index('cases_cp_list').on(t.contactPointId, t.lastActivityAt, t.status, t.sector, t.priority, t.assignedTo),
    index('cases_cp_reference').on(t.contactPointId, t.reference),
    index('cases_cp_priority_rank').on(t.contactPointId, sql`(case ${t.priority} when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end)`, t.lastActivityAt),
  ],
);

/** One row per case and type, so that filtering by type uses an index at a million cases. */
export const caseTypeLinks = sqliteTable(
  'case_types',
  {
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    caseType: text('case_type', { enum: caseTypes }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.caseType] }), index('case_types_type').on(t.caseType, t.caseId)],
);

export const caseParties = sqliteTable(
  'case_parties',
  {
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    partyId: integer('party_id')
      .notNull()
      .references(() => parties.id),
    /** The party's role in this case (an agency can be the employer in one case). */
    role: text('role', { enum: partyKinds }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.partyId] }), index('case_parties_party').on(t.partyId, t.caseId)],
);

/** Next reference number per contact point and year; read and bumped in one IMMEDIATE transaction. */
export const caseSequences = sqliteTable(
  'case_sequences',
  {
    contactPointId: integer('contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactPointId, t.year] })],
);

/** The timeline: append-only. Nothing on a case changes without an event saying who and when. */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    at: integer('at').notNull(),
    userId: text('user_id').references(() => users.id),
    kind: text('kind', { enum: eventKinds }).notNull(),
    /** Restricted notes: visible to their author and the contact point's supervisors only. */
    restricted: integer('restricted', { mode: 'boolean' }).notNull().default(false),
    body: text('body'),
    /** Structured detail: {from, to} of a status, field names changed, the assignee … never free personal text. */
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('case_events_case').on(t.caseId, t.at)],
);

export type Case = typeof cases.$inferSelect;
export type CaseEvent = typeof caseEvents.$inferSelect;

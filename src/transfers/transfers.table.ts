import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { cases } from '../cases/cases.table.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import { users } from '../users/users.table.js';

export const transferStatuses = ['proposed', 'accepted', 'declined', 'cancelled'] as const;
export type TransferStatus = (typeof transferStatuses)[number];

/** A case handed from one contact point of the network to another; the receiving supervisor decides. */
export const transfers = sqliteTable(
  'transfers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    fromContactPointId: integer('from_contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
    toContactPointId: integer('to_contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
    status: text('status', { enum: transferStatuses }).notNull().default('proposed'),
    /** Written by the sending counsellor for the receiving supervisor; it is case content. */
    reason: text('reason').notNull(),
    proposedBy: text('proposed_by')
      .notNull()
      .references(() => users.id),
    proposedAt: integer('proposed_at').notNull(),
    decidedBy: text('decided_by').references(() => users.id),
    decidedAt: integer('decided_at'),
    decisionNote: text('decision_note'),
    /**
     * Evidence files the sender chose not to send (issue 15): deleted from the case when the transfer is accepted.
     * Null for a proposal made before the choice existed (all files go).
     */
    keptEvidenceIds: text('kept_evidence_ids', { mode: 'json' }).$type<number[]>(),
  },
  (t) => [
    index('transfers_to_status').on(t.toContactPointId, t.status),
    index('transfers_from_status').on(t.fromContactPointId, t.status),
    index('transfers_case').on(t.caseId, t.status),
  ],
);

/**
 * What the sending contact point keeps of a case it handed over: the reference, the dates and where it went —
 * nothing of its content. A separate table, so that no query of the sender can reach the case through it.
 */
export const transferStubs = sqliteTable(
  'transfer_stubs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The contact point that sent the case and keeps this stub. */
    contactPointId: integer('contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
    toContactPointId: integer('to_contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
    transferId: integer('transfer_id').notNull().unique(),
    caseReference: text('case_reference').notNull(),
    caseOpenedAt: integer('case_opened_at').notNull(),
    proposedAt: integer('proposed_at').notNull(),
    transferredAt: integer('transferred_at').notNull(),
  },
  (t) => [index('transfer_stubs_cp').on(t.contactPointId, t.transferredAt)],
);

export type Transfer = typeof transfers.$inferSelect;
export type TransferStub = typeof transferStubs.$inferSelect;

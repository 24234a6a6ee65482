import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { cases } from '../cases/cases.table.js';
import type { ReferralField } from '../letters/letter-snapshot.js';
import { partners } from '../partners/partners.table.js';
import { consents } from '../people/people.table.js';
import { users } from '../users/users.table.js';
import { referralStatuses } from './referral-states.js';
import { versionColumn } from '../db/versions.js';

/**
 * A referral of a case to a partner organisation. It travels with its case (a transfer takes it along);
 * the timeline of the case holds every change of state, with who, when and the response note.
 */
export const referrals = sqliteTable(
  'referrals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    partnerId: integer('partner_id')
      .notNull()
      .references(() => partners.id),
    status: text('status', { enum: referralStatuses }).notNull().default('draft'),
    reason: text('reason').notNull(),
    /** What is asked of the partner. */
    request: text('request').notNull(),
    /** Exactly what the counsellor chose to share, field by field (minimum necessary). */
    sharedFields: text('shared_fields', { mode: 'json' }).$type<ReferralField[]>().notNull(),
    /** YYYY-MM-DD at the case's contact point: when to chase the partner if no answer has come. */
    followUpOn: text('follow_up_on'),
    /** The consent record in force when the referral was sent (it included share_with_partners). */
    consentId: integer('consent_id').references(() => consents.id),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').references(() => users.id),
    updatedAt: integer('updated_at').notNull(),
    sentAt: integer('sent_at'),
    sentBy: text('sent_by').references(() => users.id),
    /** When the partner's answer (accepted or declined) was recorded. */
    respondedAt: integer('responded_at'),
    /** When it reached an end state: declined, completed or withdrawn. */
    closedAt: integer('closed_at'),
    version: versionColumn(),
  },
  (t) => [index('referrals_case').on(t.caseId, t.status), index('referrals_status_follow_up').on(t.status, t.followUpOn)],
);

export type Referral = typeof referrals.$inferSelect;

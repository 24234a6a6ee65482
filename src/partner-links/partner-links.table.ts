import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { cases } from '../cases/cases.table.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import { referrals } from '../referrals/referrals.table.js';
import { users } from '../users/users.table.js';

/**
 * A link through which the partner of a referral downloads the evidence files the counsellor chose (issue 15). The
 * token itself is shown once and never stored: only its SHA-256. The link works only while every condition holds
 * (src/partner-links/partner-links.service.ts, liveLink); its rows go when the case is anonymised.
 */
export const partnerLinks = sqliteTable(
  'partner_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    referralId: integer('referral_id')
      .notNull()
      .references(() => referrals.id),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    /** The contact point that made the link: once the case is transferred away, the link no longer works. */
    contactPointId: integer('contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
    /** Hex SHA-256 of the token in the link. */
    tokenHash: text('token_hash').notNull().unique(),
    /** The evidence files shared, by id (each must still be held by the case to be served). */
    evidenceIds: text('evidence_ids', { mode: 'json' }).$type<number[]>().notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').references(() => users.id),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
    revokedBy: text('revoked_by').references(() => users.id),
  },
  (t) => [index('partner_links_referral').on(t.referralId), index('partner_links_case').on(t.caseId)],
);

export type PartnerLink = typeof partnerLinks.$inferSelect;

import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../users/users.table.js';
import { versionColumn } from '../db/versions.js';

/**
 * A native speaker of the desk approved the wording of the letters in one language. Without a row the language's
 * letters are marked "not reviewed" on the form and in the document. Set by an administrator; audited.
 */
export const translationReviews = sqliteTable('translation_reviews', {
  /** ISO 639-1 code of the letter language (fr, ar, uk …). */
  language: text('language').primaryKey(),
  /** The reviewer as the document names them, e.g. "Amira Haddad (Brussels desk)". */
  reviewerName: text('reviewer_name').notNull(),
  /** YYYY-MM-DD. */
  reviewedOn: text('reviewed_on').notNull(),
  /** SHA-256 of the language's letter strings when approved: a later change of wording shows as not yet reviewed. */
  wording: text('wording').notNull(),
  note: text('note').notNull().default(''),
  setBy: text('set_by').references(() => users.id),
  setAt: integer('set_at').notNull(),
  version: versionColumn(),
});

export type TranslationReview = typeof translationReviews.$inferSelect;

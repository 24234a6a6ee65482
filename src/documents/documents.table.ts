import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { cases } from '../cases/cases.table.js';
import { users } from '../users/users.table.js';

/**
 * A generated PDF of a case (a letter, a summary, a referral). Immutable: regenerating adds a row
 * with the next version; a trigger refuses any UPDATE but the removal of its content (drizzle/0005, 0009).
 * The PDF is kept in the database (BLOB) so that it is backed up, restored and erased with the case.
 */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    /** The letter kind (letter_before_claim, referral …); versions count per case and kind. */
    kind: text('kind').notNull(),
    /** Which template (and which revision of its wording) made it, e.g. `letter_before_claim@1`. */
    template: text('template').notNull(),
    /** BCP 47 language of the text actually written (English when no translation exists). */
    language: text('language').notNull(),
    version: integer('version').notNull(),
    /**
     * Who had approved the wording of `language` when the document was made (src/letters/translation-reviews), and which
     * parts are in English although the document is not, with why; null for an English document.
     */
    translation: text('translation', { mode: 'json' }).$type<DocumentTranslation>(),
    /** The minimised facts the PDF was made from (minimiseSnapshot): nothing the letter does not print. */
    snapshot: text('snapshot', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** Hex SHA-256 of `pdf`. */
    sha256: text('sha256').notNull(),
    pdf: blob('pdf', { mode: 'buffer' }).$type<Buffer>().notNull(),
    byteSize: integer('byte_size').notNull(),
    pageCount: integer('page_count').notNull(),
    /** Warning codes of the rendering (rtl-name, unsupported-characters …), never text. */
    warnings: text('warnings', { mode: 'json' }).$type<string[]>().notNull().default([]),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').references(() => users.id),
    /**
     * When the PDF and the snapshot were removed (retention or erasure, src/retention): the only change a document
     * may ever undergo, one way, enforced by the trigger of drizzle/0009. The row stays as the record that it was made.
     */
    anonymisedAt: integer('anonymised_at'),
  },
  (t) => [uniqueIndex('documents_case_kind_version').on(t.caseId, t.kind, t.version), index('documents_case_created').on(t.caseId, t.createdAt)],
);

export type DocumentTranslation = {
  /** The native speaker who approved this language's wording, or null: not reviewed. */
  reviewedBy: string | null;
  reviewedOn: string | null;
  /** Parts left in English, each with its reason (codes, e.g. `legal-basis:not-translated`). */
  englishParts: string[];
};

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocument = typeof documents.$inferInsert;

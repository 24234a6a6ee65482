import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { caseEvents, cases } from '../cases/cases.table.js';
import { users } from '../users/users.table.js';

export const evidenceCategories = ['payslip', 'contract', 'timesheet', 'identity_document_held', 'message', 'photo', 'other'] as const;
export type EvidenceCategory = (typeof evidenceCategories)[number];

/**
 * Why a file's bytes were removed: a person deleted it (with a reason), its case was anonymised (src/retention), or
 * the sending contact point kept it back when the case was transferred (src/transfers).
 */
export const evidenceDeletions = ['deleted', 'retention', 'erasure', 'kept_back'] as const;

/**
 * A file a counsellor attached to a case as evidence (a payslip, a photo of a held passport …). The bytes live
 * outside the database, in DATA_DIR/evidence/<storageId>, encrypted with AES-256-GCM under EVIDENCE_KEY
 * (src/evidence/store.ts). A deleted file keeps its row (who added it, when, its SHA-256) as the record that it
 * existed; its name and description are cleared with the bytes.
 */
export const evidenceFiles = sqliteTable(
  'evidence_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The case the file is evidence of; null for a file of a collective case's group (collective_files, src/collective). */
    caseId: integer('case_id').references(() => cases.id),
    /** Random (crypto.randomUUID): the stored file's name, never derived from what the user called it. */
    storageId: text('storage_id').notNull().unique(),
    /** The name the file was uploaded with (shown, and offered on download). */
    name: text('name').notNull(),
    /** The type decided from the bytes (src/evidence/sniff.ts), a MIME type such as application/pdf. */
    mimeType: text('mime_type').notNull(),
    /** Size of the file as stored (after location data was removed from a photo), before encryption. */
    byteSize: integer('byte_size').notNull(),
    /** Hex SHA-256 of the file exactly as it was uploaded. */
    sha256: text('sha256').notNull(),
    /** Hex SHA-256 of the stored bytes (differs from sha256 when location data was removed). */
    storedSha256: text('stored_sha256').notNull(),
    category: text('category', { enum: evidenceCategories }).notNull(),
    description: text('description').notNull().default(''),
    /** A photo's location metadata (EXIF GPS …) was removed before storing. */
    locationRemoved: integer('location_removed', { mode: 'boolean' }).notNull().default(false),
    addedAt: integer('added_at').notNull(),
    addedBy: text('added_by').references(() => users.id),
    deletedAt: integer('deleted_at'),
    deletedBy: text('deleted_by').references(() => users.id),
    deletedFor: text('deleted_for', { enum: evidenceDeletions }),
    /** What the person who deleted the file wrote (a reason is required). */
    deletedReason: text('deleted_reason'),
    /** The stored bytes were removed from disk (after the deletion committed). */
    purgedAt: integer('purged_at'),
    version: integer('version').notNull().default(1),
    /** The timeline entry the file was attached to (a note, call or meeting); null for a file attached on its own. */
    eventId: integer('event_id').references(() => caseEvents.id),
    /**
     * The thumbnail (a small WebP of an image, or of a PDF's first page), stored beside the file under its own random
     * id, sealed under the same key; null when the file has none (another type, HEIC, no pdftoppm).
     */
    thumbStorageId: text('thumb_storage_id').unique(),
  },
  (t) => [index('evidence_case_added').on(t.caseId, t.addedAt), index('evidence_unpurged').on(t.deletedAt, t.purgedAt), index('evidence_event').on(t.eventId)],
);

export type EvidenceRow = typeof evidenceFiles.$inferSelect;
export type NewEvidence = typeof evidenceFiles.$inferInsert;

import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { cases } from '../cases/cases.table.js';
import { collectives } from '../collective/collective.table.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import { documents } from '../documents/documents.table.js';
import { users } from '../users/users.table.js';

/** The letters a batch makes for each worker of a collective case (issue 15): one stored letter per member case. */
export const memberLetterKinds = ['letter_before_claim', 'worker_summary'] as const;
export type MemberLetterKind = (typeof memberLetterKinds)[number];
/** …or one letter to the group's party listing the workers who agreed to be named (stored on the group). */
export const batchLetterKinds = [...memberLetterKinds, 'collective_letter'] as const;
export type BatchLetterKind = (typeof batchLetterKinds)[number];

export const batchStatuses = ['running', 'done', 'failed'] as const;
export type BatchStatus = (typeof batchStatuses)[number];

/** stored/missing: a member's own letter; named/unnamed: a worker listed or only counted in the collective letter. */
export const batchItemStatuses = ['pending', 'stored', 'missing', 'failed', 'named', 'unnamed'] as const;
export type BatchItemStatus = (typeof batchItemStatuses)[number];

/** What the counsellor wrote once for every letter of the batch (the same job, workplace and pay for the whole crew). */
export type BatchCommon = { jobTitle?: string; workplace?: string; payAgreed?: string; facts?: string; counsellorEmail?: string; counsellorPhone?: string };

/**
 * A batch runs in the background, in the server's own process, one member at a time. A batch still `running` when
 * the server starts again resumes with its pending members (each stored letter marks its item in the same
 * transaction, so no letter is made twice).
 */
export const letterBatches = sqliteTable(
  'letter_batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    collectiveId: integer('collective_id')
      .notNull()
      .references(() => collectives.id),
    contactPointId: integer('contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
    kind: text('kind', { enum: batchLetterKinds }).notNull(),
    status: text('status', { enum: batchStatuses }).notNull().default('running'),
    common: text('common', { mode: 'json' }).$type<BatchCommon>().notNull(),
    /** The UI language of the counsellor who started it: the words the form would pre-fill and the missing facts' labels. */
    uiLocale: text('ui_locale').notNull(),
    total: integer('total').notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    finishedAt: integer('finished_at'),
  },
  (t) => [index('letter_batches_group').on(t.collectiveId, t.createdAt), index('letter_batches_status').on(t.status)],
);

export const letterBatchItems = sqliteTable(
  'letter_batch_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id')
      .notNull()
      .references(() => letterBatches.id),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    status: text('status', { enum: batchItemStatuses }).notNull().default('pending'),
    documentId: integer('document_id').references(() => documents.id),
    language: text('language'),
    /** The facts the case lacks, as labels in the batch's UI language (no personal data: names of fields). */
    missing: text('missing', { mode: 'json' }).$type<string[]>(),
    doneAt: integer('done_at'),
  },
  (t) => [index('letter_batch_items_batch').on(t.batchId, t.status, t.id)],
);

/**
 * The collective letter, stored on the group and not on each member case: it names other workers, and a worker's own
 * case (and their data export) must hold nothing about the others. `namedCaseIds` lets erasure find the letters that
 * name a person.
 */
export const collectiveLetters = sqliteTable(
  'collective_letters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    collectiveId: integer('collective_id')
      .notNull()
      .references(() => collectives.id),
    batchId: integer('batch_id')
      .notNull()
      .unique()
      .references(() => letterBatches.id),
    version: integer('version').notNull(),
    language: text('language').notNull(),
    namedCount: integer('named_count').notNull(),
    unnamedCount: integer('unnamed_count').notNull(),
    namedCaseIds: text('named_case_ids', { mode: 'json' }).$type<number[]>().notNull(),
    sha256: text('sha256').notNull(),
    pdf: blob('pdf', { mode: 'buffer' }).$type<Buffer>().notNull(),
    byteSize: integer('byte_size').notNull(),
    pageCount: integer('page_count').notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('collective_letters_group').on(t.collectiveId, t.version)],
);

export type CollectiveLetter = typeof collectiveLetters.$inferSelect;
export type LetterBatch = typeof letterBatches.$inferSelect;
export type LetterBatchItem = typeof letterBatchItems.$inferSelect;

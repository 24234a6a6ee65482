import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { cases } from '../cases/cases.table.js';
import { collectiveMembers } from '../collective/collective.table.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { documents } from '../documents/documents.table.js';
import { people } from '../people/people.table.js';
import { collectiveLetters, letterBatchItems, letterBatches, type BatchItemStatus } from './batch-letters.table.js';

export function insertBatch(tx: Tx, values: typeof letterBatches.$inferInsert) {
  return tx.insert(letterBatches).values(values).returning().get();
}

export function insertItems(tx: Tx, batchId: number, caseIds: readonly number[]) {
  if (caseIds.length) tx.insert(letterBatchItems).values(caseIds.map((caseId) => ({ batchId, caseId }))).run();
}

export function findBatch(db: DbOrTx, id: number) {
  return db.select().from(letterBatches).where(eq(letterBatches.id, id)).get();
}

export function runningBatchIds(db: DbOrTx): number[] {
  return db.select({ id: letterBatches.id }).from(letterBatches).where(eq(letterBatches.status, 'running')).orderBy(asc(letterBatches.id)).all().map((r) => r.id);
}

export function batchesOfGroup(db: DbOrTx, collectiveId: number, limit = 20) {
  return db.select().from(letterBatches).where(eq(letterBatches.collectiveId, collectiveId)).orderBy(desc(letterBatches.createdAt), desc(letterBatches.id)).limit(limit).all();
}

/** The next members still to do, in the order they were queued. */
export function pendingItems(db: DbOrTx, batchId: number, limit: number) {
  return db
    .select()
    .from(letterBatchItems)
    .where(and(eq(letterBatchItems.batchId, batchId), eq(letterBatchItems.status, 'pending')))
    .orderBy(asc(letterBatchItems.id))
    .limit(limit)
    .all();
}

export function finishItem(tx: Tx, id: number, values: { status: Exclude<BatchItemStatus, 'pending'>; documentId?: number | null; language?: string | null; missing?: string[] | null; doneAt: number }) {
  tx.update(letterBatchItems).set(values).where(and(eq(letterBatchItems.id, id), eq(letterBatchItems.status, 'pending'))).run();
}

export function finishBatch(tx: Tx, id: number, status: 'done' | 'failed', at: number) {
  tx.update(letterBatches).set({ status, finishedAt: at }).where(and(eq(letterBatches.id, id), eq(letterBatches.status, 'running'))).run();
}

/** How many members are in each state. */
export function itemCounts(db: DbOrTx, batchId: number): Record<BatchItemStatus, number> {
  const out: Record<BatchItemStatus, number> = { pending: 0, stored: 0, missing: 0, failed: 0, named: 0, unnamed: 0 };
  for (const r of db.select({ status: letterBatchItems.status, n: count() }).from(letterBatchItems).where(eq(letterBatchItems.batchId, batchId)).groupBy(letterBatchItems.status).all()) out[r.status] = r.n;
  return out;
}

/** The members that got no letter, with their case reference (never the worker's name: the page may be read over a shoulder). */
export function problemItems(db: DbOrTx, batchId: number) {
  return db
    .select({ caseId: letterBatchItems.caseId, reference: cases.reference, status: letterBatchItems.status, missing: letterBatchItems.missing })
    .from(letterBatchItems)
    .innerJoin(cases, eq(cases.id, letterBatchItems.caseId))
    .where(and(eq(letterBatchItems.batchId, batchId), sql`${letterBatchItems.status} in ('missing', 'failed')`))
    .orderBy(asc(cases.reference))
    .all();
}

/** The stored letters of a batch with their PDFs, for the zip (read in pages so 500 PDFs are never all in memory twice). */
export function storedLetters(db: DbOrTx, batchId: number, afterId: number, limit: number) {
  return db
    .select({ itemId: letterBatchItems.id, reference: cases.reference, kind: documents.kind, version: documents.version, pdf: documents.pdf, anonymisedAt: documents.anonymisedAt })
    .from(letterBatchItems)
    .innerJoin(documents, eq(documents.id, letterBatchItems.documentId))
    .innerJoin(cases, eq(cases.id, letterBatchItems.caseId))
    .where(and(eq(letterBatchItems.batchId, batchId), eq(letterBatchItems.status, 'stored'), sql`${letterBatchItems.id} > ${afterId}`))
    .orderBy(asc(letterBatchItems.id))
    .limit(limit)
    .all();
}

/** Workers in the group now whose case still has content (an anonymised case gets no letter). */
export function workersInGroup(db: DbOrTx, collectiveId: number): number {
  return db
    .select({ n: count() })
    .from(collectiveMembers)
    .innerJoin(cases, eq(cases.id, collectiveMembers.caseId))
    .where(and(eq(collectiveMembers.collectiveId, collectiveId), isNull(collectiveMembers.leftAt), isNull(cases.anonymisedAt)))
    .get()!.n;
}

/** What the collective letter needs to know of a member case: whose it is and whether it still has content. */
export function memberForLetter(db: DbOrTx, caseId: number) {
  return db
    .select({ personId: cases.personId, name: people.name, alias: people.alias, anonymisedAt: cases.anonymisedAt })
    .from(cases)
    .leftJoin(people, eq(people.id, cases.personId))
    .where(eq(cases.id, caseId))
    .get();
}

/** The workers a collective letter names, in the order of their case references, with the case ids. */
export function namedWorkers(db: DbOrTx, batchId: number) {
  return db
    .select({ caseId: letterBatchItems.caseId, name: people.name, alias: people.alias })
    .from(letterBatchItems)
    .innerJoin(cases, eq(cases.id, letterBatchItems.caseId))
    .innerJoin(people, eq(people.id, cases.personId))
    .where(and(eq(letterBatchItems.batchId, batchId), eq(letterBatchItems.status, 'named')))
    .orderBy(asc(cases.reference))
    .all();
}

export function nextCollectiveLetterVersion(db: DbOrTx, collectiveId: number): number {
  const row = db.select({ v: sql<number | null>`max(${collectiveLetters.version})` }).from(collectiveLetters).where(eq(collectiveLetters.collectiveId, collectiveId)).get();
  return (row?.v ?? 0) + 1;
}

/**
 * Deletes the collective letters that name this worker's case (erasure, retention): the letter was sent; its PDF and
 * the list of who it named go, the batch stays on record. Returns how many were deleted.
 */
export function deleteCollectiveLettersNaming(tx: Tx, caseId: number): number {
  return tx.run(sql`delete from collective_letters where exists (select 1 from json_each(${collectiveLetters.namedCaseIds}) where value = ${caseId})`).changes;
}

export function insertCollectiveLetter(tx: Tx, values: typeof collectiveLetters.$inferInsert) {
  return tx.insert(collectiveLetters).values(values).returning({ id: collectiveLetters.id }).get();
}

export function collectiveLetterOfBatch(db: DbOrTx, batchId: number) {
  return db.select().from(collectiveLetters).where(eq(collectiveLetters.batchId, batchId)).get();
}

export function hasCollectiveLetter(db: DbOrTx, batchId: number): boolean {
  return db.select({ id: collectiveLetters.id }).from(collectiveLetters).where(eq(collectiveLetters.batchId, batchId)).get() !== undefined;
}

/** The collective letters of a group, without their PDFs (the group page lists them). */
export function collectiveLettersOfGroup(db: DbOrTx, collectiveId: number) {
  return db
    .select({ batchId: collectiveLetters.batchId, version: collectiveLetters.version, namedCount: collectiveLetters.namedCount, unnamedCount: collectiveLetters.unnamedCount, byteSize: collectiveLetters.byteSize })
    .from(collectiveLetters)
    .where(eq(collectiveLetters.collectiveId, collectiveId))
    .all();
}

/** How many letters each of these batches has stored (what its zip holds besides a collective letter). */
export function storedCounts(db: DbOrTx, batchIds: readonly number[]): Map<number, number> {
  if (!batchIds.length) return new Map();
  const rows = db
    .select({ batchId: letterBatchItems.batchId, n: count() })
    .from(letterBatchItems)
    .where(and(inArray(letterBatchItems.batchId, [...batchIds]), eq(letterBatchItems.status, 'stored')))
    .groupBy(letterBatchItems.batchId)
    .all();
  return new Map(rows.map((r) => [r.batchId, r.n]));
}

/**
 * The workers still in the group whose person carries safety flags, for the "safe to keep this paper?" question of a
 * batch of worker summaries (issue 16 item 5): the flags' names only, never the safety note.
 */
export function membersWithSafetyFlags(db: DbOrTx, collectiveId: number) {
  return db
    .select({ caseId: cases.id, reference: cases.reference, name: people.name, alias: people.alias, safetyFlags: people.safetyFlags })
    .from(collectiveMembers)
    .innerJoin(cases, eq(cases.id, collectiveMembers.caseId))
    .innerJoin(people, eq(people.id, cases.personId))
    .where(and(eq(collectiveMembers.collectiveId, collectiveId), isNull(collectiveMembers.leftAt), isNull(cases.anonymisedAt), sql`json_array_length(${people.safetyFlags}) > 0`))
    .orderBy(asc(cases.reference))
    .all();
}

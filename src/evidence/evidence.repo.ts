import { and, desc, eq, inArray, isNotNull, isNull, or, sql, sum } from 'drizzle-orm';
import { caseEvents } from '../cases/cases.table.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { users } from '../users/users.table.js';
import { evidenceFiles, type NewEvidence } from './evidence.table.js';

export function insertEvidence(db: Tx, values: NewEvidence) {
  return db.insert(evidenceFiles).values(values).returning().get();
}

/** What a documents list shows of a held file (a case's, or a group's: src/collective/shared.repo.ts). Needs `users` joined on the adder. */
export const heldFileColumns = {
  id: evidenceFiles.id,
  name: evidenceFiles.name,
  mimeType: evidenceFiles.mimeType,
  byteSize: evidenceFiles.byteSize,
  sha256: evidenceFiles.sha256,
  category: evidenceFiles.category,
  description: evidenceFiles.description,
  locationRemoved: evidenceFiles.locationRemoved,
  addedAt: evidenceFiles.addedAt,
  addedBy: evidenceFiles.addedBy,
  addedByName: users.displayName,
  version: evidenceFiles.version,
  hasThumbnail: sql<boolean>`${evidenceFiles.thumbStorageId} is not null`.mapWith(Boolean),
};

const listColumns = {
  ...heldFileColumns,
  caseId: evidenceFiles.caseId,
  /** The timeline entry the file is attached to, and what decides who may see it (a restricted note's author). */
  eventId: evidenceFiles.eventId,
  eventAt: caseEvents.at,
  eventRestricted: caseEvents.restricted,
  eventAuthor: caseEvents.userId,
};

/** The files of a case that are still held, newest first. */
export function listEvidenceOfCase(db: DbOrTx, caseId: number) {
  return db
    .select(listColumns)
    .from(evidenceFiles)
    .leftJoin(users, eq(users.id, evidenceFiles.addedBy))
    .leftJoin(caseEvents, eq(caseEvents.id, evidenceFiles.eventId))
    .where(and(eq(evidenceFiles.caseId, caseId), isNull(evidenceFiles.deletedAt)))
    .orderBy(desc(evidenceFiles.addedAt), desc(evidenceFiles.id))
    .all();
}

export type EvidenceListRow = ReturnType<typeof listEvidenceOfCase>[number];

/** Files of these cases still held (the person's data export). */
export function evidenceOfCases(db: DbOrTx, caseIds: readonly number[]) {
  if (!caseIds.length) return [];
  return db
    .select(listColumns)
    .from(evidenceFiles)
    .leftJoin(users, eq(users.id, evidenceFiles.addedBy))
    .leftJoin(caseEvents, eq(caseEvents.id, evidenceFiles.eventId))
    .where(and(inArray(evidenceFiles.caseId, [...caseIds]), isNull(evidenceFiles.deletedAt)))
    .orderBy(evidenceFiles.caseId, evidenceFiles.addedAt, evidenceFiles.id)
    .all();
}

/** A held file of a case, with the entry it is attached to (whether restricted, and its author), if any. */
export function findEvidenceOfCase(db: DbOrTx, caseId: number, id: number) {
  const found = db
    .select({ file: evidenceFiles, eventRestricted: caseEvents.restricted, eventAuthor: caseEvents.userId })
    .from(evidenceFiles)
    .leftJoin(caseEvents, eq(caseEvents.id, evidenceFiles.eventId))
    .where(and(eq(evidenceFiles.caseId, caseId), eq(evidenceFiles.id, id), isNull(evidenceFiles.deletedAt)))
    .get();
  return found && { ...found.file, eventRestricted: found.eventRestricted, eventAuthor: found.eventAuthor };
}

/** The files held that are attached to these timeline entries, oldest first (the entries show them). */
export function attachmentsOfEvents(db: DbOrTx, eventIds: readonly number[]) {
  if (!eventIds.length) return [];
  return db
    .select({ id: evidenceFiles.id, caseId: evidenceFiles.caseId, eventId: evidenceFiles.eventId, name: evidenceFiles.name, mimeType: evidenceFiles.mimeType, byteSize: evidenceFiles.byteSize, hasThumbnail: sql<boolean>`${evidenceFiles.thumbStorageId} is not null`.mapWith(Boolean) })
    .from(evidenceFiles)
    .where(and(inArray(evidenceFiles.eventId, [...eventIds]), isNull(evidenceFiles.deletedAt)))
    .orderBy(evidenceFiles.id)
    .all();
}

/** Bytes held for a case (the per-case limit counts what is stored, not what was deleted). */
export function bytesHeldForCase(db: DbOrTx, caseId: number): number {
  const row = db
    .select({ n: sum(evidenceFiles.byteSize) })
    .from(evidenceFiles)
    .where(and(eq(evidenceFiles.caseId, caseId), isNull(evidenceFiles.deletedAt)))
    .get();
  return Number(row?.n ?? 0);
}

/** Marks one file deleted (its name and description go with it); false when it was already gone or changed since. */
export function markDeleted(db: Tx, id: number, by: { userId: string | null; reason: string | null; kind: 'deleted' | 'retention' | 'erasure' | 'kept_back' }, version: number | null, now: number): boolean {
  const res = db
    .update(evidenceFiles)
    .set({ deletedAt: now, deletedBy: by.userId, deletedFor: by.kind, deletedReason: by.reason, name: '', description: '', version: sql`${evidenceFiles.version} + 1` })
    .where(and(eq(evidenceFiles.id, id), isNull(evidenceFiles.deletedAt), version === null ? undefined : eq(evidenceFiles.version, version)))
    .run();
  return res.changes === 1;
}

/** Every file of a case, on anonymisation: the names and descriptions go now, the bytes right after the commit. */
export function markCaseEvidenceDeleted(db: Tx, caseId: number, kind: 'retention' | 'erasure', now: number): number {
  return db
    .update(evidenceFiles)
    .set({ deletedAt: now, deletedFor: kind, name: '', description: '', version: sql`${evidenceFiles.version} + 1` })
    .where(and(eq(evidenceFiles.caseId, caseId), isNull(evidenceFiles.deletedAt)))
    .run().changes;
}

export function countEvidenceOfCase(db: DbOrTx, caseId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(evidenceFiles).where(and(eq(evidenceFiles.caseId, caseId), isNull(evidenceFiles.deletedAt))).get()?.n ?? 0;
}

/** Deleted files whose bytes are still on disk. */
export function unpurged(db: DbOrTx) {
  return db
    .select({ id: evidenceFiles.id, storageId: evidenceFiles.storageId, thumbStorageId: evidenceFiles.thumbStorageId })
    .from(evidenceFiles)
    .where(and(isNotNull(evidenceFiles.deletedAt), isNull(evidenceFiles.purgedAt)))
    .all();
}

export function markPurged(db: Tx, ids: readonly number[], now: number): void {
  if (ids.length) db.update(evidenceFiles).set({ purgedAt: now }).where(inArray(evidenceFiles.id, [...ids])).run();
}

/** Of these storage ids, those of files still held (not deleted), and of their thumbnails. */
export function heldStorageIds(db: DbOrTx, ids: readonly string[]): Set<string> {
  if (!ids.length) return new Set();
  const held = new Set<string>();
  // In slices: SQLite takes at most 32,766 parameters to a statement, and each id is used twice.
  for (let i = 0; i < ids.length; i += 10_000) {
    const slice = ids.slice(i, i + 10_000);
    const rows = db
      .select({ s: evidenceFiles.storageId, t: evidenceFiles.thumbStorageId })
      .from(evidenceFiles)
      .where(and(or(inArray(evidenceFiles.storageId, slice), inArray(evidenceFiles.thumbStorageId, slice)), isNull(evidenceFiles.deletedAt)))
      .all();
    for (const r of rows) {
      held.add(r.s);
      if (r.t) held.add(r.t);
    }
  }
  return held;
}

import { and, desc, eq, max } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { users } from '../users/users.table.js';
import { documents, type NewDocument } from './documents.table.js';

/** There is deliberately no update: documents are immutable (and the database refuses it too). */
export function insertDocument(db: Tx, values: NewDocument) {
  return db.insert(documents).values(values).returning({ id: documents.id, version: documents.version, sha256: documents.sha256 }).get();
}

/** The version the next document of this kind on the case gets. */
export function nextDocumentVersion(db: DbOrTx, caseId: number, kind: string): number {
  const [row] = db
    .select({ v: max(documents.version) })
    .from(documents)
    .where(and(eq(documents.caseId, caseId), eq(documents.kind, kind)))
    .all();
  return (row?.v ?? 0) + 1;
}

/** Everything a documents list shows; neither the PDF nor the snapshot is read. */
const listColumns = {
  id: documents.id,
  caseId: documents.caseId,
  kind: documents.kind,
  template: documents.template,
  language: documents.language,
  translation: documents.translation,
  version: documents.version,
  sha256: documents.sha256,
  byteSize: documents.byteSize,
  pageCount: documents.pageCount,
  warnings: documents.warnings,
  createdAt: documents.createdAt,
  createdBy: documents.createdBy,
  createdByName: users.displayName,
};

export function listDocumentsOfCase(db: DbOrTx, caseId: number) {
  return db
    .select(listColumns)
    .from(documents)
    .leftJoin(users, eq(users.id, documents.createdBy))
    .where(eq(documents.caseId, caseId))
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .all();
}

export type DocumentListItem = ReturnType<typeof listDocumentsOfCase>[number];

/** A document with its PDF, only when it belongs to the case (an id from another case is "not found"). */
export function findDocumentOfCase(db: DbOrTx, caseId: number, documentId: number) {
  return db
    .select()
    .from(documents)
    .where(and(eq(documents.id, documentId), eq(documents.caseId, caseId)))
    .get();
}

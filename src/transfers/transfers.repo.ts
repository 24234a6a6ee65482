import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { cases } from '../cases/cases.table.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { consents, people } from '../people/people.table.js';
import { transferStubs, transfers, type Transfer, type TransferStub } from './transfers.table.js';
import { nextVersion } from '../db/versions.js';

export function findTransfer(db: DbOrTx, id: number): Transfer | undefined {
  return Number.isSafeInteger(id) ? db.select().from(transfers).where(eq(transfers.id, id)).get() : undefined;
}

export function insertTransfer(db: Tx, values: typeof transfers.$inferInsert): Transfer {
  return db.insert(transfers).values(values).returning().get();
}

export function updateTransfer(db: Tx, id: number, values: Partial<typeof transfers.$inferInsert>): Transfer {
  return db.update(transfers).set(values).where(eq(transfers.id, id)).returning().get()!;
}

export function pendingTransferOfCase(db: DbOrTx, caseId: number): Transfer | undefined {
  return db
    .select()
    .from(transfers)
    .where(and(eq(transfers.caseId, caseId), eq(transfers.status, 'proposed')))
    .get();
}

/** Proposals waiting at these receiving contact points. */
export function incomingTransfers(db: DbOrTx, contactPointIds: readonly number[]) {
  if (!contactPointIds.length) return [];
  return db
    .select({ id: transfers.id, fromContactPointId: transfers.fromContactPointId, toContactPointId: transfers.toContactPointId, proposedAt: transfers.proposedAt, caseReference: cases.reference })
    .from(transfers)
    .innerJoin(cases, eq(cases.id, transfers.caseId))
    .where(and(inArray(transfers.toContactPointId, [...contactPointIds]), eq(transfers.status, 'proposed')))
    .orderBy(transfers.proposedAt)
    .all();
}

/** Proposals these contact points made, still waiting for the other side or recently answered. */
export function outgoingTransfers(db: DbOrTx, contactPointIds: readonly number[], limit = 50) {
  if (!contactPointIds.length) return [];
  return db
    .select({
      id: transfers.id,
      status: transfers.status,
      toContactPointId: transfers.toContactPointId,
      proposedAt: transfers.proposedAt,
      decidedAt: transfers.decidedAt,
      caseId: transfers.caseId,
      caseReference: cases.reference,
    })
    .from(transfers)
    .innerJoin(cases, eq(cases.id, transfers.caseId))
    .where(and(inArray(transfers.fromContactPointId, [...contactPointIds]), ne(transfers.status, 'accepted')))
    .orderBy(desc(transfers.proposedAt))
    .limit(limit)
    .all();
}

export function insertStub(db: Tx, values: typeof transferStubs.$inferInsert): TransferStub {
  return db.insert(transferStubs).values(values).returning().get();
}

export function stubsOf(db: DbOrTx, contactPointIds: readonly number[], limit = 200): TransferStub[] {
  if (!contactPointIds.length) return [];
  return db
    .select()
    .from(transferStubs)
    .where(inArray(transferStubs.contactPointId, [...contactPointIds]))
    .orderBy(desc(transferStubs.transferredAt))
    .limit(limit)
    .all();
}

export function stubOfTransfer(db: DbOrTx, transferId: number): TransferStub | undefined {
  return db.select().from(transferStubs).where(eq(transferStubs.transferId, transferId)).get();
}

/** Other cases of the same person still at a contact point (they keep the person's record there). */
export function otherCasesOfPersonAt(db: DbOrTx, personId: number, contactPointId: number, exceptCaseId: number) {
  return db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.personId, personId), eq(cases.contactPointId, contactPointId), ne(cases.id, exceptCaseId)))
    .all();
}

/** Returns the person's new version: a change like any other, so an edit form loaded before the transfer is stale. */
export function movePerson(db: Tx, personId: number, contactPointId: number, now: number): number | undefined {
  return db
    .update(people)
    .set({ contactPointId, updatedAt: now, version: nextVersion(people.version) })
    .where(eq(people.id, personId))
    .returning({ version: people.version })
    .get()?.version;
}

/** A copy of the person, and of their consent history, for the receiving contact point. */
export function copyPerson(db: Tx, personId: number, contactPointId: number, actorId: string, now: number) {
  const { id: _id, version: _version, ...person } = db.select().from(people).where(eq(people.id, personId)).get()!;
  const copy = db
    .insert(people)
    .values({ ...person, contactPointId, createdAt: now, createdBy: actorId, updatedAt: now })
    .returning()
    .get();
  for (const { id: _c, ...consent } of db.select().from(consents).where(eq(consents.personId, personId)).orderBy(consents.id).all())
    db.insert(consents).values({ ...consent, personId: copy.id }).run();
  return copy;
}


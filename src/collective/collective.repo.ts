import { and, asc, desc, eq, inArray, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import { caseParties, cases } from '../cases/cases.table.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { atVersion, nextVersion } from '../db/versions.js';
import { parties } from '../parties/parties.table.js';
import { people } from '../people/people.table.js';
import { users } from '../users/users.table.js';
import { collectiveEntries, collectiveMembers, collectiveSequences, collectives } from './collective.table.js';

export function findCollective(db: DbOrTx, id: number) {
  return db.select().from(collectives).where(eq(collectives.id, id)).get();
}

export function bumpCollectiveSequence(tx: Tx, contactPointId: number, year: number): number {
  return tx
    .insert(collectiveSequences)
    .values({ contactPointId, year, lastNumber: 1 })
    .onConflictDoUpdate({ target: [collectiveSequences.contactPointId, collectiveSequences.year], set: { lastNumber: sql`${collectiveSequences.lastNumber} + 1` } })
    .returning({ n: collectiveSequences.lastNumber })
    .get().n;
}

export function insertCollective(tx: Tx, values: typeof collectives.$inferInsert) {
  return tx.insert(collectives).values(values).returning().get();
}

export function updateCollective(tx: Tx, id: number, values: Partial<Pick<typeof collectives.$inferInsert, 'title' | 'summary' | 'status' | 'partyId'>>, expectedVersion?: number) {
  return tx
    .update(collectives)
    .set({ ...values, version: nextVersion(collectives.version) })
    .where(atVersion(eq(collectives.id, id), collectives.version, expectedVersion))
    .returning()
    .get();
}

/** The groups of some contact points, newest first, with their party and how many workers are in each now. */
export function listCollectives(db: DbOrTx, contactPointIds: readonly number[]) {
  if (!contactPointIds.length) return [];
  return db
    .select({
      id: collectives.id,
      reference: collectives.reference,
      title: collectives.title,
      status: collectives.status,
      partyName: parties.name,
      members: sql<number>`(select count(*) from collective_members m join cases c on c.id = m.case_id where m.collective_id = ${collectives.id} and m.left_at is null and c.contact_point_id = ${collectives.contactPointId})`,
    })
    .from(collectives)
    .innerJoin(parties, eq(parties.id, collectives.partyId))
    .where(inArray(collectives.contactPointId, [...contactPointIds]))
    .orderBy(desc(collectives.createdAt), desc(collectives.id))
    .all();
}

/** Every membership of a group (those who left too), each with the worker's case and name. */
export function membersOf(db: DbOrTx, collectiveId: number) {
  return db
    .select({
      memberId: collectiveMembers.id,
      caseId: cases.id,
      reference: cases.reference,
      status: cases.status,
      outcome: cases.outcome,
      currency: cases.currency,
      amountClaimedMinor: cases.amountClaimedMinor,
      amountRecoveredMinor: cases.amountRecoveredMinor,
      anonymisedAt: cases.anonymisedAt,
      name: people.name,
      alias: people.alias,
      joinedAt: collectiveMembers.joinedAt,
      leftAt: collectiveMembers.leftAt,
      leftReason: collectiveMembers.leftReason,
    })
    .from(collectiveMembers)
    .innerJoin(collectives, eq(collectives.id, collectiveMembers.collectiveId))
    // A case transferred to another desk is that desk's now: the group shows it no more (nor it the group).
    .innerJoin(cases, and(eq(cases.id, collectiveMembers.caseId), eq(cases.contactPointId, collectives.contactPointId)))
    .leftJoin(people, eq(people.id, cases.personId))
    .where(eq(collectiveMembers.collectiveId, collectiveId))
    .orderBy(asc(cases.reference), asc(collectiveMembers.id))
    .all();
}

/**
 * The memberships of a group that ended, newest first, including those of cases transferred to another desk since:
 * for those only the reference, the date and the reason (the case, and its worker, are the other desk's now).
 */
export function formerMembersOf(db: DbOrTx, collectiveId: number) {
  return db
    .select({
      memberId: collectiveMembers.id,
      caseId: cases.id,
      reference: cases.reference,
      leftAt: sql<number>`${collectiveMembers.leftAt}`,
      leftReason: collectiveMembers.leftReason,
      here: sql<number>`${cases.contactPointId} = ${collectives.contactPointId}`.mapWith(Boolean),
    })
    .from(collectiveMembers)
    .innerJoin(collectives, eq(collectives.id, collectiveMembers.collectiveId))
    .innerJoin(cases, eq(cases.id, collectiveMembers.caseId))
    .where(and(eq(collectiveMembers.collectiveId, collectiveId), isNotNull(collectiveMembers.leftAt)))
    .orderBy(desc(collectiveMembers.leftAt), desc(collectiveMembers.id))
    .all();
}

export function activeMembership(db: DbOrTx, caseId: number) {
  return db
    .select()
    .from(collectiveMembers)
    .where(and(eq(collectiveMembers.caseId, caseId), isNull(collectiveMembers.leftAt)))
    .get();
}

/** Of these cases, those already in a group. */
export function casesInAGroup(db: DbOrTx, caseIds: readonly number[]): Set<number> {
  if (!caseIds.length) return new Set();
  const rows = db
    .select({ caseId: collectiveMembers.caseId })
    .from(collectiveMembers)
    .where(and(inArray(collectiveMembers.caseId, [...caseIds]), isNull(collectiveMembers.leftAt)))
    .all();
  return new Set(rows.map((r) => r.caseId));
}

export function insertMember(tx: Tx, values: typeof collectiveMembers.$inferInsert) {
  return tx.insert(collectiveMembers).values(values).returning().get();
}

export function endMembership(tx: Tx, memberId: number, values: { leftAt: number; leftBy: string; leftReason: string }) {
  tx.update(collectiveMembers).set(values).where(eq(collectiveMembers.id, memberId)).run();
}

/** Cases of a contact point that could join a group: not closed, not in a group now, newest first. */
export function candidateCases(db: DbOrTx, contactPointId: number, limit = 200) {
  const inGroup = db.select({ id: collectiveMembers.caseId }).from(collectiveMembers).where(isNull(collectiveMembers.leftAt));
  return db
    .select({ id: cases.id, reference: cases.reference, name: people.name, alias: people.alias })
    .from(cases)
    .leftJoin(people, eq(people.id, cases.personId))
    .where(and(eq(cases.contactPointId, contactPointId), sql`${cases.status} <> 'closed'`, isNull(cases.anonymisedAt), notInArray(cases.id, inGroup)))
    .orderBy(desc(cases.openedAt), desc(cases.id))
    .limit(limit)
    .all();
}

export function insertEntry(tx: Tx, values: typeof collectiveEntries.$inferInsert) {
  return tx.insert(collectiveEntries).values(values).returning().get();
}

export function entriesOf(db: DbOrTx, collectiveId: number, limit = 100) {
  return db
    .select({ id: collectiveEntries.id, at: collectiveEntries.at, kind: collectiveEntries.kind, body: collectiveEntries.body, data: collectiveEntries.data, authorName: users.displayName })
    .from(collectiveEntries)
    .leftJoin(users, eq(users.id, collectiveEntries.userId))
    .where(eq(collectiveEntries.collectiveId, collectiveId))
    .orderBy(desc(collectiveEntries.at), desc(collectiveEntries.id))
    .limit(limit)
    .all();
}

/** Shared entries a member case shows: all of its groups' entries, up to the day it left a group it left. */
export function sharedEntriesForCase(db: DbOrTx, caseId: number, limit = 50) {
  return db
    .select({
      id: collectiveEntries.id,
      at: collectiveEntries.at,
      kind: collectiveEntries.kind,
      body: collectiveEntries.body,
      data: collectiveEntries.data,
      authorName: users.displayName,
      collectiveId: collectives.id,
      reference: collectives.reference,
      title: collectives.title,
    })
    .from(collectiveMembers)
    .innerJoin(collectives, eq(collectives.id, collectiveMembers.collectiveId))
    .innerJoin(cases, and(eq(cases.id, collectiveMembers.caseId), eq(cases.contactPointId, collectives.contactPointId)))
    .innerJoin(collectiveEntries, eq(collectiveEntries.collectiveId, collectives.id))
    .leftJoin(users, eq(users.id, collectiveEntries.userId))
    .where(and(eq(collectiveMembers.caseId, caseId), sql`(${collectiveMembers.leftAt} is null or ${collectiveEntries.at} <= ${collectiveMembers.leftAt})`))
    .orderBy(desc(collectiveEntries.at), desc(collectiveEntries.id))
    .limit(limit)
    .all();
}

/** The group a case is in now, with its party, for the case page. */
export function groupOfCase(db: DbOrTx, caseId: number) {
  return db
    .select({ id: collectives.id, reference: collectives.reference, title: collectives.title, partyId: parties.id, partyName: parties.name, partyKind: parties.kind })
    .from(collectiveMembers)
    .innerJoin(collectives, eq(collectives.id, collectiveMembers.collectiveId))
    .innerJoin(cases, and(eq(cases.id, collectiveMembers.caseId), eq(cases.contactPointId, collectives.contactPointId)))
    .innerJoin(parties, eq(parties.id, collectives.partyId))
    .where(and(eq(collectiveMembers.caseId, caseId), isNull(collectiveMembers.leftAt)))
    .get();
}

/** Group sizes (workers in each group now) for a set of cases: the supervisor's caseload shows them. */
export function groupSizesOfCases(db: DbOrTx, caseIds: readonly number[]): Map<number, { reference: string; size: number }> {
  const out = new Map<number, { reference: string; size: number }>();
  if (!caseIds.length) return out;
  const rows = db
    .select({
      caseId: collectiveMembers.caseId,
      reference: collectives.reference,
      size: sql<number>`(select count(*) from collective_members m join cases c on c.id = m.case_id where m.collective_id = ${collectives.id} and m.left_at is null and c.contact_point_id = ${collectives.contactPointId})`,
    })
    .from(collectiveMembers)
    .innerJoin(collectives, eq(collectives.id, collectiveMembers.collectiveId))
    .where(and(inArray(collectiveMembers.caseId, [...caseIds]), isNull(collectiveMembers.leftAt)))
    .all();
  for (const r of rows) out.set(r.caseId, { reference: r.reference, size: r.size });
  return out;
}

/** The names, aliases and phone digits of a contact point's people, for matching a whole sheet against them in one read. */
export function peopleKeysOf(db: DbOrTx, contactPointId: number) {
  return db
    .select({ id: people.id, name: people.name, alias: people.alias, phoneDigits: people.phoneDigits })
    .from(people)
    .where(and(eq(people.contactPointId, contactPointId), isNull(people.anonymisedAt)))
    .all();
}

/** Open cases of a desk, in no group, with the parties they name: the demo groups those against its most-named party. */
export function openCasesWithParties(db: DbOrTx, contactPointId: number) {
  const inGroup = db.select({ id: collectiveMembers.caseId }).from(collectiveMembers).where(isNull(collectiveMembers.leftAt));
  return db
    .select({ caseId: cases.id, partyId: caseParties.partyId, lastActivityAt: cases.lastActivityAt })
    .from(caseParties)
    .innerJoin(cases, eq(cases.id, caseParties.caseId))
    .where(and(eq(cases.contactPointId, contactPointId), sql`${cases.status} <> 'closed'`, isNull(cases.anonymisedAt), notInArray(cases.id, inGroup)))
    .orderBy(asc(caseParties.partyId), asc(cases.id))
    .all();
}

/** Many memberships at once (bulk intake). */
export function insertMembers(tx: Tx, values: (typeof collectiveMembers.$inferInsert)[]) {
  for (let i = 0; i < values.length; i += 200) tx.insert(collectiveMembers).values(values.slice(i, i + 200)).run();
}

/** Of these people, those still at the contact point (a duplicate offered for linking, read again inside the write). */
export function peopleAt(db: DbOrTx, contactPointId: number, ids: readonly number[]) {
  const out = new Map<number, { id: number; name: string | null; alias: string | null }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = db
      .select({ id: people.id, name: people.name, alias: people.alias })
      .from(people)
      .where(and(inArray(people.id, ids.slice(i, i + 500)), eq(people.contactPointId, contactPointId)))
      .all();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

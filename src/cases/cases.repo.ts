import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { parties } from '../parties/parties.table.js';
import { people } from '../people/people.table.js';
import { userContactPoints, users } from '../users/users.table.js';
import type { CaseType } from './catalogue.js';
import { searchRow } from './search-text.js';
import { caseEvents, caseParties, caseSequences, caseTypeLinks, cases, type CaseEvent } from './cases.table.js';
import { atVersion, nextVersion } from '../db/versions.js';

export function findCase(db: DbOrTx, id: number) {
  return db.select().from(cases).where(eq(cases.id, id)).get();
}

export function findCaseByReference(db: DbOrTx, reference: string) {
  return db.select().from(cases).where(eq(cases.reference, reference)).get();
}

/** Bumps and returns the sequence number; call inside an IMMEDIATE transaction. */
export function bumpSequence(db: Tx, contactPointId: number, year: number): number {
  const row = db
    .insert(caseSequences)
    .values({ contactPointId, year, lastNumber: 1 })
    .onConflictDoUpdate({ target: [caseSequences.contactPointId, caseSequences.year], set: { lastNumber: sql`${caseSequences.lastNumber} + 1` } })
    .returning({ n: caseSequences.lastNumber })
    .get();
  return row.n;
}

export function insertCase(db: Tx, values: typeof cases.$inferInsert) {
  return db.insert(cases).values(values).returning().get();
}

/**
 * Every change of a case makes a new version of it (src/db/versions.ts). Saved from a form loaded at
 * `expectedVersion`, nothing is written unless the case is still at that version (undefined is returned).
 */
export function updateCase(db: Tx, id: number, values: Partial<Omit<typeof cases.$inferInsert, 'version'>>, expectedVersion?: number) {
  return db
    .update(cases)
    .set({ ...values, version: nextVersion(cases.version) })
    .where(atVersion(eq(cases.id, id), cases.version, expectedVersion))
    .returning()
    .get();
}

/** Marks the case active after a timeline event: bookkeeping, not a change of the record, so no new version. */
export function touchCase(db: Tx, id: number, at: number) {
  db.update(cases).set({ lastActivityAt: at }).where(eq(cases.id, id)).run();
}

export function caseTypesOf(db: DbOrTx, caseId: number): CaseType[] {
  return db
    .select({ t: caseTypeLinks.caseType })
    .from(caseTypeLinks)
    .where(eq(caseTypeLinks.caseId, caseId))
    .all()
    .map((r) => r.t);
}

export function setCaseTypes(db: Tx, caseId: number, types: readonly CaseType[]) {
  db.delete(caseTypeLinks).where(eq(caseTypeLinks.caseId, caseId)).run();
  for (const caseType of new Set(types)) db.insert(caseTypeLinks).values({ caseId, caseType }).run();
}

export function partiesOfCase(db: DbOrTx, caseId: number) {
  return db
    .select({ id: parties.id, name: parties.name, kind: parties.kind, role: caseParties.role, address: parties.address, country: parties.country })
    .from(caseParties)
    .innerJoin(parties, eq(parties.id, caseParties.partyId))
    .where(eq(caseParties.caseId, caseId))
    .orderBy(asc(parties.name))
    .all();
}

export function insertEvent(db: Tx, values: typeof caseEvents.$inferInsert): CaseEvent {
  return db.insert(caseEvents).values(values).returning().get();
}

export function eventsOfCase(db: DbOrTx, caseId: number) {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.at), asc(caseEvents.id)).all();
}

/**
 * Rewrites the case's full-text row from its current reference, person, parties and unrestricted notes. An anonymised
 * case is found by its reference and parties only: its person may keep a record for another case (src/retention).
 */
export function refreshSearchRow(db: Tx, caseId: number) {
  const kase = findCase(db, caseId);
  if (!kase) return;
  const person =
    kase.personId && kase.anonymisedAt === null
      ? db.select({ name: people.name, alias: people.alias, phone: people.phone, handle: people.messagingHandle }).from(people).where(eq(people.id, kase.personId)).get()
      : undefined;
  const partyNames = partiesOfCase(db, caseId).map((p) => p.name);
  const notes = db
    .select({ body: caseEvents.body })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.restricted, false), sql`${caseEvents.body} is not null`))
    .all()
    .map((n) => n.body);
  const row = searchRow({ names: [person?.name, person?.alias], parties: partyNames, notes, summary: kase.summary, phone: person?.phone, handle: person?.handle });
  db.run(sql`delete from case_search where rowid = ${caseId}`);
  db.run(
    sql`insert into case_search (rowid, reference, people, parties, notes, summary, contacts) values (${caseId}, ${kase.reference}, ${row.people}, ${row.parties}, ${row.notes}, ${row.summary}, ${row.contacts})`,
  );
}

/**
 * Which restricted entries a timeline query returns: all, only those written by `authorId`, or none. The
 * policy decides (case-page.service.ts asks `can`); this only turns its answer into a condition.
 */
export type TimelineFilter = { restricted: 'all' } | { restricted: 'none' } | { restricted: 'own'; authorId: string };
/** A position in the timeline's order (newest first): entries strictly older than the entry (at, id). */
export type TimelineCursor = { at: number; id: number };

function timelineWhere(caseId: number, filter: TimelineFilter, before?: TimelineCursor) {
  return and(
    eq(caseEvents.caseId, caseId),
    filter.restricted === 'all' ? undefined : filter.restricted === 'none' ? eq(caseEvents.restricted, false) : or(eq(caseEvents.restricted, false), eq(caseEvents.userId, filter.authorId)),
    // Keyset, not OFFSET: reads only the page from case_events_case (case_id, at, and the rowid id that every
    // SQLite index ends with), however long the timeline, and an entry added meanwhile shifts nothing.
    before ? sql`(${caseEvents.at}, ${caseEvents.id}) < (${before.at}, ${before.id})` : undefined,
  );
}

/** Up to `limit` entries of the timeline, newest first (ties on `at` by id), each with its author's display name. */
export function timelineOfCase(db: DbOrTx, caseId: number, filter: TimelineFilter, page: { limit: number; before?: TimelineCursor }) {
  return db
    .select({ event: caseEvents, authorName: users.displayName })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.userId))
    .where(timelineWhere(caseId, filter, page.before))
    .orderBy(desc(caseEvents.at), desc(caseEvents.id))
    .limit(page.limit)
    .all()
    .map((r) => ({ ...r.event, authorName: r.authorName }));
}

/** How many entries of the timeline (older than `before`, when given) the filter lets through. */
export function countTimeline(db: DbOrTx, caseId: number, filter: TimelineFilter, before?: TimelineCursor): number {
  return db.select({ n: sql<number>`count(*)` }).from(caseEvents).where(timelineWhere(caseId, filter, before)).get()?.n ?? 0;
}

/** Display names of users by id (assignment events name the previous and the new counsellor). */
export function displayNamesOf(db: DbOrTx, ids: readonly string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]))
    .all();
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/** Active users linked to a contact point: the candidates for assignment (the policy picks who may work cases). */
/** The active counsellors and supervisors of a contact point: whom its cases may be assigned to. */
export function activeUsersOfContactPoint(db: DbOrTx, contactPointId: number) {
  return db
    .select({ id: users.id, displayName: users.displayName, role: users.role })
    .from(userContactPoints)
    .innerJoin(users, eq(users.id, userContactPoints.userId))
    .where(and(eq(userContactPoints.contactPointId, contactPointId), eq(users.active, true), inArray(users.role, ['counsellor', 'supervisor'])))
    .orderBy(asc(users.displayName))
    .all();
}

/** The newest status change into `status` (sending a closure request back returns to the status it came from). */
export function lastStatusChangeInto(db: DbOrTx, caseId: number, status: string) {
  return db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, 'status_change'), sql`json_extract(${caseEvents.data}, '$.to') = ${status}`))
    .orderBy(desc(caseEvents.id))
    .limit(1)
    .get();
}

/** Names of parties by id (a party_change event names the party linked or unlinked). */
export function partyNamesOf(db: DbOrTx, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ id: parties.id, name: parties.name })
    .from(parties)
    .where(inArray(parties.id, [...new Set(ids)]))
    .all();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The dashboard's "My cases": not closed, assigned to the user, at contact points the user works at, most recently active first. */
export function myActiveCases(db: DbOrTx, userId: string, contactPointIds: readonly number[], limit = 8) {
  if (contactPointIds.length === 0) return { rows: [], total: 0 };
  const where = and(eq(cases.assignedTo, userId), inArray(cases.contactPointId, [...contactPointIds]), ne(cases.status, 'closed'));
  const rows = db
    .select({ id: cases.id, reference: cases.reference, status: cases.status, priority: cases.priority, lastActivityAt: cases.lastActivityAt, name: people.name, alias: people.alias })
    .from(cases)
    .leftJoin(people, eq(people.id, cases.personId))
    .where(where)
    .orderBy(desc(cases.lastActivityAt))
    .limit(limit)
    .all();
  const total = db.select({ n: sql<number>`count(*)` }).from(cases).where(where).get()?.n ?? 0;
  return { rows, total };
}

/** The types of several cases at once, for lists: one query instead of one per row. */
export function caseTypesOfCases(db: DbOrTx, caseIds: readonly number[]): Map<number, CaseType[]> {
  const byCase = new Map<number, CaseType[]>();
  if (caseIds.length === 0) return byCase;
  for (const row of db.select().from(caseTypeLinks).where(inArray(caseTypeLinks.caseId, [...caseIds])).all())
    byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), row.caseType]);
  return byCase;
}

// ---- Many cases at once (a collective case's bulk intake): the same rows as one by one, in a few statements.

/** Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters for the widest table (cases). */
export const BULK_CHUNK = 200;

/** Bumps the sequence by `n` in one statement and returns the last number taken: the numbers are last-n+1 … last. */
export function bumpSequenceBy(db: Tx, contactPointId: number, year: number, n: number): number {
  return db
    .insert(caseSequences)
    .values({ contactPointId, year, lastNumber: n })
    .onConflictDoUpdate({ target: [caseSequences.contactPointId, caseSequences.year], set: { lastNumber: sql`${caseSequences.lastNumber} + ${n}` } })
    .returning({ n: caseSequences.lastNumber })
    .get().n;
}

/**
 * Inserts the cases and returns their ids in the order given. Within one INSERT, SQLite numbers the rows of an
 * INTEGER PRIMARY KEY in VALUES order, so the returned ids sorted are the rows' ids in order (RETURNING itself is unordered).
 */
export function insertCases(db: Tx, values: (typeof cases.$inferInsert)[]): number[] {
  const ids: number[] = [];
  for (let i = 0; i < values.length; i += BULK_CHUNK) {
    const chunk = db.insert(cases).values(values.slice(i, i + BULK_CHUNK)).returning({ id: cases.id }).all();
    ids.push(...chunk.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}

export function insertCaseTypeLinks(db: Tx, values: { caseId: number; caseType: CaseType }[]) {
  for (let i = 0; i < values.length; i += BULK_CHUNK) db.insert(caseTypeLinks).values(values.slice(i, i + BULK_CHUNK)).run();
}

export function insertEvents(db: Tx, values: (typeof caseEvents.$inferInsert)[]) {
  for (let i = 0; i < values.length; i += BULK_CHUNK) db.insert(caseEvents).values(values.slice(i, i + BULK_CHUNK)).run();
}

/** Search rows of new cases (no parties, no notes yet): what refreshSearchRow writes for them. */
export function insertSearchRows(db: Tx, rows: { caseId: number; reference: string; names: (string | null | undefined)[]; summary?: string | null; phone?: string | null; handle?: string | null }[]) {
  for (let i = 0; i < rows.length; i += BULK_CHUNK) {
    const values = rows.slice(i, i + BULK_CHUNK).map((r) => {
      const row = searchRow({ names: r.names, parties: [], notes: [], summary: r.summary, phone: r.phone, handle: r.handle });
      return sql`(${r.caseId}, ${r.reference}, ${row.people}, ${row.parties}, ${row.notes}, ${row.summary}, ${row.contacts})`;
    });
    db.run(sql`insert into case_search (rowid, reference, people, parties, notes, summary, contacts) values ${sql.join(values, sql`, `)}`);
  }
}

import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { parties } from '../parties/parties.table.js';
import { people } from '../people/people.table.js';
import type { CaseType } from './catalogue.js';
import { caseEvents, caseParties, caseSequences, caseTypeLinks, cases, type CaseEvent } from './cases.table.js';

export function findCase(db: DbOrTx, id: number) {
  return db.select().from(cases).where(eq(cases.id, id)).get();
}

export function findCaseByReference(db: DbOrTx, reference: string) {
  return db.select().from(cases).where(eq(cases.reference, reference)).get();
}

/** Bumps and returns the sequence number; call inside an IMMEDIATE transaction. */
export function bumpSequence(db: DbOrTx, contactPointId: number, year: number): number {
  const row = db
    .insert(caseSequences)
    .values({ contactPointId, year, lastNumber: 1 })
    .onConflictDoUpdate({ target: [caseSequences.contactPointId, caseSequences.year], set: { lastNumber: sql`${caseSequences.lastNumber} + 1` } })
    .returning({ n: caseSequences.lastNumber })
    .get();
  return row.n;
}

export function insertCase(db: DbOrTx, values: typeof cases.$inferInsert) {
  return db.insert(cases).values(values).returning().get();
}

export function updateCase(db: DbOrTx, id: number, values: Partial<typeof cases.$inferInsert>) {
  return db.update(cases).set(values).where(eq(cases.id, id)).returning().get();
}

export function caseTypesOf(db: DbOrTx, caseId: number): CaseType[] {
  return db
    .select({ t: caseTypeLinks.caseType })
    .from(caseTypeLinks)
    .where(eq(caseTypeLinks.caseId, caseId))
    .all()
    .map((r) => r.t);
}

export function setCaseTypes(db: DbOrTx, caseId: number, types: readonly CaseType[]) {
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

export function insertEvent(db: DbOrTx, values: typeof caseEvents.$inferInsert): CaseEvent {
  return db.insert(caseEvents).values(values).returning().get();
}

export function eventsOfCase(db: DbOrTx, caseId: number) {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.at), asc(caseEvents.id)).all();
}

/** Rewrites the case's full-text row from its current reference, person, parties and unrestricted notes. */
export function refreshSearchRow(db: DbOrTx, caseId: number) {
  const kase = findCase(db, caseId);
  if (!kase) return;
  const person = kase.personId ? db.select({ name: people.name, alias: people.alias, phone: people.phone }).from(people).where(eq(people.id, kase.personId)).get() : undefined;
  const partyNames = partiesOfCase(db, caseId).map((p) => p.name);
  const notes = db
    .select({ body: caseEvents.body })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.restricted, false), sql`${caseEvents.body} is not null`))
    .all()
    .map((n) => n.body);
  db.run(sql`delete from case_search where rowid = ${caseId}`);
  db.run(
    sql`insert into case_search (rowid, reference, people, parties, notes) values (${caseId}, ${kase.reference}, ${[person?.name, person?.alias].filter(Boolean).join(' ')}, ${partyNames.join(' ')}, ${notes.join('\n')})`,
  );
}

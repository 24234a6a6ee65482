import { caseTypesOfCases } from '../cases/cases.repo.js';
import { and, asc, count, desc, eq, getTableColumns, inArray, like, or, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { caseEvents, caseParties, cases } from '../cases/cases.table.js';
import type { PartyKind } from '../cases/catalogue.js';
import { parties, type Party } from './parties.table.js';
import { atVersion, nextVersion } from '../db/versions.js';

/** "ACME Ltd." and "Acme Ltd" are one party: compare on lower-case letters and digits only. */
export const partyNameKey = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export function findParty(db: DbOrTx, id: number): Party | undefined {
  return db.select().from(parties).where(eq(parties.id, id)).get();
}

export function insertParty(db: Tx, values: Omit<typeof parties.$inferInsert, 'nameKey'>) {
  return db
    .insert(parties)
    .values({ ...values, nameKey: partyNameKey(values.name) })
    .returning()
    .get();
}

export function linkPartyToCase(db: Tx, caseId: number, partyId: number, role: PartyKind) {
  db.insert(caseParties).values({ caseId, partyId, role }).onConflictDoUpdate({ target: [caseParties.caseId, caseParties.partyId], set: { role } }).run();
}

// ---- register, search and evidence (issue 3)

/** Legal-form words that do not tell two parties apart: "Bright Future Ltd" and "Bright Future Limited" are one. */
const legalForms = new Set(['ltd', 'limited', 'plc', 'llc', 'llp', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'gmbh', 'srl', 'sa', 'sp', 'z', 'o', 'the']);

/** The distinctive part of a name key, used to find likely duplicates. */
export const partyCoreKey = (key: string) =>
  key
    .split(' ')
    .filter((w) => w && !legalForms.has(w))
    .join(' ');

const caseCount = sql<number>`(select count(*) from ${caseParties} where ${caseParties.partyId} = ${parties.id})`.mapWith(Number);

export type PartyWithCount = Party & { caseCount: number };

/** A new version of the party (src/db/versions.ts); from a form loaded at `expectedVersion`, only if still at it. */
export function updateParty(db: Tx, id: number, values: Partial<Omit<typeof parties.$inferInsert, 'nameKey' | 'id' | 'version'>>, expectedVersion?: number) {
  const extra = values.name !== undefined ? { nameKey: partyNameKey(values.name) } : {};
  return db
    .update(parties)
    .set({ ...values, ...extra, version: nextVersion(parties.version) })
    .where(atVersion(eq(parties.id, id), parties.version, expectedVersion))
    .returning()
    .get();
}

/** Where a name key matches the search: the whole name starts with it, or one of its words does. */
function nameMatches(key: string) {
  return or(like(parties.nameKey, `${key}%`), like(parties.nameKey, `% ${key}%`));
}

/** Parties whose name (or registration number) matches what the user typed; exact and prefix matches first. */
export function searchParties(db: DbOrTx, q: string, limit = 10): PartyWithCount[] {
  const key = partyNameKey(q);
  if (!key) return [];
  return db
    .select({ ...getTableColumns(parties), caseCount })
    .from(parties)
    .where(or(nameMatches(key), eq(parties.registrationNumber, q.trim())))
    .orderBy(sql`case when ${parties.nameKey} = ${key} then 0 when ${parties.nameKey} like ${`${key}%`} then 1 else 2 end`, desc(caseCount), asc(parties.nameKey))
    .limit(limit)
    .all();
}

/**
 * Parties that are probably the one being created: the same name key, or one distinctive name that starts
 * with the other ("Bright Future Recruitment" / "Bright Future Recruitment Agency Ltd").
 */
export function likelyDuplicates(db: DbOrTx, name: string, limit = 5): PartyWithCount[] {
  const key = partyNameKey(name);
  if (!key) return [];
  const core = partyCoreKey(key) || key;
  const conditions = [eq(parties.nameKey, key), like(parties.nameKey, `${core}%`)];
  // A very short name would match half the register; only exact matches count then.
  if (core.length < 3) conditions.splice(1);
  else conditions.push(sql`length(${parties.nameKey}) >= 3 and ${core} like ${parties.nameKey} || '%'`);
  return db
    .select({ ...getTableColumns(parties), caseCount })
    .from(parties)
    .where(or(...conditions))
    .orderBy(desc(caseCount), asc(parties.nameKey))
    .limit(limit)
    .all();
}

export type PartyListOptions = { q: string; sort: 'cases' | 'name' | 'recent'; limit: number; offset: number };

/** The register with how many cases name each party; most named first by default. */
export function listParties(db: DbOrTx, opts: PartyListOptions): { rows: PartyWithCount[]; total: number } {
  const key = partyNameKey(opts.q);
  const where = key ? or(nameMatches(key), eq(parties.registrationNumber, opts.q.trim())) : undefined;
  const order = opts.sort === 'name' ? [asc(parties.nameKey)] : opts.sort === 'recent' ? [desc(parties.createdAt), desc(parties.id)] : [desc(caseCount), asc(parties.nameKey)];
  const rows = db
    .select({ ...getTableColumns(parties), caseCount })
    .from(parties)
    .where(where)
    .orderBy(...order)
    .limit(opts.limit)
    .offset(opts.offset)
    .all();
  const [row] = db.select({ n: count() }).from(parties).where(where).all();
  return { rows, total: row?.n ?? 0 };
}

/** How many cases name the party, across every contact point of the deployment. */
export function countCasesNamingParty(db: DbOrTx, partyId: number): number {
  const [row] = db.select({ n: count() }).from(caseParties).where(eq(caseParties.partyId, partyId)).all();
  return row?.n ?? 0;
}

/** Per contact point, how many cases name the party (numbers only: they identify no one). */
export function countCasesNamingPartyByContactPoint(db: DbOrTx, partyId: number) {
  return db
    .select({ contactPointId: cases.contactPointId, n: count() })
    .from(caseParties)
    .innerJoin(cases, eq(cases.id, caseParties.caseId))
    .where(eq(caseParties.partyId, partyId))
    .groupBy(cases.contactPointId)
    .all();
}

/** The cases of the given contact points that name the party, newest first, with their types. */
export function casesNamingParty(db: DbOrTx, partyId: number, contactPointIds: readonly number[], limit = 200) {
  if (contactPointIds.length === 0) return [];
  const rows = db
    .select({
      id: cases.id,
      reference: cases.reference,
      contactPointId: cases.contactPointId,
      status: cases.status,
      openedAt: cases.openedAt,
      closedAt: cases.closedAt,
      sector: cases.sector,
      role: caseParties.role,
    })
    .from(caseParties)
    .innerJoin(cases, eq(cases.id, caseParties.caseId))
    .where(and(eq(caseParties.partyId, partyId), inArray(cases.contactPointId, [...contactPointIds])))
    .orderBy(desc(cases.openedAt), desc(cases.id))
    .limit(limit)
    .all();
  const types = caseTypesOfCases(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, caseTypes: types.get(r.id) ?? [] }));
}

export function findCaseParty(db: DbOrTx, caseId: number, partyId: number) {
  return db
    .select()
    .from(caseParties)
    .where(and(eq(caseParties.caseId, caseId), eq(caseParties.partyId, partyId)))
    .get();
}

export function unlinkPartyFromCase(db: Tx, caseId: number, partyId: number) {
  db.delete(caseParties)
    .where(and(eq(caseParties.caseId, caseId), eq(caseParties.partyId, partyId)))
    .run();
}

export function caseIdsNamingParty(db: DbOrTx, partyId: number): number[] {
  return db
    .select({ id: caseParties.caseId })
    .from(caseParties)
    .where(eq(caseParties.partyId, partyId))
    .all()
    .map((r) => r.id);
}

/** The latest link or removal of a party on a case (its timeline event): what an undo of the removal starts from. */
export function lastPartyChange(db: DbOrTx, caseId: number, partyId: number) {
  return db
    .select({ id: caseEvents.id, at: caseEvents.at, userId: caseEvents.userId, data: caseEvents.data })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, 'party_change'), sql`json_extract(${caseEvents.data}, '$.partyId') = ${partyId}`))
    .orderBy(desc(caseEvents.at), desc(caseEvents.id))
    .limit(1)
    .get();
}

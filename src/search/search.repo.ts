import { and, eq, getTableColumns, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { caseParties, cases } from '../cases/cases.table.js';
import { parties } from '../parties/parties.table.js';
import { people } from '../people/people.table.js';

/**
 * The people of the given contact points whose cases' search rows match: case_search holds every case's person
 * (name, alias, phone keys, handle), so a person is found through the index, never by reading every person. An
 * anonymised case names no one, so it leads to no person. The unary + keeps the contact point index out of the plan:
 * the matches drive the query, each joined to its case by id.
 */
export function matchingPersonIds(db: DbOrTx, contactPointIds: readonly number[], match: string, limit: number): number[] {
  if (!contactPointIds.length || !match) return [];
  const cps = sql.join(
    contactPointIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return db
    .all<{ id: number }>(
      sql`select distinct ${cases.personId} as id from ${cases}
          where ${cases.id} in (select rowid from case_search where case_search match ${match})
            and +${cases.contactPointId} in (${cps}) and ${cases.anonymisedAt} is null and ${cases.personId} is not null
          limit ${limit}`,
    )
    .map((r) => r.id);
}

export type PersonResult = { id: number; contactPointId: number; name: string | null; alias: string | null; phone: string | null; anonymisedAt: number | null; caseCount: number };

export function peopleByIds(db: DbOrTx, ids: readonly number[]): PersonResult[] {
  if (!ids.length) return [];
  return db
    .select({
      id: people.id,
      contactPointId: people.contactPointId,
      name: people.name,
      alias: people.alias,
      phone: people.phone,
      anonymisedAt: people.anonymisedAt,
      caseCount: sql<number>`(select count(*) from cases as c where c.person_id = "people"."id")`.mapWith(Number),
    })
    .from(people)
    .where(inArray(people.id, [...ids]))
    .all();
}

/** The summaries of a page of cases (the case list reads none), blank for an anonymised case. */
export function summariesOf(db: DbOrTx, ids: readonly number[]): Map<number, string> {
  if (!ids.length) return new Map();
  const rows = db
    .select({ id: cases.id, summary: cases.summary })
    .from(cases)
    .where(and(inArray(cases.id, [...ids]), isNull(cases.anonymisedAt)))
    .all();
  return new Map(rows.map((r) => [r.id, r.summary]));
}

const caseCount = sql<number>`(select count(*) from ${caseParties} where ${caseParties.partyId} = ${parties.id})`.mapWith(Number);

/**
 * Parties whose name key starts with the key (a range on the name key index, which a bound GLOB or LIKE pattern does
 * not always get) or whose registration number is the term (its own index).
 */
export function matchingParties(db: DbOrTx, key: string, registrationNumber: string, limit: number) {
  if (!key && !registrationNumber) return [];
  const conditions = [key ? and(gte(parties.nameKey, key), lt(parties.nameKey, `${key}\u{10FFFF}`)) : undefined, registrationNumber ? eq(parties.registrationNumber, registrationNumber) : undefined].filter(
    (c) => c !== undefined,
  );
  return db
    .select({ ...getTableColumns(parties), caseCount })
    .from(parties)
    .where(or(...conditions))
    // No ORDER BY: sorting by name would read the whole name index; the few rows found are sorted by the caller.
    .limit(limit)
    .all();
}

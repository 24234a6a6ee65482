import { and, asc, eq } from 'drizzle-orm';
import { caseParties } from '../cases/cases.table.js';
import type { DbOrTx } from '../db/client.js';
import { deadlines } from '../deadlines/deadlines.table.js';
import { parties } from '../parties/parties.table.js';

/** The parties of a case with everything a letter's recipient block and party details need. */
export function partiesForLetter(db: DbOrTx, caseId: number) {
  return db
    .select({
      id: parties.id,
      name: parties.name,
      role: caseParties.role,
      address: parties.address,
      country: parties.country,
      sector: parties.sector,
      registrationNumber: parties.registrationNumber,
    })
    .from(caseParties)
    .innerJoin(parties, eq(parties.id, caseParties.partyId))
    .where(eq(caseParties.caseId, caseId))
    .orderBy(asc(parties.id))
    .all();
}

export type LetterParty = ReturnType<typeof partiesForLetter>[number];

/** Open deadlines of a case, soonest first: the worker's summary lists them. */
export function openDeadlinesForLetter(db: DbOrTx, caseId: number) {
  return db
    .select({ title: deadlines.title, dueDate: deadlines.dueDate })
    .from(deadlines)
    .where(and(eq(deadlines.caseId, caseId), eq(deadlines.status, 'open')))
    .orderBy(asc(deadlines.dueDate), asc(deadlines.id))
    .all();
}

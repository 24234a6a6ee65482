import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { caseParties } from '../cases/cases.table.js';
import type { PartyKind } from '../cases/catalogue.js';
import { parties, type Party } from './parties.table.js';

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

export function insertParty(db: DbOrTx, values: Omit<typeof parties.$inferInsert, 'nameKey'>) {
  return db
    .insert(parties)
    .values({ ...values, nameKey: partyNameKey(values.name) })
    .returning()
    .get();
}

export function linkPartyToCase(db: DbOrTx, caseId: number, partyId: number, role: PartyKind) {
  db.insert(caseParties).values({ caseId, partyId, role }).onConflictDoUpdate({ target: [caseParties.caseId, caseParties.partyId], set: { role } }).run();
}

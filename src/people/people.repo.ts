import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { consents, people, type Person } from './people.table.js';

export const phoneDigits = (phone: string | null | undefined) => (phone ? phone.replace(/\D/g, '') || null : null);

export function findPerson(db: DbOrTx, id: number): Person | undefined {
  return db.select().from(people).where(eq(people.id, id)).get();
}

export function insertPerson(db: DbOrTx, values: Omit<typeof people.$inferInsert, 'phoneDigits'>) {
  return db
    .insert(people)
    .values({ ...values, phoneDigits: phoneDigits(values.phone) })
    .returning()
    .get();
}

export function updatePerson(db: DbOrTx, id: number, values: Partial<Omit<typeof people.$inferInsert, 'phoneDigits'>>) {
  const extra = 'phone' in values ? { phoneDigits: phoneDigits(values.phone) } : {};
  return db
    .update(people)
    .set({ ...values, ...extra })
    .where(eq(people.id, id))
    .returning()
    .get();
}

export function insertConsent(db: DbOrTx, values: typeof consents.$inferInsert) {
  return db.insert(consents).values(values).returning().get();
}

/** The consent in force: the newest record. */
export function currentConsent(db: DbOrTx, personId: number) {
  return db.select().from(consents).where(eq(consents.personId, personId)).orderBy(desc(consents.id)).limit(1).get();
}

export function consentHistory(db: DbOrTx, personId: number) {
  return db.select().from(consents).where(eq(consents.personId, personId)).orderBy(desc(consents.id)).all();
}

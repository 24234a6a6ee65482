import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { contactPointHolidays } from './contact-points.table.js';

/** A contact point's local holidays, by date. */
export function localHolidaysOf(db: DbOrTx, contactPointId: number) {
  return db.select().from(contactPointHolidays).where(eq(contactPointHolidays.contactPointId, contactPointId)).orderBy(asc(contactPointHolidays.date)).all();
}

export function findLocalHoliday(db: DbOrTx, contactPointId: number, id: number) {
  return db
    .select()
    .from(contactPointHolidays)
    .where(and(eq(contactPointHolidays.contactPointId, contactPointId), eq(contactPointHolidays.id, id)))
    .get();
}

export function findLocalHolidayOn(db: DbOrTx, contactPointId: number, date: string) {
  return db
    .select()
    .from(contactPointHolidays)
    .where(and(eq(contactPointHolidays.contactPointId, contactPointId), eq(contactPointHolidays.date, date)))
    .get();
}

export function insertLocalHoliday(db: Tx, values: typeof contactPointHolidays.$inferInsert) {
  return db.insert(contactPointHolidays).values(values).returning().get();
}

export function deleteLocalHoliday(db: Tx, id: number): void {
  db.delete(contactPointHolidays).where(eq(contactPointHolidays.id, id)).run();
}

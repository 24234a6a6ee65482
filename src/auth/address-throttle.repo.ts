import { eq, lte } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { loginAddressThrottle } from './address-throttle.table.js';

export function getAddressThrottle(db: DbOrTx, address: string) {
  return db.select().from(loginAddressThrottle).where(eq(loginAddressThrottle.address, address)).get();
}

export function saveAddressThrottle(db: Tx, address: string, failures: number, windowStart: number) {
  db.insert(loginAddressThrottle)
    .values({ address, failures, windowStart })
    .onConflictDoUpdate({ target: loginAddressThrottle.address, set: { failures, windowStart } })
    .run();
}

/** Forgets the addresses whose window started at or before `startedBy` (their count no longer matters). */
export function deleteEndedAddressThrottles(db: Tx, startedBy: number) {
  db.delete(loginAddressThrottle).where(lte(loginAddressThrottle.windowStart, startedBy)).run();
}

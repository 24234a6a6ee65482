import type { DbOrTx, Tx } from '../db/client.js';
import * as repo from './address-throttle.repo.js';

/**
 * The sign-in limit per client address (issue 12, item 9). Only failures count — a wrong password, an unknown or
 * disabled account — never a successful sign-in, and a success does not wipe the count (else one valid account
 * would let its holder guess at the others). This many failures within the window, counted from the first,
 * refuse every sign-in from the address, right password or not, for the rest of the window.
 *
 * 30: an office of forty whose people mistype now and then stays far below it, while one address gets at most 30
 * guesses per quarter hour across all accounts (each account also locks after 5: auth.service.ts).
 *
 * Kept in the database, next to the per-account count, and written in the same unit as the failure's audit entry,
 * so it costs no write of its own; it survives a restart and would hold across processes on one file (a deployment
 * runs one process, docs/deploy.md, but nothing here depends on it).
 */
export const ADDRESS_MAX_FAILURES = 30;
export const ADDRESS_WINDOW_MS = 15 * 60 * 1000;

export function addressThrottled(db: DbOrTx, address: string, now: number): boolean {
  const t = repo.getAddressThrottle(db, address);
  return !!t && t.failures >= ADDRESS_MAX_FAILURES && now - t.windowStart < ADDRESS_WINDOW_MS;
}

/** Counts a failed sign-in from `address`, inside the failure's write unit. */
export function noteAddressFailure(tx: Tx, address: string, now: number) {
  const t = repo.getAddressThrottle(tx, address);
  if (!t || now - t.windowStart >= ADDRESS_WINDOW_MS) {
    repo.deleteEndedAddressThrottles(tx, now - ADDRESS_WINDOW_MS);
    repo.saveAddressThrottle(tx, address, 1, now);
  } else repo.saveAddressThrottle(tx, address, t.failures + 1, t.windowStart);
}

import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Failed sign-ins per client address (issue 12): only failures count, so the forty colleagues of an office behind one
 * address all sign in at nine, while guessing from that address is still slowed. A row whose window has ended is
 * deleted by the next failure from anywhere.
 */
export const loginAddressThrottle = sqliteTable(
  'login_address_throttle',
  {
    address: text('address').primaryKey(),
    failures: integer('failures').notNull(),
    windowStart: integer('window_start').notNull(),
  },
  (t) => [index('login_address_throttle_window').on(t.windowStart)],
);

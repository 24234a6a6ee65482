import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { partyKinds, sectors } from '../cases/catalogue.js';
import { users } from '../users/users.table.js';
import { versionColumn } from '../db/versions.js';

/** Employers, agencies, labour providers, landlords: shared by every case and contact point, so repeat abusers show. */
export const parties = sqliteTable(
  'parties',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** Lower-cased, punctuation-free name for matching "ACME Ltd." with "Acme Ltd". */
    nameKey: text('name_key').notNull(),
    kind: text('kind', { enum: partyKinds }).notNull(),
    country: text('country'),
    sector: text('sector', { enum: sectors }),
    registrationNumber: text('registration_number'),
    address: text('address'),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').references(() => users.id),
    version: versionColumn(),
  },
  (t) => [index('parties_name_key').on(t.nameKey), index('parties_registration_number').on(t.registrationNumber)],
);

export type Party = typeof parties.$inferSelect;

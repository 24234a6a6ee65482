import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { versionColumn } from '../db/versions.js';

export const contactPoints = sqliteTable('contact_points', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  unionName: text('union_name').notNull(),
  /** ISO 3166-1 alpha-2. */
  country: text('country').notNull(),
  city: text('city').notNull(),
  address: text('address').notNull().default(''),
  email: text('email').notNull().default(''),
  phone: text('phone').notNull().default(''),
  languages: text('languages', { mode: 'json' }).$type<string[]>().notNull(),
  services: text('services', { mode: 'json' }).$type<string[]>().notNull(),
  timezone: text('timezone').notNull(),
  /**
   * ISO 3166-2 region whose public holidays and law apply (DE-BY, ES-MD, AU-NSW, US-CA); null: the country as a whole.
   * A case may override it (cases.jurisdiction_region).
   */
  region: text('region'),
  /** The language (one of the UI's) that new accounts of this contact point start in, and the sign-in page offers first. */
  defaultLocale: text('default_locale').notNull().default('en'),
  /** Case reference prefix, e.g. LDN in LDN-2026-00042. */
  refPrefix: text('ref_prefix').notNull().unique(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
  version: versionColumn(),
});

export type ContactPoint = typeof contactPoints.$inferSelect;

/**
 * A contact point's own local holidays (a city's patron saint): not business days for the rules that count local
 * holidays (Spain's "días hábiles" exclude the local holidays of the court's seat). One row per day.
 */
export const contactPointHolidays = sqliteTable(
  'contact_point_holidays',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactPointId: integer('contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
    date: text('date').notNull(),
    name: text('name').notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by'),
  },
  (t) => [uniqueIndex('contact_point_holidays_day').on(t.contactPointId, t.date)],
);

export type ContactPointHoliday = typeof contactPointHolidays.$inferSelect;

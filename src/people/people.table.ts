import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { anonymisationReasons, consentScopes, immigrationStatuses, type ConsentScope, type SafetyFlag } from '../cases/catalogue.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import { users } from '../users/users.table.js';
import { versionColumn } from '../db/versions.js';

/** The worker. Many give no legal name: `name` or `alias` (or both) is recorded. */
export const people = sqliteTable(
  'people',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactPointId: integer('contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
    name: text('name'),
    alias: text('alias'),
    preferredLanguage: text('preferred_language').notNull().default('en'),
    /** Every language the person reads or speaks, as ISO 639 codes, the preferred one first ([] when unknown). */
    languages: text('languages', { mode: 'json' }).$type<string[]>().notNull().default([]),
    interpreterNeeded: integer('interpreter_needed', { mode: 'boolean' }).notNull().default(false),
    phone: text('phone'),
    /** Digits only, for duplicate detection and search regardless of how the number was typed. */
    phoneDigits: text('phone_digits'),
    messagingHandle: text('messaging_handle'),
    /** ISO 3166-1 alpha-2. */
    nationality: text('nationality'),
    gender: text('gender'),
    birthYear: integer('birth_year'),
    birthDate: text('birth_date'),
    immigrationStatus: text('immigration_status', { enum: immigrationStatuses }).notNull().default('unknown'),
    visaType: text('visa_type'),
    visaExpiry: text('visa_expiry'),
    unionName: text('union_name'),
    unionNumber: text('union_number'),
    unionSince: text('union_since'),
    safetyFlags: text('safety_flags', { mode: 'json' }).$type<SafetyFlag[]>().notNull().default([]),
    safetyNote: text('safety_note'),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').references(() => users.id),
    updatedAt: integer('updated_at').notNull(),
    version: versionColumn(),
    /** When the identifying fields were cleared, and why (src/retention): all their cases' retention ended, or erasure. */
    anonymisedAt: integer('anonymised_at'),
    anonymisedFor: text('anonymised_for', { enum: anonymisationReasons }),
  },
  (t) => [index('people_cp_name').on(t.contactPointId, t.name), index('people_cp_alias').on(t.contactPointId, t.alias), index('people_cp_phone').on(t.contactPointId, t.phoneDigits)],
);

/** Consent is a history: each record says what the person agreed to, when, and who recorded it. The newest applies. */
export const consents = sqliteTable(
  'consents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    givenOn: text('given_on').notNull(),
    recordedBy: text('recorded_by')
      .notNull()
      .references(() => users.id),
    scopes: text('scopes', { mode: 'json' }).$type<ConsentScope[]>().notNull(),
    note: text('note'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('consents_person').on(t.personId, t.id)],
);

export type Person = typeof people.$inferSelect;
export type Consent = typeof consents.$inferSelect;
export { consentScopes };

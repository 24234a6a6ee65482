import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../users/users.table.js';
import { versionColumn } from '../db/versions.js';

/** DESIGN §2: the kinds of organisation a contact point hands parts of a case to. */
export const partnerKinds = [
  'immigration_advice',
  'legal_aid',
  'labour_inspectorate',
  'womens_crisis_centre',
  'shelter',
  'health',
  'union_abroad',
  'recruitment_complaints',
] as const;
export type PartnerKind = (typeof partnerKinds)[number];

/** The partner directory: kept by administrators, read by everyone signed in. Holds no data about workers. */
export const partners = sqliteTable(
  'partners',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: partnerKinds }).notNull(),
    /** ISO 3166-1 alpha-2. */
    country: text('country').notNull(),
    city: text('city').notNull().default(''),
    /** BCP 47 tags of the languages the partner works in. */
    languages: text('languages', { mode: 'json' }).$type<string[]>().notNull(),
    services: text('services', { mode: 'json' }).$type<string[]>().notNull(),
    /** The person or team referrals go to ("For the attention of …"). */
    contactName: text('contact_name').notNull().default(''),
    /** Secure contact: where referrals may be sent without exposing a worker. */
    email: text('email').notNull().default(''),
    phone: text('phone').notNull().default(''),
    address: text('address').notNull().default(''),
    notes: text('notes').notNull().default(''),
    /** An inactive partner stays on old referrals but cannot receive new ones. */
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').references(() => users.id),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by').references(() => users.id),
    version: versionColumn(),
  },
  (t) => [index('partners_country_kind').on(t.country, t.kind, t.active), index('partners_name').on(t.name)],
);

export type Partner = typeof partners.$inferSelect;

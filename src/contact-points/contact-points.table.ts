import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
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
  /** Case reference prefix, e.g. LDN in LDN-2026-00042. */
  refPrefix: text('ref_prefix').notNull().unique(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
  version: versionColumn(),
});

export type ContactPoint = typeof contactPoints.$inferSelect;

import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { caseTypes } from '../cases/catalogue.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import { versionColumn } from '../db/versions.js';
import { people } from '../people/people.table.js';
import { users } from '../users/users.table.js';

/**
 * An administrator's retention period for closed cases of one type. A type without a row keeps its default
 * (retention.data.ts, where each default says why). Metadata only: nothing here is about a case.
 */
export const retentionPeriods = sqliteTable('retention_periods', {
  caseType: text('case_type', { enum: caseTypes }).primaryKey(),
  months: integer('months').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by').references(() => users.id),
  version: versionColumn(),
});

/**
 * A person's data erased on request (GDPR art. 17): who decided, when, why. The reason is the supervisor's
 * account of the request ("asked in person on 3 December"), which the form asks not to name the person.
 */
export const erasures = sqliteTable(
  'erasures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    contactPointId: integer('contact_point_id')
      .notNull()
      .references(() => contactPoints.id),
    reason: text('reason').notNull(),
    caseCount: integer('case_count').notNull(),
    erasedAt: integer('erased_at').notNull(),
    erasedBy: text('erased_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('erasures_person').on(t.personId)],
);

/** One row per run of the retention job (daily in the server, or `npm run retention`): what it did, in counts. */
export const retentionRuns = sqliteTable('retention_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** The app clock's time when it started. */
  at: integer('at').notNull(),
  cases: integer('cases').notNull(),
  people: integer('people').notNull(),
  /** Cases whose period had ended but that stay because of a legal hold. */
  held: integer('held').notNull(),
  /** Whether the write-ahead log could be overwritten afterwards (src/retention/scrub.repo.ts). */
  walScrubbed: integer('wal_scrubbed', { mode: 'boolean' }).notNull(),
  source: text('source', { enum: ['schedule', 'cli'] }).notNull(),
});

/**
 * Scratch space for overwriting the write-ahead log after an erasure (scrub.repo.ts): old page images in the -wal
 * file keep erased values until new frames cover them. Empty between scrubs.
 */
export const walScrub = sqliteTable('wal_scrub', {
  id: integer('id').primaryKey(),
  filler: blob('filler', { mode: 'buffer' }).$type<Buffer>().notNull(),
});

export type RetentionPeriodRow = typeof retentionPeriods.$inferSelect;
export type RetentionRun = typeof retentionRuns.$inferSelect;

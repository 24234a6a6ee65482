import { and, eq, sql, type SQL } from 'drizzle-orm';
import { integer, type SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * Every editable record carries a version (DESIGN §4: two people editing the same record never lose an update
 * silently). It starts at 1 and every UPDATE of the row adds one in the same statement, so an edit form loaded
 * before any change to the record — an edit, a status move, a reassignment — is recognisably stale.
 */
export const versionColumn = () => integer('version').notNull().default(1);

/** `version = version + 1`, for the SET of every update of a versioned row. */
export const nextVersion = (column: SQLiteColumn) => sql<number>`${column} + 1`;

/** `id = ? AND version = ?` when the caller saves from a form loaded at `expected`; `id = ?` alone otherwise. */
export function atVersion(idCondition: SQL, column: SQLiteColumn, expected: number | undefined): SQL {
  return expected === undefined ? idCondition : and(idCondition, eq(column, expected))!;
}

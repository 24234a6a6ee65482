import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/** The database has migrations that this build does not have: it was migrated by a newer (or another) version. */
export class UnknownMigrationsError extends Error {
  constructor(
    readonly count: number,
    /** When the newest unknown migration was generated (drizzle's journal time, ms since the epoch). */
    readonly newest: number,
  ) {
    super(`the database has ${count} migration(s) this version does not know`);
    this.name = 'UnknownMigrationsError';
  }
}

/**
 * drizzle's migrator only compares the newest migration time, so on a database migrated by a newer
 * release it would apply nothing and let this older code run against a schema it does not know.
 * Refuse instead, before anything is written.
 */
export function refuseUnknownMigrations(sqlite: Database.Database, migrationsFolder: string): void {
  const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!table) return;
  const known = new Set(readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis));
  const applied = (sqlite.prepare('select created_at as at from __drizzle_migrations').all() as { at: number | string }[]).map((r) => Number(r.at));
  const unknown = applied.filter((at) => !known.has(at));
  if (unknown.length > 0) throw new UnknownMigrationsError(unknown.length, Math.max(...unknown));
}

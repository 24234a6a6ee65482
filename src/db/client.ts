import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrationsDir } from '../paths.js';
import { refuseUnknownMigrations } from './migration-check.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle; repositories accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/**
 * `mkdir -p` by hand: Node's recursive mkdirSync spins at 100% CPU for ever where mkdir answers ENOENT
 * under a folder that exists (/proc), and a bad DATABASE_PATH must fail, not hang.
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d) && !missing.includes(d); d = dirname(d)) missing.unshift(d);
  for (const d of missing) mkdirSync(d);
}

export function openDatabase(path: string): Db {
  if (path !== ':memory:') makeFolders(dirname(path));
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a write acknowledged to a counsellor survives a power cut (DESIGN §3).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Deleted and overwritten content is zeroed, not left in free space: an erased name (GDPR art. 17) must not stay
  // readable in the file. It costs a write of each page freed, which this app's few deletes can afford.
  sqlite.pragma('secure_delete = ON');
  // Never wait for another process's lock here: SQLite's wait would block the event loop, and with it every
  // request. Writes wait for the lock asynchronously instead (write.ts); reads in WAL mode do not need it.
  sqlite.pragma('busy_timeout = 0');
  return drizzle(sqlite, { schema }) as Db;
}

/** Before the server listens nothing else is waiting, so migrations may block until another process's lock frees. */
export function migrateDatabase(db: Db): void {
  refuseUnknownMigrations(db.$client, migrationsDir);
  db.$client.pragma('busy_timeout = 5000');
  try {
    migrate(db, { migrationsFolder: migrationsDir });
  } finally {
    db.$client.pragma('busy_timeout = 0');
  }
}

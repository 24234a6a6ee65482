import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { migrateDatabase, openDatabase, type Db } from './db/client.js';
import { UnknownMigrationsError } from './db/migration-check.js';

/**
 * A problem at start that the operator can fix, said in one line that names what is wrong and how to fix
 * it. The process then exits 1, without a stack trace (DESIGN §4).
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

const WRITABLE_EXAMPLE = 'e.g. /var/lib/uniondesk/uniondesk.sqlite';

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest existing ancestor of `path`, when it is a file rather than a folder. */
function fileInTheWay(path: string): string | undefined {
  for (let d = dirname(path); ; d = dirname(d)) {
    if (existsSync(d)) return isFolder(d) ? undefined : d;
    if (dirname(d) === d) return undefined;
  }
}

function writeProblem(folder: string): string | undefined {
  try {
    accessSync(folder, constants.W_OK);
    return undefined;
  } catch (error) {
    return codeOf(error) === 'EROFS' ? 'is on a read-only file system' : 'is not writable by this user';
  }
}

/** One line for what went wrong opening or migrating the database at `path`, or undefined for a problem we do not recognise. */
export function describeDatabaseProblem(error: unknown, path: string): string | undefined {
  const at = `DATABASE_PATH ${path}`;
  const folder = dirname(resolve(path));
  const code = codeOf(error);
  if (error instanceof UnknownMigrationsError) {
    const newest = new Date(error.newest).toISOString().slice(0, 10);
    return `${at}: the database was migrated by a newer UnionDesk (${error.count} migration(s) this version does not know, the newest from ${newest}). Run that newer version, or restore a backup taken before the upgrade.`;
  }
  if (isFolder(path)) return `${at}: this is a folder, not a file. Set DATABASE_PATH to a file inside it, e.g. ${join(path, 'uniondesk.sqlite')}.`;
  const file = fileInTheWay(path);
  if (file) return `${at}: ${file} is a file, not a folder. Set DATABASE_PATH to a file in a folder this user can write, ${WRITABLE_EXAMPLE}.`;
  // mkdir of a missing folder failed (fs errors carry the folder as `path`).
  if ((error as NodeJS.ErrnoException | null)?.syscall === 'mkdir') {
    const missing = (error as NodeJS.ErrnoException).path ?? folder;
    return `${at}: cannot create the folder ${missing} (${code}). Create it, or set DATABASE_PATH to a file in a folder this user can write, ${WRITABLE_EXAMPLE}.`;
  }
  if (!(error instanceof Database.SqliteError)) return undefined;
  if (code === 'SQLITE_NOTADB')
    return `${at}: this file is not a SQLite database. Set DATABASE_PATH to the UnionDesk database file, or to a new file name to start an empty one.`;
  if (code?.startsWith('SQLITE_CORRUPT'))
    return `${at}: the database file is damaged (${code}). Keep a copy of it for diagnosis, then restore the latest backup (docs/deploy.md).`;
  if (code?.startsWith('SQLITE_CANTOPEN') || code?.startsWith('SQLITE_READONLY') || code?.startsWith('SQLITE_PERM')) {
    const why = writeProblem(folder);
    const reason = why ? `the folder ${folder} ${why}` : 'this user may not create or write files there';
    return `${at}: cannot open the database for writing: ${reason} (${code}). SQLite also writes ${path}-wal and ${path}-shm beside it; give this user write access to the folder, or set DATABASE_PATH to a file in a writable folder, ${WRITABLE_EXAMPLE}.`;
  }
  if (code?.startsWith('SQLITE_FULL')) return `${at}: the disk is full (${code}). Free space on the disk that holds ${folder}, then start again.`;
  return `${at}: SQLite cannot use the database: ${error.message} (${code}).`;
}

/** One line for a failed listen, or undefined for a problem we do not recognise. */
export function describeListenProblem(error: unknown, host: string, port: number): string | undefined {
  const at = `Cannot listen on ${host}:${port}`;
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return `${at}: the port is already in use. Stop the program that uses it, or set PORT to a free port.`;
    case 'EACCES':
      return `${at}: permission denied (ports below 1024 need privileges). Set PORT to 1024 or above and put a reverse proxy in front (docs/deploy.md).`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${at}: this machine has no address ${host}. Set HOST to one of its addresses, e.g. 127.0.0.1, or 0.0.0.0 for all.`;
    default:
      return undefined;
  }
}

/** Opens and migrates the database, turning a problem the operator can fix into a StartupError. */
export function openMigratedDatabase(path: string): Db {
  let db: Db | undefined;
  try {
    db = openDatabase(path);
    migrateDatabase(db);
    return db;
  } catch (error) {
    db?.$client.close();
    const problem = describeDatabaseProblem(error, path);
    throw problem ? new StartupError(problem, { cause: error }) : error;
  }
}

/** Prints a StartupError's one line and exits 1; anything else is a bug and keeps its stack trace. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof StartupError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

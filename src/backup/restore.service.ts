/**
 * Restoring an archive into DATABASE_PATH of a stopped UnionDesk (npm run restore). Nothing is touched until the
 * archive has passed every check: it decrypts (its tag matches), every member matches its SHA-256, the database passes
 * integrity_check and holds the rows its manifest lists, and it has no migration this build does not know.
 *
 * "Is UnionDesk running?" is asked of SQLite's own file locks, not of a pid file: a connection in WAL mode holds a
 * shared lock on the database file for as long as it is open, so opening it here with locking_mode=EXCLUSIVE fails
 * with SQLITE_BUSY while a server (or a sqlite3 session, or Litestream) has it open. The kernel drops those locks when a
 * process dies, so a server killed with -9 leaves nothing that blocks a restore, as a stale pid file would (and a
 * reused pid would make a pid file lie). The lock is then held through the checks, so no server can start meanwhile.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { ArchiveContentError, DATABASE_MEMBER, EVIDENCE_PREFIX, readArchive, sha256OfFile, syncFolder, type Manifest } from './archive.js';
import { removeLeftovers, stampOf } from './backup.service.js';
import { inspectDatabaseFile } from './snapshot.js';

export class RestoreError extends Error {
  constructor(
    readonly kind: 'inUse' | 'noArchive' | 'integrity' | 'counts' | 'newerSchema',
    readonly params: Record<string, string | number> = {},
  ) {
    super(kind);
    this.name = 'RestoreError';
  }
}

type Guard = { close(): void; damaged: string | null };

/** The SQLite file's inode is locked by some process (Linux /proc/locks); null where that cannot be told. */
function lockedByAnyProcess(path: string): boolean | null {
  try {
    const { ino } = statSync(path);
    return readFileSync('/proc/locks', 'utf8')
      .split('\n')
      .some((line) => line.split(/\s+/).some((field) => field.endsWith(`:${ino}`)));
  } catch {
    return null;
  }
}

/** Takes the database for this process alone, or throws RestoreError('inUse'). */
function holdDatabase(path: string): Guard {
  const sqlite = new Database(path, { fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 0');
    sqlite.pragma('locking_mode = EXCLUSIVE');
    // The first read takes the lock (and reads page 1).
    sqlite.pragma('schema_version');
    return { close: () => sqlite.open && sqlite.close(), damaged: null };
  } catch (error) {
    sqlite.close();
    const code = String((error as { code?: unknown }).code ?? '');
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw new RestoreError('inUse', { path });
    // A file SQLite cannot read cannot be served either; where the kernel can say, still make sure nobody has it open.
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
      if (lockedByAnyProcess(path)) throw new RestoreError('inUse', { path });
      return { close: () => {}, damaged: code };
    }
    throw error;
  }
}

export type RestoreResult = {
  manifest: Manifest;
  encrypted: boolean;
  databasePath: string;
  /** Where the database it replaced is kept (null: there was none). */
  replacedAs: string | null;
  /** The replaced database could not be read (its code); it was moved with its -wal as it was. */
  replacedDamaged: string | null;
  evidenceReplacedAs: string | null;
  evidenceFiles: number;
  ms: number;
};

export async function restoreBackup(opts: { archive: string; databasePath: string; dataDir: string; key: Buffer | undefined; migrationsDir: string; now: number }): Promise<RestoreResult> {
  const t0 = performance.now();
  const { databasePath } = opts;
  if (!existsSync(opts.archive) || !statSync(opts.archive).isFile()) throw new RestoreError('noArchive', { file: opts.archive });
  const dbDir = dirname(databasePath);
  await mkdir(dbDir, { recursive: true });
  const guard = existsSync(databasePath) ? holdDatabase(databasePath) : null;
  let staging: string | undefined;
  try {
    await removeLeftovers(dbDir);
    staging = await mkdtemp(join(dbDir, `.uniondesk-restore-${process.pid}-`));

    // 1. Check everything, touching nothing outside the staging folder.
    const { manifest, encrypted } = await readArchive(opts.archive, opts.key, staging);
    // What reached the disk, not only what was read: a short write would otherwise go unnoticed.
    for (const member of manifest.members) {
      const onDisk = await sha256OfFile(join(staging, ...member.path.split('/')));
      if (onDisk.sha256 !== member.sha256) throw new ArchiveContentError('checksum', member.path);
    }
    const staged = join(staging, DATABASE_MEMBER);
    const inspection = await inspectDatabaseFile(staged);
    if (inspection.integrity.length !== 1 || inspection.integrity[0] !== 'ok') throw new RestoreError('integrity', { file: opts.archive });
    for (const table of new Set([...Object.keys(manifest.database.tables), ...Object.keys(inspection.tables)]))
      if (inspection.tables[table] !== manifest.database.tables[table]) throw new RestoreError('counts', { file: opts.archive, table });
    const known = new Set(readMigrationFiles({ migrationsFolder: opts.migrationsDir }).map((m) => m.folderMillis));
    const unknown = inspection.migrations.filter((at) => !known.has(at));
    if (unknown.length) throw new RestoreError('newerSchema', { file: opts.archive, count: unknown.length });
    if (manifest.database.member !== DATABASE_MEMBER) throw new ArchiveContentError('badManifest');

    // 2. Swap. Closing the exclusive connection folds the -wal into the file (the last connection checkpoints).
    const stamp = stampOf(opts.now);
    let replacedAs: string | null = null;
    let mode = 0o600;
    let owner: { uid: number; gid: number } | null = null;
    if (guard) {
      const before = await stat(databasePath);
      mode = before.mode & 0o777;
      owner = { uid: before.uid, gid: before.gid };
      guard.close();
      replacedAs = `${databasePath}.replaced-${stamp}`;
      await rename(databasePath, replacedAs);
      if (existsSync(`${databasePath}-wal`)) await rename(`${databasePath}-wal`, `${replacedAs}-wal`);
      // The -shm is an index of the -wal that any connection rebuilds; with no connection open it holds nothing.
      await rm(`${databasePath}-shm`, { force: true });
    }
    await chmod(staged, mode);
    // Run as root (sudo npm run restore), the file would otherwise belong to root, and the server's user could not open it.
    if (owner && process.getuid?.() === 0) await chown(staged, owner.uid, owner.gid);
    await rename(staged, databasePath);
    await syncFolder(dbDir);

    // 3. The evidence files, when the archive has them: the folder there now is kept aside, never merged or deleted.
    const evidence = manifest.members.filter((m) => m.path.startsWith(EVIDENCE_PREFIX));
    let evidenceReplacedAs: string | null = null;
    if (evidence.length) {
      const target = join(opts.dataDir, 'evidence');
      await mkdir(opts.dataDir, { recursive: true });
      if (existsSync(target)) {
        evidenceReplacedAs = `${target}.replaced-${stamp}`;
        await rename(target, evidenceReplacedAs);
      }
      await rename(join(staging, 'evidence'), target).catch(async (error: NodeJS.ErrnoException) => {
        // DATA_DIR on another file system than the database.
        if (error.code !== 'EXDEV') throw error;
        await cp(join(staging!, 'evidence'), target, { recursive: true });
      });
    }
    return {
      manifest,
      encrypted,
      databasePath,
      replacedAs,
      replacedDamaged: guard?.damaged ?? null,
      evidenceReplacedAs,
      evidenceFiles: evidence.length,
      ms: performance.now() - t0,
    };
  } finally {
    guard?.close();
    if (staging) await rm(staging, { recursive: true, force: true });
  }
}

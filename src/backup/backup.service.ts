/**
 * Taking a backup (docs/deploy.md "Backups and restore"): a consistent copy of the live database (snapshot.ts), checked
 * (integrity_check, rows per table), packed with the evidence files and a manifest into one time-stamped archive
 * (archive.ts; encrypted with the key when one is set), read back and checked again, then the oldest archives beyond
 * the last N are deleted. The plaintext copy is staged beside the database, never in the backup folder, which may be
 * a mounted share: only the finished (encrypted) archive goes there.
 */
import { link, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import type { Db } from '../db/client.js';
import { write } from '../db/write.js';
import { rootDir } from '../paths.js';
import { DATABASE_MEMBER, EVIDENCE_PREFIX, FORMAT, FORMAT_VERSION, MANIFEST, readArchive, sha256OfFile, writeArchive, type Manifest, type Member } from './archive.js';
import { insertBackupRun } from './backup.repo.js';
import type { backupTriggers } from './backup.table.js';
import { copyDatabase, inspectDatabaseFile, InspectionError, totalRows, type CopyStats } from './snapshot.js';

export const failureReasons = ['diskFull', 'notWritable', 'folder', 'integrity', 'busy', 'interrupted', 'readBack', 'failed'] as const;
export type FailureReason = (typeof failureReasons)[number];

/** A failed backup, as far as it may be told: a reason and an error code, never a message that could quote data. */
export class BackupError extends Error {
  constructor(
    readonly reason: FailureReason,
    readonly detail?: string,
  ) {
    super(detail ? `${reason} (${detail})` : reason);
    this.name = 'BackupError';
  }
}

export function backupErrorOf(error: unknown): BackupError {
  if (error instanceof BackupError) return error;
  if ((error as Error | null)?.name === 'AbortError') return new BackupError('interrupted');
  const code = String((error as { code?: unknown } | null)?.code ?? '') || undefined;
  const reason: FailureReason =
    code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL'
      ? 'diskFull'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code?.startsWith('SQLITE_READONLY') || code?.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM'
        ? 'notWritable'
        : code === 'ENOENT' || code === 'ENOTDIR' || code === 'EEXIST'
          ? 'folder'
          : code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')
            ? 'busy'
            : code?.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'
              ? 'integrity'
              : 'failed';
  return new BackupError(reason, code ?? (error as Error | null)?.name);
}

export const appVersion = (() => {
  let version: string | undefined;
  return async () => (version ??= (JSON.parse(await readFile(join(rootDir, 'package.json'), 'utf8')) as { version: string }).version);
})();

// ---------------------------------------------------------------- names

const ARCHIVE_NAME = /^uniondesk-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar(\.enc)?$/;

/** 20261124T100000Z: the UTC moment of the copy, as archive names and replaced files carry it. */
export const stampOf = (now: number) => new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');

function archiveName(stamp: string, seq: number, encrypted: boolean) {
  return `uniondesk-${stamp}${seq > 1 ? `-${seq}` : ''}.tar${encrypted ? '.enc' : ''}`;
}

/** The next free name for a copy made at `now` (two copies in one second get -2, -3 …). */
function freeName(dir: string, now: number, encrypted: boolean): string {
  const stamp = stampOf(now);
  for (let seq = 1; ; seq += 1) {
    if (!existsSync(join(dir, archiveName(stamp, seq, false))) && !existsSync(join(dir, archiveName(stamp, seq, true)))) return archiveName(stamp, seq, encrypted);
  }
}

/** The archives in `dir`, newest first. Files of other names are never touched. */
export async function listArchives(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => ARCHIVE_NAME.test(n));
  const key = (n: string) => {
    const [, stamp, seq] = ARCHIVE_NAME.exec(n)!;
    return `${stamp}-${String(Number(seq ?? 1)).padStart(6, '0')}`;
  };
  return names.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
}

/** Deletes the archives beyond the newest `keep`; returns their names. */
export async function rotateArchives(dir: string, keep: number): Promise<string[]> {
  const old = (await listArchives(dir)).slice(keep);
  for (const name of old) await unlink(join(dir, name));
  return old;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Staging folders and partial archives of a backup or restore whose process died (kill -9, power cut). */
export async function removeLeftovers(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^\.uniondesk-(?:backup|restore)-(\d+)-/.exec(name) ?? /^\.uniondesk-.*\.(\d+)\.partial$/.exec(name);
    if (m && Number(m[1]) !== process.pid && !pidAlive(Number(m[1]))) await rm(join(dir, name), { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- files beside the database

/**
 * Puts the files below `from` into `to` as hard links (a copy across file systems): the archive then holds exactly the
 * files that were there after the database was copied, whatever is added or deleted meanwhile. Returns the archive
 * paths. Only regular files and folders are taken; a symbolic link could point anywhere.
 */
async function stageFolder(from: string, to: string, prefix: string): Promise<string[]> {
  if (!existsSync(from)) return [];
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const src = join(dir, entry.name);
      const rel = relative(from, src).split(sep).join(posix.sep);
      const dest = join(to, rel);
      if (entry.isDirectory()) {
        await mkdir(dest, { recursive: true, mode: 0o700 });
        await walk(src);
      } else if (entry.isFile()) {
        await mkdir(dirname(dest), { recursive: true, mode: 0o700 });
        await link(src, dest).catch(() => copyFile(src, dest));
        out.push(prefix + rel);
      }
    }
  };
  await walk(from);
  return out.sort();
}

// ---------------------------------------------------------------- the backup

export type BackupInput = {
  /** The connection to copy: the app's own in the server; the command's own in npm run backup. */
  db: Db;
  databasePath: string;
  dataDir: string;
  outDir: string;
  key: Buffer | undefined;
  keep: number;
  /** The moment of the copy: its name and manifest carry it. */
  now: number;
  /** One step (a separate process) or small steps on the serving connection (snapshot.ts). */
  wholeAtOnce: boolean;
  signal?: AbortSignal;
};

export type BackupResult = {
  file: string;
  fileName: string;
  bytes: number;
  encrypted: boolean;
  manifest: Manifest;
  rows: number;
  tables: number;
  removed: string[];
  copy: CopyStats;
  /** Wall time of the steps (monotonic clock), for the log and the command's report. */
  ms: { copy: number; check: number; archive: number; total: number };
};

export async function takeBackup(input: BackupInput): Promise<BackupResult> {
  const t0 = performance.now();
  const { signal } = input;
  try {
    await mkdir(input.outDir, { recursive: true, mode: 0o700 });
    const dbDir = dirname(input.databasePath);
    await removeLeftovers(dbDir);
    await removeLeftovers(input.outDir);
    const staging = await mkdtemp(join(dbDir, `.uniondesk-backup-${process.pid}-`));
    try {
      const dbCopy = join(staging, DATABASE_MEMBER);
      const copy = await copyDatabase(input.db.$client, dbCopy, { wholeAtOnce: input.wholeAtOnce, signal });
      const t1 = performance.now();
      const inspection = await inspectDatabaseFile(dbCopy).catch((error: unknown) => {
        throw error instanceof InspectionError ? backupErrorOf(error) : error;
      });
      if (inspection.integrity.length !== 1 || inspection.integrity[0] !== 'ok') throw new BackupError('integrity', 'SQLITE_CORRUPT');
      signal?.throwIfAborted();
      const t2 = performance.now();

      const evidence = await stageFolder(join(input.dataDir, 'evidence'), join(staging, 'evidence'), EVIDENCE_PREFIX);
      const members: Member[] = [];
      for (const path of [DATABASE_MEMBER, ...evidence]) members.push({ path, ...(await sha256OfFile(join(staging, ...path.split('/')))) });
      const manifest: Manifest = {
        format: FORMAT,
        formatVersion: FORMAT_VERSION,
        appVersion: await appVersion(),
        createdAt: new Date(input.now).toISOString(),
        database: {
          member: DATABASE_MEMBER,
          migrations: inspection.migrations.length,
          newestMigration: inspection.migrations.length ? Math.max(...inspection.migrations) : null,
          integrity: 'ok',
          tables: inspection.tables,
          rows: totalRows(inspection.tables),
        },
        members,
      };
      await writeFile(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });

      const fileName = freeName(input.outDir, input.now, !!input.key);
      const file = join(input.outDir, fileName);
      await writeArchive({ cwd: staging, members: members.map((m) => m.path), dest: file, key: input.key, signal });
      // Read back what was written, with the key: an archive that does not open is not a backup.
      try {
        const back = await readArchive(file, input.key);
        if (back.manifest.createdAt !== manifest.createdAt) throw new Error('another archive');
      } catch {
        await unlink(file).catch(() => {});
        throw new BackupError('readBack');
      }
      const bytes = (await stat(file)).size;
      const removed = await rotateArchives(input.outDir, input.keep);
      const t3 = performance.now();
      return {
        file,
        fileName,
        bytes,
        encrypted: !!input.key,
        manifest,
        rows: manifest.database.rows,
        tables: Object.keys(manifest.database.tables).length,
        removed,
        copy,
        ms: { copy: t1 - t0, check: t2 - t1, archive: t3 - t2, total: t3 - t0 },
      };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  } catch (error) {
    throw backupErrorOf(error);
  }
}

/** Notes a backup's outcome for the Backups page. Recording is bookkeeping: it waits for the lock like any write. */
export async function recordBackup(
  db: Db,
  run: { startedAt: number; finishedAt: number; trigger: (typeof backupTriggers)[number] },
  outcome: { ok: true; result: BackupResult } | { ok: false; error: BackupError },
): Promise<void> {
  await write(db, (tx) =>
    insertBackupRun(
      tx,
      outcome.ok
        ? {
            ...run,
            ok: true,
            fileName: outcome.result.fileName,
            byteSize: outcome.result.bytes,
            rowCount: outcome.result.rows,
            tableCount: outcome.result.tables,
            encrypted: outcome.result.encrypted,
          }
        : { ...run, ok: false, reason: outcome.error.reason, detail: outcome.error.detail ?? null },
    ),
  );
}

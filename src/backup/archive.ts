/**
 * The backup archive: one tar (encrypted when a key is set, encryption.ts) holding
 *   manifest.json      first: what the archive holds and how to check it (Manifest below)
 *   uniondesk.sqlite   the consistent copy of the database
 *   evidence/…         the files of DATA_DIR/evidence, when that folder exists
 * Any folder of files can be added as one more prefix; the reader accepts regular files under known prefixes only.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { create as createTar, Parser, type ReadEntry } from 'tar';
import { ArchiveCryptoError, openArchive, writeEncrypted, writePlain } from './encryption.js';

export const MANIFEST = 'manifest.json';
export const DATABASE_MEMBER = 'uniondesk.sqlite';
export const EVIDENCE_PREFIX = 'evidence/';
export const FORMAT = 'uniondesk-backup';
export const FORMAT_VERSION = 1;

export type Member = { path: string; bytes: number; sha256: string };

export type Manifest = {
  format: typeof FORMAT;
  formatVersion: number;
  appVersion: string;
  /** ISO time of the copy (UTC). */
  createdAt: string;
  database: {
    member: string;
    /** Applied drizzle migrations: how many, and the created_at of the newest (ms since the epoch). */
    migrations: number;
    newestMigration: number | null;
    integrity: 'ok';
    tables: Record<string, number>;
    rows: number;
  };
  /** Every member except the manifest, with its size and SHA-256. */
  members: Member[];
};

/** The archive is not what it says it is: a member's hash, the member list, the manifest, or the tar itself. */
export class ArchiveContentError extends Error {
  constructor(
    readonly kind: 'notBackup' | 'unreadable' | 'badManifest' | 'unexpectedMember' | 'missingMember' | 'checksum' | 'newerFormat',
    readonly member?: string,
  ) {
    super(member ? `${kind}: ${member}` : kind);
    this.name = 'ArchiveContentError';
  }
}

export async function sha256OfFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Writes the tar of `members` (paths relative to `cwd`, `manifest.json` first) to `dest`: first to a hidden partial
 * file beside it, flushed, then renamed, so a file with the archive's name is always a whole archive.
 */
export async function writeArchive(opts: { cwd: string; members: string[]; dest: string; key: Buffer | undefined; signal?: AbortSignal }): Promise<number> {
  const partial = join(dirname(opts.dest), `.${posix.basename(opts.dest)}.${process.pid}.partial`);
  const tar = createTar({ cwd: opts.cwd, portable: true, noDirRecurse: true, strict: true }, [MANIFEST, ...opts.members]) as unknown as Readable;
  try {
    if (opts.key) await writeEncrypted(tar, partial, opts.key, opts.signal);
    else await writePlain(tar, partial, opts.signal);
    await rename(partial, opts.dest);
  } catch (error) {
    await unlink(partial).catch(() => {});
    throw error;
  }
  await syncFolder(dirname(opts.dest));
  return (await sha256OfFile(opts.dest)).bytes;
}

/** Makes a rename in `dir` durable. */
export async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A member name this format knows: no absolute path, no `..`, nothing outside the known names and prefixes. */
function acceptable(path: string): boolean {
  if (path === MANIFEST || path === DATABASE_MEMBER) return true;
  if (!path.startsWith(EVIDENCE_PREFIX) || path.includes('\\') || path.includes('\0')) return false;
  const parts = path.split('/');
  return parts.every((p) => p !== '' && p !== '.' && p !== '..');
}

const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

function parseManifest(text: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    throw new ArchiveContentError('badManifest');
  }
  if (m?.format !== FORMAT || !Array.isArray(m.members) || typeof m.database?.member !== 'string' || typeof m.database.tables !== 'object')
    throw new ArchiveContentError('badManifest');
  if (typeof m.formatVersion !== 'number' || m.formatVersion > FORMAT_VERSION) throw new ArchiveContentError('newerFormat');
  return m;
}

/**
 * Reads an archive from start to end, checking every member against the manifest (which must come first) and, for an
 * encrypted archive, its authentication tag. With `into`, the members are written below that folder as they are read;
 * nothing written there may be used unless this resolves. Throws ArchiveCryptoError or ArchiveContentError.
 */
export async function readArchive(path: string, key: Buffer | undefined, into?: string): Promise<{ manifest: Manifest; encrypted: boolean }> {
  const archive = await openArchive(path, key);
  let manifest: Manifest | undefined;
  const seen = new Map<string, Member>();
  const pending: Promise<void>[] = [];
  const parser = new Parser({ strict: true });
  let failure: unknown;
  // Settles every wait below once something failed: a stopped stream never ends, and its parser never finishes.
  let stopWaiting: (error: unknown) => void = () => {};
  const stopped = new Promise<never>((_resolve, reject) => (stopWaiting = reject));
  stopped.catch(() => {});
  const fail = (error: unknown) => {
    if (failure) return;
    failure = error;
    archive.stream.unpipe();
    if (archive.encrypted && !(error instanceof ArchiveCryptoError) && !(error as NodeJS.ErrnoException).syscall) {
      // Read on to the end: only the tag tells an archive changed since it was made from one that was made wrong.
      archive.stream.resume();
      archive.done.then(
        () => stopWaiting(failure),
        () => stopWaiting((failure = new ArchiveCryptoError('tampered'))),
      );
      return;
    }
    archive.close();
    stopWaiting(failure);
  };

  parser.on('entry', (entry: ReadEntry) => {
    const name = entry.path;
    if (failure) return entry.resume();
    if ((entry.type !== 'File' && entry.type !== 'OldFile') || !acceptable(name) || seen.has(name) || (name === MANIFEST) !== !manifest) {
      fail(manifest || name !== MANIFEST ? new ArchiveContentError(manifest ? 'unexpectedMember' : 'notBackup', name) : new ArchiveContentError('badManifest'));
      return entry.resume();
    }
    if (name === MANIFEST) {
      if ((entry.size ?? 0) > MAX_MANIFEST_BYTES) {
        fail(new ArchiveContentError('badManifest'));
        return entry.resume();
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        try {
          manifest = parseManifest(Buffer.concat(chunks).toString('utf8'));
        } catch (error) {
          fail(error);
        }
      });
      return;
    }
    if (!manifest?.members.some((m) => m.path === name)) {
      fail(new ArchiveContentError('unexpectedMember', name));
      return entry.resume();
    }
    const hash = createHash('sha256');
    let bytes = 0;
    // The file is opened before the first byte flows: the entry starts emitting as soon as it has a reader.
    let sink: WriteStream | undefined;
    if (into) {
      const target = join(into, ...name.split('/'));
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      sink = createWriteStream(target, { flags: 'wx', mode: 0o600 });
    }
    const written = sink
      ? new Promise<void>((resolve, reject) => sink.once('close', resolve).once('error', reject))
      : Promise.resolve();
    const read = new Promise<void>((resolve, reject) => {
      entry.once('end', () => {
        seen.set(name, { path: name, bytes, sha256: hash.digest('hex') });
        resolve();
      });
      entry.once('error', reject);
    });
    pending.push(Promise.all([read, written]).then(() => undefined, fail));
    // One reader that hashes and writes: a 'data' listener and a pipe side by side would each see only part of it.
    entry.on('data', (c: Buffer) => {
      hash.update(c);
      bytes += c.length;
      if (sink && !sink.write(c)) {
        entry.pause();
        sink.once('drain', () => entry.resume());
      }
    });
    if (sink) entry.once('end', () => sink.end());
  });

  const parsed = new Promise<void>((resolve, reject) => {
    parser.once('end', resolve);
    // Every error, not only the first: a parser fed a broken stream keeps finding more.
    parser.on('error', reject);
    // A failed read or tag check stops the data, and the parser would wait for its end for ever.
    archive.done.catch(reject);
  });
  archive.stream.pipe(parser as unknown as NodeJS.WritableStream);
  try {
    await Promise.race([parsed, stopped]);
    await Promise.race([Promise.all(pending), stopped]);
    await Promise.race([archive.done, stopped]);
  } catch (error) {
    fail(error);
    // An encrypted archive is read to its end first, to tell which failure it was.
    await stopped.catch(() => {});
  }
  if (failure) {
    archive.close();
    // A tar the parser gives up on (cut short, overwritten): not something this format wrote.
    if ((failure as { tarCode?: unknown }).tarCode) throw new ArchiveContentError(manifest ? 'unreadable' : 'notBackup');
    throw failure;
  }
  if (!manifest) throw new ArchiveContentError('notBackup');
  for (const expected of manifest.members) {
    const got = seen.get(expected.path);
    if (!got) throw new ArchiveContentError('missingMember', expected.path);
    if (got.sha256 !== expected.sha256 || got.bytes !== expected.bytes) throw new ArchiveContentError('checksum', expected.path);
  }
  if (!manifest.members.some((m) => m.path === manifest!.database.member)) throw new ArchiveContentError('missingMember', manifest.database.member);
  return { manifest, encrypted: archive.encrypted };
}

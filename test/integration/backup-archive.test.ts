/**
 * The archive reader against archives this format never writes: it refuses them in words (and ends: a refusal that
 * waits for ever would leave the command hanging), and writes nothing outside the folder it extracts into.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { create } from 'tar';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveContentError, readArchive } from '../../src/backup/archive.js';
import { writeEncrypted, writePlain } from '../../src/backup/encryption.js';

const KEY = Buffer.alloc(32, 5);
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** An archive of the files in `files` (written in that order), with a manifest listing `listed`. */
async function archive(opts: { files: Record<string, string>; listed: string[]; manifestFirst?: boolean; encrypted?: boolean; extra?: (cwd: string) => string[]; preservePaths?: boolean }) {
  const cwd = join(dir, `src-${Math.random().toString(36).slice(2)}`);
  mkdirSync(cwd);
  for (const [name, text] of Object.entries(opts.files)) {
    mkdirSync(join(cwd, name, '..'), { recursive: true });
    writeFileSync(join(cwd, name), text);
  }
  const manifest = {
    format: 'uniondesk-backup',
    formatVersion: 1,
    appVersion: '0.1.0',
    createdAt: '2026-11-24T10:00:00.000Z',
    database: { member: 'uniondesk.sqlite', migrations: 0, newestMigration: null, integrity: 'ok', tables: {}, rows: 0 },
    members: opts.listed.map((path) => ({ path, bytes: Buffer.byteLength(opts.files[path] ?? ''), sha256: sha(opts.files[path] ?? '') })),
  };
  writeFileSync(join(cwd, 'manifest.json'), JSON.stringify(manifest));
  const names = [...Object.keys(opts.files), ...(opts.extra?.(cwd) ?? [])];
  const members = opts.manifestFirst === false ? [...names, 'manifest.json'] : ['manifest.json', ...names];
  const tar = create({ cwd, portable: true, noDirRecurse: true, preservePaths: opts.preservePaths ?? false }, members) as unknown as Readable;
  const file = join(dir, `a-${Math.random().toString(36).slice(2)}.tar${opts.encrypted ? '.enc' : ''}`);
  if (opts.encrypted) await writeEncrypted(tar, file, KEY);
  else await writePlain(tar, file);
  return file;
}

const refusal = async (file: string, key?: Buffer, into?: string) => {
  try {
    await readArchive(file, key, into);
  } catch (error) {
    return error instanceof ArchiveContentError ? `${error.kind}${error.member ? `: ${error.member}` : ''}` : `${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'accepted';
};

describe('the archive reader', () => {
  it('accepts what the format writes, plain and encrypted', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uniondesk-archive-'));
    const files = { 'uniondesk.sqlite': 'the database', 'evidence/a/b.enc': 'sealed' };
    const listed = Object.keys(files);
    expect(await refusal(await archive({ files, listed }))).toBe('accepted');
    expect(await refusal(await archive({ files, listed, encrypted: true }), KEY)).toBe('accepted');
  });

  it('refuses a member its manifest does not list, also inside an authentic encrypted archive (not "changed")', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uniondesk-archive-'));
    const files = { 'uniondesk.sqlite': 'the database', 'evidence/extra.enc': 'not listed' };
    expect(await refusal(await archive({ files, listed: ['uniondesk.sqlite'] }))).toBe('unexpectedMember: evidence/extra.enc');
    expect(await refusal(await archive({ files, listed: ['uniondesk.sqlite'], encrypted: true }), KEY)).toBe('unexpectedMember: evidence/extra.enc');
  });

  it('refuses a manifest that does not come first, a name outside the known ones, a symbolic link, and a way out of the folder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uniondesk-archive-'));
    const db = { 'uniondesk.sqlite': 'the database' };
    expect(await refusal(await archive({ files: db, listed: ['uniondesk.sqlite'], manifestFirst: false }))).toBe('notBackup: uniondesk.sqlite');
    expect(await refusal(await archive({ files: { ...db, 'notes.txt': 'x' }, listed: ['uniondesk.sqlite', 'notes.txt'] }))).toBe('unexpectedMember: notes.txt');
    const linked = await archive({
      files: db,
      listed: ['uniondesk.sqlite'],
      extra: (cwd) => (mkdirSync(join(cwd, 'evidence')), symlinkSync('/etc/passwd', join(cwd, 'evidence', 'link')), ['evidence/link']),
    });
    const into = join(dir, 'into');
    mkdirSync(into);
    expect(await refusal(linked, undefined, into)).toBe('unexpectedMember: evidence/link');
    expect(existsSync(join(into, 'evidence', 'link'))).toBe(false);

    const outside = join(dir, 'escaped.txt');
    const escaping = await archive({ files: db, listed: ['uniondesk.sqlite'], preservePaths: true, extra: () => (writeFileSync(outside, 'out'), [join('..', 'escaped.txt')]) });
    rmSync(outside);
    expect(await refusal(escaping, undefined, into)).toBe('unexpectedMember: ../escaped.txt');
    expect(existsSync(outside)).toBe(false);
    expect(readdirSync(dir).filter((n) => n === 'escaped.txt')).toEqual([]);
  });

  it('refuses an archive without a member its manifest lists', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uniondesk-archive-'));
    const file = await archive({ files: { 'uniondesk.sqlite': 'the database' }, listed: ['uniondesk.sqlite', 'evidence/gone.enc'] });
    expect(await refusal(file)).toBe('missingMember: evidence/gone.enc');
  });
});
